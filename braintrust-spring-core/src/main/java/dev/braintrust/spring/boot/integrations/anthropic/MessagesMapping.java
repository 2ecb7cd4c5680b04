package dev.braintrust.spring.boot.integrations.anthropic;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.anthropic.core.JsonField;
import com.anthropic.core.JsonValue;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.DocumentBlockParam;
import com.anthropic.models.messages.ImageBlockParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageContentParam;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.MessageParam;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.TextBlockParam;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolResultBlockParam;
import com.anthropic.models.messages.ToolUnion;
import com.anthropic.models.messages.ToolUseBlockParam;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.braintrust.spring.boot.internal.ServerEndpoint;
import dev.braintrust.spring.boot.trace.ChatMessage;
import dev.braintrust.spring.boot.trace.Choice;
import dev.braintrust.spring.boot.trace.ContentPart;
import dev.braintrust.spring.boot.trace.ContentShape;
import dev.braintrust.spring.boot.trace.LlmOperation;
import dev.braintrust.spring.boot.trace.LlmRequest;
import dev.braintrust.spring.boot.trace.LlmResponse;
import dev.braintrust.spring.boot.trace.ToolCall;
import dev.braintrust.spring.boot.trace.ToolDefinition;
import org.jspecify.annotations.Nullable;

import static dev.braintrust.spring.boot.integrations.anthropic.AnthropicMessageConverter.PROVIDER;
import static dev.braintrust.spring.boot.integrations.anthropic.AnthropicMessageConverter.fromParts;
import static dev.braintrust.spring.boot.integrations.anthropic.AnthropicMessageConverter.placeholder;

/**
 * The request ({@link MessageCreateParams}) and the response ({@link Message}) of a
 * messages call, read through the SDK's typed accessors into what
 * {@link AnthropicMessageConverter} reads from their wire JSON: the same messages, parts,
 * tool calls, tools, parameters and usage. What the accessors do not cover is read
 * through the wire JSON of that value only: a content block or a tool of a type not
 * handled here, a tool's input and schema, the {@code thinking} and {@code tool_choice}
 * objects, and the sampling parameters the SDK's 3.x line keeps as additional body
 * properties. A request or message the accessors refuse (a required field missing, a type
 * of another major line) throws; the caller then reads its wire JSON.
 * <p>
 * The request's messages are read with the 3.x line's types (a message is a union of
 * user, assistant and system messages); {@link #READS_REQUESTS} says whether the SDK
 * present has them.
 */
final class MessagesMapping {

	/** Whether the SDK present has the request types this mapping reads. */
	static final boolean READS_REQUESTS = hasMethod(MessageParam.class, "isUser");

	private static final ChatMessage NO_CONTENT = ChatMessage.assistant(null);

	private final ObjectMapper mapper;

	private final AnthropicMessageConverter wire;

	MessagesMapping(ObjectMapper mapper, AnthropicMessageConverter wire) {
		this.mapper = mapper;
		this.wire = wire;
	}

	LlmRequest request(MessageCreateParams.Body body, boolean stream, @Nullable ServerEndpoint endpoint) {
		LlmRequest.Builder request = LlmRequest.builder(AnthropicIntegration.NAME, PROVIDER, LlmOperation.CHAT)
			.displayName(AnthropicMessageConverter.displayName(stream))
			.shape(ContentShape.ANTHROPIC)
			.model(body.model().asString())
			.stream(stream);
		Map<String, JsonValue> additional = body._additionalProperties();
		for (String name : AnthropicMessageConverter.PARAMETERS) {
			Object value = switch (name) {
				case "max_tokens" -> body.maxTokens();
				case "stop_sequences" -> body.stopSequences().orElse(null);
				case "thinking" -> body.thinking().map(this::plain).orElse(null);
				case "tool_choice" -> body.toolChoice().map(this::plain).orElse(null);
				case "service_tier" -> body.serviceTier().map(MessageCreateParams.ServiceTier::asString).orElse(null);
				default -> null;
			};
			// The sampling parameters the 3.x line keeps as additional body properties.
			JsonValue extra = (value == null && !additional.isEmpty()) ? additional.get(name) : null;
			if (extra != null && !extra.isNull() && !extra.isMissing()) {
				value = plain(extra);
			}
			AnthropicMessageConverter.parameter(request, name, value);
		}
		body.system()
			.ifPresent((system) -> request.message(system.isString() ? ChatMessage.of("system", system.asString())
					: fromParts("system", textParts(system.asTextBlockParams()))));
		for (MessageParam message : body.messages()) {
			request.messages(messages(message));
		}
		for (ToolUnion tool : body.tools().orElse(List.of())) {
			request.tool(tool.isTool() ? tool(tool.asTool()) : AnthropicMessageConverter.tool(json(tool)));
		}
		if (endpoint != null) {
			request.server(endpoint.address(), endpoint.port());
		}
		return request.build();
	}

