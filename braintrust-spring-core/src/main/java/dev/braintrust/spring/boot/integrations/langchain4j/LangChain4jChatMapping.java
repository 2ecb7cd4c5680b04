package dev.braintrust.spring.boot.integrations.langchain4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.braintrust.spring.boot.trace.ChatMessage;
import dev.braintrust.spring.boot.trace.Choice;
import dev.braintrust.spring.boot.trace.ContentPart;
import dev.braintrust.spring.boot.trace.LlmOperation;
import dev.braintrust.spring.boot.trace.LlmRequest;
import dev.braintrust.spring.boot.trace.LlmResponse;
import dev.braintrust.spring.boot.trace.ToolCall;
import dev.braintrust.spring.boot.trace.ToolDefinition;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.image.Image;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.internal.JsonSchemaElementUtils;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ConcurrentReferenceHashMap;

/**
 * Maps LangChain4j's chat types to the tracing event model: a {@link ChatRequest} to an
 * {@link LlmRequest} whose messages are in OpenAI chat shape, a {@link ChatResponse} to
 * an {@link LlmResponse}.
 */
final class LangChain4jChatMapping {

	private static final ObjectMapper JSON = new ObjectMapper();

	// An AiService offers the same tool specifications on every call: each schema is
	// written once. Keyed by value (a ToolProvider's specifications built anew per call
	// share their entry); softly held, so that the cache never outlives the memory.
	private static final Map<ToolSpecification, String> SCHEMAS = new ConcurrentReferenceHashMap<>();

	private static final String NO_SCHEMA = "";

	private LangChain4jChatMapping() {
	}

	/**
	 * The request of a chat call.
	 * @param provider the provider
	 * @param request the caller's request
	 * @param defaults the model's default parameters, which the request's override (as
	 * {@code ChatModel.chat} does)
	 * @param stream whether the call streams
	 * @param conversationId the conversation of the AiService call it is made for, if any
	 * @return the request
	 */
	static LlmRequest request(String provider, ChatRequest request, @Nullable ChatRequestParameters defaults,
			boolean stream, @Nullable String conversationId) {
		LlmRequest.Builder builder = LlmRequest.builder(LangChain4jIntegration.NAME, provider, LlmOperation.CHAT)
			.displayName(stream ? "langchain4j.streaming_chat_model.chat" : "langchain4j.chat_model.chat")
			.stream(stream)
			.conversationId(conversationId);
		ChatRequestParameters parameters = (defaults != null) ? defaults.overrideWith(request.parameters())
				: request.parameters();
		if (parameters != null) {
			builder.model(parameters.modelName())
				.parameter("temperature", parameters.temperature())
				.parameter("top_p", parameters.topP())
				.parameter("top_k", parameters.topK())
				.parameter("max_tokens", parameters.maxOutputTokens())
				.parameter("stop", emptyToNull(parameters.stopSequences()))
				.parameter("frequency_penalty", parameters.frequencyPenalty())
				.parameter("presence_penalty", parameters.presencePenalty());
			if (parameters.toolSpecifications() != null) {
				for (ToolSpecification tool : parameters.toolSpecifications()) {
					builder.tool(new ToolDefinition(tool.name(), tool.description(), schema(tool)));
				}
			}
		}
		for (dev.langchain4j.data.message.ChatMessage message : request.messages()) {
			addMessage(builder, message);
		}
		return builder.build();
	}

	static @Nullable String schema(ToolSpecification tool) {
		if (tool.parameters() == null) {
			return null;
		}
		String schema = SCHEMAS.computeIfAbsent(tool, LangChain4jChatMapping::writeSchema);
		return schema.isEmpty() ? null : schema;
	}

	private static String writeSchema(ToolSpecification tool) {
		try {
			return JSON.writeValueAsString(JsonSchemaElementUtils.toMap(tool.parameters()));
		}
		catch (Exception | LinkageError ex) {
			// The schema is metadata: without it the span still has the tool's name.
			return NO_SCHEMA;
		}
	}

