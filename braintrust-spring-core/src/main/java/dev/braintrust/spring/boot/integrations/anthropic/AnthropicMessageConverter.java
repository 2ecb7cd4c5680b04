package dev.braintrust.spring.boot.integrations.anthropic;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.braintrust.spring.boot.internal.ServerEndpoint;
import dev.braintrust.spring.boot.trace.ChatMessage;
import dev.braintrust.spring.boot.trace.Choice;
import dev.braintrust.spring.boot.trace.ContentPart;
import dev.braintrust.spring.boot.trace.ContentShape;
import dev.braintrust.spring.boot.trace.LlmOperation;
import dev.braintrust.spring.boot.trace.LlmRequest;
import dev.braintrust.spring.boot.trace.LlmResponse;
import dev.braintrust.spring.boot.trace.TokenUsage;
import dev.braintrust.spring.boot.trace.ToolCall;
import dev.braintrust.spring.boot.trace.ToolDefinition;
import org.jspecify.annotations.Nullable;

/**
 * Converts the Messages API's wire JSON (request body, response message) into the tracing
 * event model, in OpenAI chat shape.
 * <p>
 * The wire format is the one contract shared by the messages and the beta messages APIs
 * and stable across SDK major lines (2.x and 3.x differ in their Java types, not in the
 * JSON): this reading is the reference. The calls of the messages API are read through
 * the SDK's typed accessors ({@link MessagesMapping}) into the same values; what those do
 * not read (the beta API, the requests of the 2.x line, a block type added later) is read
 * here.
 * <ul>
 * <li>{@code system} (a string or text blocks) becomes a first {@code system}
 * message.</li>
 * <li>{@code tool_use} blocks become {@code tool_calls}; {@code tool_result} blocks
 * become {@code {"role":"tool","tool_call_id":...}} messages placed before the rest of
 * their user message.</li>
 * <li>{@code thinking} blocks are kept as content parts
 * {@code {"type":"thinking","text":...}} ahead of the text parts, so Braintrust shows the
 * reasoning next to the answer; {@code redacted_thinking} as a placeholder part.</li>
 * <li>Images and documents become placeholders: a URL source keeps its URL, inline data
 * is replaced by its media type and size.</li>
 * <li>Usage: {@code prompt_tokens} is {@code input_tokens + cache_read_input_tokens +
 * cache_creation_input_tokens} (Anthropic's {@code input_tokens} excludes both; the
 * tracing model and Braintrust's own Anthropic wrappers count the whole prompt).</li>
 * </ul>
 */
final class AnthropicMessageConverter {

	static final String PROVIDER = "anthropic";

	/** The request parameters recorded, in their order. */
	static final String[] PARAMETERS = { "max_tokens", "temperature", "top_p", "top_k", "stop_sequences", "thinking",
			"tool_choice", "service_tier" };

	private final ObjectMapper mapper;

	AnthropicMessageConverter(ObjectMapper mapper) {
		this.mapper = mapper;
	}

	/**
	 * Record a request parameter; {@code tool_choice} in the OpenAI values Braintrust's
	 * spec asks for ({@code auto}, {@code none}, {@code required}, or the function to
	 * call), its {@code disable_parallel_tool_use} as {@code parallel_tool_calls}.
	 * @param request the request being built
	 * @param name the parameter's wire name
	 * @param value its value (strings, numbers, booleans, lists, maps), or null
	 */
	static void parameter(LlmRequest.Builder request, String name, @Nullable Object value) {
		if (!"tool_choice".equals(name) || !(value instanceof Map<?, ?> choice)) {
			request.parameter(name, value);
			return;
		}
		Object type = choice.get("type");
		Object normalized = switch (String.valueOf(type)) {
			case "auto", "none" -> type;
			case "any" -> "required";
			case "tool" -> Map.of("type", "function", "function", Map.of("name", String.valueOf(choice.get("name"))));
			default -> value;
		};
		request.parameter(name, normalized);
		if (Boolean.TRUE.equals(choice.get("disable_parallel_tool_use"))) {
			request.parameter("parallel_tool_calls", false);
		}
	}

	/**
	 * The span's name in Braintrust, as Braintrust's instrumentation guide names
	 * Anthropic calls.
	 * @param stream whether the call streams
	 * @return {@code anthropic.messages.stream} or {@code anthropic.messages.create}
	 */
	static String displayName(boolean stream) {
		return stream ? "anthropic.messages.stream" : "anthropic.messages.create";
	}