	/**
	 * The response: one choice holding the assistant message (none without content
	 * capture), the stop reason as Anthropic names it, and the usage.
	 */
	LlmResponse response(Message message, boolean capturesContent) {
		ChatMessage assistant = capturesContent ? answer(message.content()) : NO_CONTENT;
		Choice choice = new Choice(0, assistant, message.stopReason().map(StopReason::asString).orElse(null));
		return LlmResponse.chat(message.id(), message.model().asString(), List.of(choice),
				UsageCounts.of(message.usage()).toUsage());
	}

	private List<ChatMessage> messages(MessageParam message) {
		if (message.isUser()) {
			return userMessages("user", message.asUser().content());
		}
		if (message.isAssistant()) {
			MessageContentParam content = message.asAssistant().content();
			return List.of(content.isString() ? ChatMessage.of("assistant", content.asString())
					: assistantMessage(content.asContentBlockParams()));
		}
		if (message.isSystem()) {
			var content = message.asSystem().content();
			return List.of(content.isString() ? ChatMessage.of("system", content.asString())
					: fromParts("system", textParts(content.asBlocks())));
		}
		return this.wire.messages(json(message));
	}

	// A user turn answering tool calls: one tool message per tool_result, then the rest
	// of the turn, as OpenAI's chat format expects.
	private List<ChatMessage> userMessages(String role, MessageContentParam content) {
		if (content.isString()) {
			return List.of(ChatMessage.of(role, content.asString()));
		}
		List<ContentBlockParam> blocks = content.asContentBlockParams();
		List<ChatMessage> messages = new ArrayList<>(1);
		List<ContentPart> rest = new ArrayList<>(blocks.size());
		for (ContentBlockParam block : blocks) {
			if (block.isToolResult()) {
				messages.add(toolResult(block.asToolResult()));
			}
			else {
				rest.add(part(block));
			}
		}
		if (!rest.isEmpty() || messages.isEmpty()) {
			messages.add(fromParts(role, rest));
		}
		return messages;
	}

	private ChatMessage assistantMessage(List<ContentBlockParam> blocks) {
		List<ContentPart> parts = new ArrayList<>(blocks.size());
		List<ToolCall> toolCalls = new ArrayList<>(0);
		for (ContentBlockParam block : blocks) {
			ToolCall toolCall = block.isToolUse() ? toolCall(block.asToolUse()) : null;
			if (toolCall == null && block.isServerToolUse()) {
				var serverToolUse = block.asServerToolUse();
				toolCall = toolCall(serverToolUse.id(), serverToolUse.name().asString(), serverToolUse._input());
			}
			if (toolCall != null) {
				toolCalls.add(toolCall);
			}
			else {
				parts.add(part(block));
			}
		}
		return withToolCalls(fromParts("assistant", parts), toolCalls);
	}

	private ChatMessage answer(List<ContentBlock> blocks) {
		List<ContentPart> parts = new ArrayList<>(blocks.size());
		List<ToolCall> toolCalls = new ArrayList<>(0);
		for (ContentBlock block : blocks) {
			if (block.isText()) {
				parts.add(ContentPart.text(block.asText().text()));
			}
			else if (block.isThinking()) {
				parts.add(new ContentPart("thinking", block.asThinking().thinking(), null));
			}
			else if (block.isRedactedThinking()) {
				parts.add(new ContentPart("redacted_thinking", "[redacted thinking]", null));
			}
			else if (block.isToolUse()) {
				toolCalls.add(toolCall(block.asToolUse().id(), block.asToolUse().name(), block.asToolUse()._input()));
			}
			else if (block.isServerToolUse()) {
				var serverToolUse = block.asServerToolUse();
				toolCalls.add(toolCall(serverToolUse.id(), serverToolUse.name().asString(), serverToolUse._input()));
			}
			else {
				parts.add(this.wire.part(json(block)));
			}
		}
		return withToolCalls(fromParts("assistant", parts), toolCalls);
	}

	private static ChatMessage withToolCalls(ChatMessage message, List<ToolCall> toolCalls) {
		return toolCalls.isEmpty() ? message
				: new ChatMessage(message.role(), message.content(), message.contentParts(), toolCalls, null, null);
	}

