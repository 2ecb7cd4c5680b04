package dev.braintrust.spring.boot.trace;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * What an integration knows about a model call before it is made. Immutable; build it
 * with {@link #builder(String, String, LlmOperation)}.
 *
 * @param integration the name of the integration that observed the call ({@code openai},
 * {@code anthropic}, {@code spring-ai}, ...); selects the content-capture setting
 * @param provider the {@code gen_ai.provider.name} ({@code openai}, {@code anthropic},
 * {@code aws.bedrock}, ...)
 * @param operation the operation
 * @param model the requested model, if known
 * @param parameters the request parameters under their snake_case wire names
 * ({@code temperature}, {@code top_p}, {@code max_tokens}, {@code stop}, {@code top_k},
 * {@code seed}, {@code frequency_penalty}, {@code presence_penalty}, {@code n}, ...);
 * values are strings, numbers, booleans, lists or maps of those. All of them go to
 * {@code braintrust.metadata}; the known ones also become typed {@code gen_ai.request.*}
 * attributes
 * @param stream whether the response is streamed
 * @param messages the input messages of a chat call
 * @param tools the tools offered to the model
 * @param input the input of a non-chat operation: the list of texts of an embeddings
 * call, the arguments JSON string of a tool execution; a JSON-like value (string, number,
 * boolean, list, map)
 * @param toolName the tool name of an {@code execute_tool} operation
 * @param toolCallId the tool call id of an {@code execute_tool} operation
 * @param serverAddress the host the call is sent to, if known
 * @param serverPort the port the call is sent to, if known
 * @param displayName the span's name as Braintrust shows it
 * ({@code braintrust.span_attributes}' {@code name}): the name Braintrust's
 * instrumentation guide gives the call ({@code Chat Completion},
 * {@code anthropic.messages.create}, ...); null for the default, the tool's name for a
 * tool execution, else the span's name
 * @param shape the shape in which {@code braintrust.input_json} and
 * {@code braintrust.output_json} are written
 * @param conversationId the conversation (session, thread) the call belongs to
 * ({@code gen_ai.conversation.id}), if known
 * @param spanType the Braintrust span type of the call
 * ({@code braintrust.span_attributes}' {@code type}), or null for the operation's
 * ({@link LlmOperation#spanType()})
 */
public record LlmRequest(String integration, String provider, LlmOperation operation, @Nullable String model,
		Map<String, Object> parameters, boolean stream, List<ChatMessage> messages, List<ToolDefinition> tools,
		@Nullable Object input, @Nullable String toolName, @Nullable String toolCallId, @Nullable String serverAddress,
		@Nullable Integer serverPort, @Nullable String displayName, ContentShape shape, @Nullable String conversationId,
		@Nullable String spanType) {

	public LlmRequest {
		Objects.requireNonNull(integration, "integration");
		Objects.requireNonNull(provider, "provider");
		Objects.requireNonNull(operation, "operation");
		shape = (shape != null) ? shape : ContentShape.CHAT;
		parameters = (parameters == null || parameters.isEmpty()) ? Map.of()
				: Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
		messages = (messages != null) ? List.copyOf(messages) : List.of();
		tools = (tools != null) ? List.copyOf(tools) : List.of();
	}

	/**
	 * A request of the operation's span type.
	 * @param integration the integration
	 * @param provider the provider
	 * @param operation the operation
	 * @param model the model
	 * @param parameters the request parameters
	 * @param stream whether the response is streamed
	 * @param messages the input messages
	 * @param tools the tools
	 * @param input the input of a non-chat operation
	 * @param toolName the tool name
	 * @param toolCallId the tool call id
	 * @param serverAddress the server host
	 * @param serverPort the server port
	 * @param displayName the span's name as Braintrust shows it
	 * @param shape the shape of the content documents
	 * @param conversationId the conversation id
	 */
	public LlmRequest(String integration, String provider, LlmOperation operation, @Nullable String model,
			Map<String, Object> parameters, boolean stream, List<ChatMessage> messages, List<ToolDefinition> tools,
			@Nullable Object input, @Nullable String toolName, @Nullable String toolCallId,
			@Nullable String serverAddress, @Nullable Integer serverPort, @Nullable String displayName,
			ContentShape shape, @Nullable String conversationId) {
		this(integration, provider, operation, model, parameters, stream, messages, tools, input, toolName, toolCallId,
				serverAddress, serverPort, displayName, shape, conversationId, null);
	}

	/**
	 * A request in the chat shape, without a display name or a conversation.
	 * @param integration the integration
	 * @param provider the provider
	 * @param operation the operation
	 * @param model the model
	 * @param parameters the request parameters
	 * @param stream whether the response is streamed
	 * @param messages the input messages
	 * @param tools the tools
	 * @param input the input of a non-chat operation
	 * @param toolName the tool name
	 * @param toolCallId the tool call id
	 * @param serverAddress the server host
	 * @param serverPort the server port
	 */
	public LlmRequest(String integration, String provider, LlmOperation operation, @Nullable String model,
			Map<String, Object> parameters, boolean stream, List<ChatMessage> messages, List<ToolDefinition> tools,
			@Nullable Object input, @Nullable String toolName, @Nullable String toolCallId,
			@Nullable String serverAddress, @Nullable Integer serverPort) {
		this(integration, provider, operation, model, parameters, stream, messages, tools, input, toolName, toolCallId,
				serverAddress, serverPort, null, ContentShape.CHAT, null, null);
	}

	/**
	 * This request without its content: no messages, no input, tools without their
	 * descriptions and schemas. What a call keeps while it runs when its content is not
	 * captured.
	 * @return the request without content
	 */
	public LlmRequest withoutContent() {
		if (this.messages.isEmpty() && this.input == null && this.tools.isEmpty()) {
			return this;
		}
		List<ToolDefinition> names = new ArrayList<>(this.tools.size());
		for (ToolDefinition tool : this.tools) {
			names.add(new ToolDefinition(tool.name(), null, null));
		}
		return new LlmRequest(this.integration, this.provider, this.operation, this.model, this.parameters, this.stream,
				List.of(), names, null, this.toolName, this.toolCallId, this.serverAddress, this.serverPort,
				this.displayName, this.shape, this.conversationId, this.spanType);
	}

	/**
	 * This request in a conversation.
	 * @param conversationId the conversation id ({@code gen_ai.conversation.id}), or null
	 * @return the request with that conversation id
	 */
	public LlmRequest withConversationId(@Nullable String conversationId) {
		if (Objects.equals(conversationId, this.conversationId)) {
			return this;
		}
		return new LlmRequest(this.integration, this.provider, this.operation, this.model, this.parameters, this.stream,
				this.messages, this.tools, this.input, this.toolName, this.toolCallId, this.serverAddress,
				this.serverPort, this.displayName, this.shape, conversationId, this.spanType);
	}

	/**
	 * Start building a request.
	 * @param integration the integration name
	 * @param provider the provider name
	 * @param operation the operation
	 * @return a builder
	 */
	public static Builder builder(String integration, String provider, LlmOperation operation) {
		return new Builder(integration, provider, operation);
	}

	/**
	 * Builder of {@link LlmRequest}. Not thread-safe.
	 */
	public static final class Builder {

		private final String integration;

		private final String provider;

		private final LlmOperation operation;

		private @Nullable String model;

		private final Map<String, Object> parameters = new LinkedHashMap<>();

		private boolean stream;

		private final List<ChatMessage> messages = new ArrayList<>();

		private final List<ToolDefinition> tools = new ArrayList<>();

		private @Nullable Object input;

		private @Nullable String toolName;

		private @Nullable String toolCallId;

		private @Nullable String serverAddress;

		private @Nullable Integer serverPort;

		private @Nullable String displayName;

		private ContentShape shape = ContentShape.CHAT;

		private @Nullable String conversationId;

		private @Nullable String spanType;

		private Builder(String integration, String provider, LlmOperation operation) {
			this.integration = integration;
			this.provider = provider;
			this.operation = operation;
		}

		public Builder model(@Nullable String model) {
			this.model = model;
			return this;
		}

		/**
		 * Add a request parameter; a null value is ignored.
		 * @param name the snake_case wire name, e.g. {@code temperature}
		 * @param value the value
		 * @return this builder
		 */
		public Builder parameter(String name, @Nullable Object value) {
			if (value != null) {
				this.parameters.put(name, value);
			}
			return this;
		}

		public Builder stream(boolean stream) {
			this.stream = stream;
			return this;
		}

		public Builder message(ChatMessage message) {
			this.messages.add(message);
			return this;
		}

		public Builder messages(List<ChatMessage> messages) {
			this.messages.addAll(messages);
			return this;
		}

		public Builder tool(ToolDefinition tool) {
			this.tools.add(tool);
			return this;
		}

		public Builder tools(List<ToolDefinition> tools) {
			this.tools.addAll(tools);
			return this;
		}

		/**
		 * Set the input of a non-chat operation.
		 * @param input a JSON-like value
		 * @return this builder
		 */
		public Builder input(@Nullable Object input) {
			this.input = input;
			return this;
		}

		/**
		 * Describe a tool execution: the tool name, the call id and the arguments JSON
		 * string (the input, embedded as JSON when it parses).
		 * @param name the tool name
		 * @param callId the tool call id
		 * @param arguments the arguments JSON string
		 * @return this builder
		 */
		public Builder toolExecution(String name, @Nullable String callId, @Nullable String arguments) {
			this.toolName = name;
			this.toolCallId = callId;
			this.input = arguments;
			return this;
		}

		public Builder server(@Nullable String address, @Nullable Integer port) {
			this.serverAddress = address;
			this.serverPort = port;
			return this;
		}

		/**
		 * Set the span's name as Braintrust shows it.
		 * @param displayName the name, e.g. {@code Chat Completion}
		 * @return this builder
		 * @see LlmRequest#displayName()
		 */
		public Builder displayName(@Nullable String displayName) {
			this.displayName = displayName;
			return this;
		}

		/**
		 * Set the shape of the content documents.
		 * @param shape the shape
		 * @return this builder
		 */
		public Builder shape(ContentShape shape) {
			this.shape = Objects.requireNonNull(shape, "shape");
			return this;
		}

		/**
		 * Set the conversation the call belongs to ({@code gen_ai.conversation.id}).
		 * @param conversationId the conversation id, or null when unknown
		 * @return this builder
		 */
		public Builder conversationId(@Nullable String conversationId) {
			this.conversationId = conversationId;
			return this;
		}

		/**
		 * Set the Braintrust span type of the call.
		 * @param spanType the type ({@code task}, {@code function}, {@code tool},
		 * {@code llm}, {@code eval}, {@code score}), or null for the operation's
		 * @return this builder
		 * @see LlmRequest#spanType()
		 */
		public Builder spanType(@Nullable String spanType) {
			this.spanType = spanType;
			return this;
		}

		public LlmRequest build() {
			return new LlmRequest(this.integration, this.provider, this.operation, this.model, this.parameters,
					this.stream, this.messages, this.tools, this.input, this.toolName, this.toolCallId,
					this.serverAddress, this.serverPort, this.displayName, this.shape, this.conversationId,
					this.spanType);
		}

	}

}