	/**
	 * The request of a {@code create} or {@code createStreaming} call.
	 * @param body the request body as sent on the wire
	 * @param stream whether the call streams
	 * @param endpoint where the call is sent, if known
	 * @return the request
	 */
	LlmRequest toRequest(JsonNode body, boolean stream, @Nullable ServerEndpoint endpoint) {
		LlmRequest.Builder request = LlmRequest.builder(AnthropicIntegration.NAME, PROVIDER, LlmOperation.CHAT)
			.displayName(displayName(stream))
			.shape(ContentShape.ANTHROPIC)
			.model(text(body, "model"))
			.stream(stream);
		for (String name : PARAMETERS) {
			JsonNode value = body.get(name);
			if (value != null && !value.isNull()) {
				parameter(request, name, plain(value));
			}
		}
		JsonNode system = body.get("system");
		if (system != null && !system.isNull()) {
			request.message(message("system", system));
		}
		for (JsonNode message : iterable(body.get("messages"))) {
			request.messages(messages(message));
		}
		for (JsonNode tool : iterable(body.get("tools"))) {
			request.tool(tool(tool));
		}
		if (endpoint != null) {
			request.server(endpoint.address(), endpoint.port());
		}
		return request.build();
	}

	/**
	 * The response of a call: one choice holding the assistant message, the stop reason
	 * kept as Anthropic names it ({@code end_turn}, {@code tool_use}, {@code max_tokens},
	 * {@code stop_sequence}, ...).
	 * @param message the response message as received on the wire
	 * @return the response
	 */
	LlmResponse toResponse(JsonNode message) {
		ChatMessage assistant = assistantMessage(iterable(message.get("content")));
		Choice choice = new Choice(0, assistant, text(message, "stop_reason"));
		return LlmResponse.chat(text(message, "id"), text(message, "model"), List.of(choice),
				usage(message.get("usage")));
	}

	@Nullable TokenUsage usage(@Nullable JsonNode usage) {
		return (usage != null && usage.isObject()) ? UsageCounts.of(usage).toUsage() : null;
	}

	List<ChatMessage> messages(JsonNode message) {
		String role = text(message, "role");
		role = (role != null) ? role : "user";
		JsonNode content = message.get("content");
		if (content == null || !content.isArray()) {
			return List.of(message(role, message.path("content")));
		}
		if ("assistant".equals(role)) {
			return List.of(assistantMessage(content));
		}
		// A user turn answering tool calls: one tool message per tool_result, then the
		// rest of the turn, as OpenAI's chat format expects.
		List<ChatMessage> messages = new ArrayList<>(1);
		List<JsonNode> rest = new ArrayList<>(content.size());
		for (JsonNode block : content) {
			if ("tool_result".equals(text(block, "type"))) {
				messages.add(toolResult(block));
			}
			else {
				rest.add(block);
			}
		}
		if (!rest.isEmpty() || messages.isEmpty()) {
			messages.add(fromBlocks(role, rest));
		}
		return messages;
	}

	private ChatMessage message(String role, JsonNode content) {
		if (content.isTextual()) {
			return ChatMessage.of(role, content.asText());
		}
		List<JsonNode> blocks = new ArrayList<>();
		iterable(content).forEach(blocks::add);
		return fromBlocks(role, blocks);
	}

	private ChatMessage toolResult(JsonNode block) {
		JsonNode content = block.path("content");
		ChatMessage result = message("tool", content.isMissingNode() ? TextNode.valueOf("") : content);
		return new ChatMessage("tool", result.content(), result.contentParts(), List.of(), text(block, "tool_use_id"),
				null);
	}

	private ChatMessage assistantMessage(Iterable<JsonNode> content) {
		List<JsonNode> blocks = new ArrayList<>();
		List<ToolCall> toolCalls = new ArrayList<>(0);
		for (JsonNode block : content) {
			String type = text(block, "type");
			if ("tool_use".equals(type) || "server_tool_use".equals(type)) {
				toolCalls.add(toolCall(block));
			}
			else {
				blocks.add(block);
			}
		}
		ChatMessage message = fromBlocks("assistant", blocks);
		return new ChatMessage("assistant", message.content(), message.contentParts(), toolCalls, null, null);
	}

	private ChatMessage fromBlocks(String role, List<JsonNode> blocks) {
		List<ContentPart> parts = new ArrayList<>(blocks.size());
		for (JsonNode block : blocks) {
			parts.add(part(block));
		}
		return fromParts(role, parts);
	}