	private ContentPart part(ContentBlockParam block) {
		if (block.isText()) {
			return ContentPart.text(block.asText().text());
		}
		if (block.isImage()) {
			return image(block.asImage());
		}
		if (block.isDocument()) {
			return document(block.asDocument());
		}
		if (block.isThinking()) {
			return new ContentPart("thinking", block.asThinking().thinking(), null);
		}
		if (block.isRedactedThinking()) {
			return new ContentPart("redacted_thinking", "[redacted thinking]", null);
		}
		return this.wire.part(json(block));
	}

	private ChatMessage toolResult(ToolResultBlockParam result) {
		ChatMessage content;
		if (result._content().isNull()) {
			content = ChatMessage.of("tool", null);
		}
		else if (result.content().isEmpty()) {
			content = ChatMessage.of("tool", "");
		}
		else if (result.content().get().isString()) {
			content = ChatMessage.of("tool", result.content().get().asString());
		}
		else {
			List<ToolResultBlockParam.Content.Block> blocks = result.content().get().asBlocks();
			List<ContentPart> parts = new ArrayList<>(blocks.size());
			for (ToolResultBlockParam.Content.Block block : blocks) {
				parts.add(block.isText() ? ContentPart.text(block.asText().text())
						: block.isImage() ? image(block.asImage())
								: block.isDocument() ? document(block.asDocument()) : this.wire.part(json(block)));
			}
			content = fromParts("tool", parts);
		}
		return new ChatMessage("tool", content.content(), content.contentParts(), List.of(), result.toolUseId(), null);
	}

	// Inline data is replaced by its media type and size; a URL is kept.
	private ContentPart image(ImageBlockParam image) {
		ImageBlockParam.Source source = image.source();
		if (source.isBase64()) {
			var base64 = source.asBase64();
			return new ContentPart("image",
					placeholder("image", base64.mediaType().asString(), "base64", base64.data().length()), null);
		}
		if (source.isUrl()) {
			return ContentPart.imageUrl(source.asUrl().url());
		}
		return this.wire.part(json(image));
	}

	private ContentPart document(DocumentBlockParam document) {
		DocumentBlockParam.Source source = document.source();
		if (source.isBase64()) {
			var base64 = source.asBase64();
			String mediaType = string(base64._mediaType());
			return new ContentPart("document", placeholder("document", mediaType, "base64", base64.data().length()),
					null);
		}
		if (source.isText()) {
			var text = source.asText();
			String mediaType = string(text._mediaType());
			return new ContentPart("document", placeholder("document", mediaType, "text", text.data().length()), null);
		}
		if (source.isUrl()) {
			return new ContentPart("document", placeholder("document", null, "url", -1), source.asUrl().url());
		}
		if (source.isContent()) {
			return new ContentPart("document", placeholder("document", null, "content", -1), null);
		}
		return this.wire.part(json(document));
	}

	private static List<ContentPart> textParts(List<TextBlockParam> blocks) {
		List<ContentPart> parts = new ArrayList<>(blocks.size());
		for (TextBlockParam block : blocks) {
			parts.add(ContentPart.text(block.text()));
		}
		return parts;
	}

	private ToolDefinition tool(Tool tool) {
		String description = tool.description().orElse(null);
		String type = tool.type().map(Tool.Type::asString).orElse(null);
		if (description == null && type != null && !"custom".equals(type)) {
			description = type;
		}
		JsonField<Tool.InputSchema> schema = tool._inputSchema();
		return new ToolDefinition(tool.name(), description,
				(schema.isMissing() || schema.isNull()) ? null : json(schema).toString());
	}

	private ToolCall toolCall(ToolUseBlockParam toolUse) {
		return toolCall(toolUse.id(), toolUse.name(), toolUse._input());
	}

	private ToolCall toolCall(String id, String name, JsonField<?> input) {
		String arguments = (input.isMissing() || input.isNull()) ? "{}"
				: AnthropicMessageConverter.arguments(json(input));
		return new ToolCall(id, name, arguments);
	}

	private @Nullable Object plain(Object value) {
		return this.mapper.convertValue(value, Object.class);
	}

	private JsonNode json(Object value) {
		return this.mapper.valueToTree(value);
	}

	private static @Nullable String string(JsonValue value) {
		Object string = value.asString().orElse(null);
		return (string instanceof String text) ? text : null;
	}

	private static boolean hasMethod(Class<?> type, String name) {
		try {
			type.getMethod(name);
			return true;
		}
		catch (NoSuchMethodException | LinkageError ex) {
			return false;
		}
	}

}