	private static void addMessage(LlmRequest.Builder builder, dev.langchain4j.data.message.ChatMessage message) {
		if (message instanceof SystemMessage system) {
			builder.message(ChatMessage.system(nonNull(system.text())));
		}
		else if (message instanceof UserMessage user) {
			builder.message(user(user));
		}
		else if (message instanceof AiMessage ai) {
			builder.message(assistant(ai));
		}
		else if (message instanceof ToolExecutionResultMessage result) {
			builder.message(ChatMessage.tool(result.id(), result.text()));
		}
		else {
			// A custom message (CustomMessage, or an application's): its type only.
			builder.message(ChatMessage.of(message.type().name().toLowerCase(Locale.ROOT), null));
		}
	}

	private static ChatMessage user(UserMessage message) {
		List<Content> contents = message.contents();
		if (contents.size() == 1 && contents.get(0) instanceof TextContent text) {
			return new ChatMessage("user", text.text(), List.of(), List.of(), null, message.name());
		}
		List<ContentPart> parts = new ArrayList<>(contents.size());
		for (Content content : contents) {
			if (content instanceof TextContent text) {
				parts.add(ContentPart.text(text.text()));
			}
			else if (content instanceof ImageContent image) {
				parts.add(image(image.image()));
			}
			else {
				// Audio, video, PDF: a placeholder with the type.
				String type = content.type().name().toLowerCase(Locale.ROOT);
				parts.add(new ContentPart("file", "[" + type + "]", null));
			}
		}
		return new ChatMessage("user", null, parts, List.of(), null, message.name());
	}

	/**
	 * An image part: its URL when it has one; inline data as a placeholder with the MIME
	 * type and the size of the data, as the Spring AI integration records media.
	 */
	private static ContentPart image(Image image) {
		if (image.url() != null) {
			return ContentPart.imageUrl(image.url().toString());
		}
		String data = image.base64Data();
		long bytes = (data != null) ? data.length() * 3L / 4 : 0;
		String mimeType = (image.mimeType() != null) ? image.mimeType() : "image";
		return new ContentPart("image", "[image " + mimeType + ", " + bytes + " bytes]", null);
	}

	static ChatMessage assistant(AiMessage message) {
		List<ToolExecutionRequest> requests = message.toolExecutionRequests();
		List<ToolCall> calls = new ArrayList<>((requests != null) ? requests.size() : 0);
		if (requests != null) {
			for (ToolExecutionRequest request : requests) {
				calls.add(new ToolCall(request.id(), nonNull(request.name()), request.arguments()));
			}
		}
		return ChatMessage.assistant(message.text(), calls);
	}

	/**
	 * The response of a chat call.
	 * @param response the response
	 * @return the response
	 */
	static LlmResponse response(ChatResponse response) {
		AiMessage message = response.aiMessage();
		List<Choice> choices = (message != null)
				? List.of(new Choice(0, assistant(message), finishReason(response.finishReason()))) : List.of();
		return LlmResponse.chat(response.id(), response.modelName(), choices,
				LangChain4jUsage.of(response.tokenUsage()));
	}

	/**
	 * A finish reason in OpenAI's words.
	 * @param reason LangChain4j's finish reason
	 * @return the finish reason, or null
	 */
	static @Nullable String finishReason(@Nullable FinishReason reason) {
		if (reason == null) {
			return null;
		}
		return switch (reason.name()) {
			case "STOP" -> "stop";
			case "LENGTH" -> "length";
			case "TOOL_EXECUTION" -> "tool_calls";
			case "CONTENT_FILTER" -> "content_filter";
			default -> reason.name().toLowerCase(Locale.ROOT);
		};
	}

	private static String nonNull(@Nullable String text) {
		return (text != null) ? text : "";
	}

	private static <T> @Nullable List<T> emptyToNull(@Nullable List<T> list) {
		return (list == null || list.isEmpty()) ? null : list;
	}

	/**
	 * What an embeddings span records as its output: the count of embeddings, never a
	 * vector (Braintrust's embeddings spec).
	 * @param embeddings the number of embeddings
	 * @return {@code {"count":n}}
	 */
	static Map<String, Object> embeddingsSummary(int embeddings) {
		return Map.of("count", embeddings);
	}

}