	/**
	 * A message of these content parts: plain text when they are text only (joined, as
	 * Anthropic splits an answer with citations into several blocks), the parts
	 * otherwise.
	 * @param role the role
	 * @param parts the parts, one per content block
	 * @return the message
	 */
	static ChatMessage fromParts(String role, List<ContentPart> parts) {
		if (parts.isEmpty()) {
			return ChatMessage.of(role, null);
		}
		for (ContentPart part : parts) {
			if (!"text".equals(part.type())) {
				return new ChatMessage(role, null, parts, List.of(), null, null);
			}
		}
		if (parts.size() == 1) {
			return ChatMessage.of(role, parts.get(0).text());
		}
		StringBuilder text = new StringBuilder();
		for (ContentPart part : parts) {
			text.append(part.text());
		}
		return ChatMessage.of(role, text.toString());
	}

	ContentPart part(JsonNode block) {
		String type = text(block, "type");
		type = (type != null) ? type : "unknown";
		return switch (type) {
			case "text" -> ContentPart.text(block.path("text").asText(""));
			case "thinking" -> new ContentPart("thinking", block.path("thinking").asText(""), null);
			case "redacted_thinking" -> new ContentPart("redacted_thinking", "[redacted thinking]", null);
			case "image" -> image(block.path("source"));
			case "document" ->
				new ContentPart("document", placeholder("document", block.path("source")), url(block.path("source")));
			default -> new ContentPart(type, null, null);
		};
	}

	private ContentPart image(JsonNode source) {
		String url = url(source);
		return (url != null) ? ContentPart.imageUrl(url) : new ContentPart("image", placeholder("image", source), null);
	}

	private static @Nullable String url(JsonNode source) {
		return "url".equals(text(source, "type")) ? text(source, "url") : null;
	}

	private static String placeholder(String kind, JsonNode source) {
		JsonNode data = source.get("data");
		return placeholder(kind, text(source, "media_type"), text(source, "type"),
				(data != null && data.isTextual()) ? data.asText().length() : -1);
	}

	/**
	 * What an image or a document whose data is not kept becomes: its kind, media type,
	 * and the size of its inline data or the type of its source.
	 * @param kind {@code image} or {@code document}
	 * @param mediaType the media type, if known
	 * @param sourceType the source type ({@code base64}, {@code text}, {@code url}, ...)
	 * @param dataLength the characters of the inline data, {@code -1} when there is none
	 * @return the placeholder text
	 */
	static String placeholder(String kind, @Nullable String mediaType, @Nullable String sourceType, int dataLength) {
		StringBuilder text = new StringBuilder("[").append(kind);
		if (mediaType != null) {
			text.append(' ').append(mediaType);
		}
		if (dataLength >= 0) {
			text.append(", ").append(dataLength).append(' ').append(sourceType).append(" chars");
		}
		else if (sourceType != null) {
			text.append(", ").append(sourceType);
		}
		return text.append(']').toString();
	}

	private ToolCall toolCall(JsonNode block) {
		String name = text(block, "name");
		return new ToolCall(text(block, "id"), (name != null) ? name : "", arguments(block.get("input")));
	}

	/**
	 * The arguments of a tool call: its input as JSON, {@code {}} when it has none.
	 * @param input the input, as the wire JSON holds it
	 * @return the arguments
	 */
	static String arguments(@Nullable JsonNode input) {
		if (input == null || input.isNull() || input.isMissingNode()) {
			return "{}";
		}
		if (input.isTextual()) {
			// Streamed tool input: the concatenated partial_json fragments.
			return input.asText().isEmpty() ? "{}" : input.asText();
		}
		return input.toString();
	}

	static ToolDefinition tool(JsonNode tool) {
		String name = text(tool, "name");
		String type = text(tool, "type");
		JsonNode schema = tool.get("input_schema");
		String description = text(tool, "description");
		if (description == null && type != null && !"custom".equals(type)) {
			// A server tool (web_search_20250305, ...): its type says what it is.
			description = type;
		}
		return new ToolDefinition((name != null) ? name : String.valueOf(type), description,
				(schema != null && !schema.isNull()) ? schema.toString() : null);
	}

	private @Nullable Object plain(JsonNode value) {
		return this.mapper.convertValue(value, Object.class);
	}

	static @Nullable String text(@Nullable JsonNode node, String field) {
		JsonNode value = (node != null) ? node.get(field) : null;
		return (value != null && value.isValueNode() && !value.isNull()) ? value.asText() : null;
	}

	static @Nullable Long number(JsonNode node, String field) {
		JsonNode value = node.get(field);
		return (value != null && value.isNumber()) ? value.asLong() : null;
	}

	private static Iterable<JsonNode> iterable(@Nullable JsonNode node) {
		return (node != null && node.isArray()) ? node : List.of();
	}

}
