package dev.braintrust.spring.boot.integrations.openai;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.core.ObjectMappers;
import dev.braintrust.spring.boot.trace.ChatMessage;
import dev.braintrust.spring.boot.trace.ContentPart;
import dev.braintrust.spring.boot.trace.TokenUsage;
import dev.braintrust.spring.boot.trace.ToolCall;
import dev.braintrust.spring.boot.trace.ToolDefinition;
import org.jspecify.annotations.Nullable;

/**
 * Reads the SDK's objects through their wire JSON, as the SDK's own mapper writes it. The
 * objects of the OpenAI API already are in the OpenAI chat shape the span contract asks
 * for: the Responses API is read this way, and so is any Chat Completions object the
 * SDK's types do not fully model ({@link ChatCompletionsMessages}).
 */
final class OpenAiJson {

	private OpenAiJson() {
	}

	/**
	 * The wire JSON of an SDK object (a request body, a response, a chunk).
	 */
	static JsonNode tree(Object sdkObject) {
		return ObjectMappers.jsonMapper().valueToTree(sdkObject);
	}

	static @Nullable String text(JsonNode node, String field) {
		JsonNode value = node.get(field);
		return (value != null && value.isValueNode() && !value.isNull()) ? value.asText() : null;
	}

	static @Nullable Long number(JsonNode node, String field) {
		JsonNode value = node.get(field);
		return (value != null && value.isNumber()) ? value.longValue() : null;
	}

	static Iterable<JsonNode> elements(@Nullable JsonNode array) {
		return (array != null && array.isArray()) ? array : List.of();
	}

	/**
	 * The request parameters of a body: every field not in {@code excluded}, as JSON-like
	 * Java values under their wire names.
	 */
	static Map<String, Object> parameters(JsonNode body, Set<String> excluded) {
		Map<String, Object> parameters = new LinkedHashMap<>();
		body.fields().forEachRemaining((field) -> {
			Object value = value(field.getValue());
			if (!excluded.contains(field.getKey()) && value != null) {
				parameters.put(field.getKey(), value);
			}
		});
		return parameters;
	}

	/**
	 * A JSON node as a JSON-like Java value: string, long, double, boolean, list or map.
	 */
	static @Nullable Object value(@Nullable JsonNode node) {
		if (node == null || node.isNull() || node.isMissingNode()) {
			return null;
		}
		if (node.isTextual()) {
			return node.textValue();
		}
		if (node.isIntegralNumber()) {
			return node.canConvertToLong() ? node.longValue() : node.bigIntegerValue();
		}
		if (node.isNumber()) {
			return node.doubleValue();
		}
		if (node.isBoolean()) {
			return node.booleanValue();
		}
		if (node.isArray()) {
			List<@Nullable Object> list = new ArrayList<>(node.size());
			node.forEach((element) -> list.add(value(element)));
			return list;
		}
		if (node.isObject()) {
			Map<String, @Nullable Object> map = new LinkedHashMap<>();
			node.fields().forEachRemaining((field) -> map.put(field.getKey(), value(field.getValue())));
			return map;
		}
		return node.asText();
	}

	/**
	 * A message of the Chat Completions API (request message or response message).
	 */
	static ChatMessage chatMessage(JsonNode message) {
		String role = text(message, "role");
		JsonNode content = message.get("content");
		String text = null;
		List<ContentPart> parts = List.of();
		if (content != null && content.isTextual()) {
			text = content.textValue();
		}
		else if (content != null && content.isArray()) {
			parts = contentParts(content);
		}
		List<ToolCall> toolCalls = new ArrayList<>();
		for (JsonNode call : elements(message.get("tool_calls"))) {
			ToolCall toolCall = toolCall(call);
			if (toolCall != null) {
				toolCalls.add(toolCall);
			}
		}
		JsonNode functionCall = message.get("function_call");
		if (functionCall != null && functionCall.isObject()) {
			toolCalls.add(toolCall(null, text(functionCall, "name"), text(functionCall, "arguments")));
		}
		return new ChatMessage((role != null) ? role : "user", text, parts, toolCalls, text(message, "tool_call_id"),
				text(message, "name"));
	}

	/**
	 * Content parts of the Chat Completions API ({@code text}, {@code image_url},
	 * {@code input_audio}, {@code file}, {@code refusal}) and of the Responses API
	 * ({@code input_text}, {@code output_text}, {@code input_image}, {@code input_file}).
	 */
	static List<ContentPart> contentParts(JsonNode content) {
		List<ContentPart> parts = new ArrayList<>(content.size());
		for (JsonNode part : content) {
			ContentPart contentPart = contentPart(part);
			if (contentPart != null) {
				parts.add(contentPart);
			}
		}
		return parts;
	}

	/**
	 * A content part (see {@link #contentParts}), or null when it has no type.
	 */
	static @Nullable ContentPart contentPart(JsonNode part) {
		String type = text(part, "type");
		if (type == null) {
			return null;
		}
		return switch (type) {
			case "text", "input_text", "output_text" -> ContentPart.text(nullToEmpty(text(part, "text")));
			case "refusal" -> new ContentPart(type, text(part, "refusal"), null);
			case "image_url" -> {
				JsonNode image = part.get("image_url");
				yield ContentPart.imageUrl(nullToEmpty((image != null) ? text(image, "url") : null));
			}
			case "input_image" -> {
				String url = text(part, "image_url");
				yield ContentPart.imageUrl(nullToEmpty((url != null) ? url : text(part, "file_id")));
			}
			case "file" -> {
				JsonNode file = part.get("file");
				yield new ContentPart(type, (file != null) ? text(file, "filename") : null,
						(file != null) ? text(file, "file_id") : null);
			}
			case "input_file" -> {
				String url = text(part, "file_url");
				yield new ContentPart(type, text(part, "filename"), (url != null) ? url : text(part, "file_id"));
			}
			default -> new ContentPart(type, null, null);
		};
	}

	/**
	 * A tool of a request, in the Chat Completions shape
	 * ({@code {"type":"function","function":{...}}}) or the flat Responses shape
	 * ({@code {"type":"function","name":...}}); a built-in tool ({@code web_search},
	 * {@code file_search}, ...) is named by its type.
	 */
	static @Nullable ToolDefinition tool(JsonNode tool) {
		JsonNode definition = tool.has("function") ? tool.get("function")
				: tool.has("custom") ? tool.get("custom") : tool;
		String name = text(definition, "name");
		if (name == null) {
			name = text(tool, "type");
		}
		if (name == null) {
			return null;
		}
		JsonNode parameters = definition.get("parameters");
		return new ToolDefinition(name, text(definition, "description"),
				(parameters != null && !parameters.isNull()) ? parameters.toString() : null);
	}

	static List<ToolDefinition> tools(@Nullable JsonNode tools) {
		List<ToolDefinition> definitions = new ArrayList<>();
		for (JsonNode tool : elements(tools)) {
			ToolDefinition definition = tool(tool);
			if (definition != null) {
				definitions.add(definition);
			}
		}
		return definitions;
	}

	/**
	 * A tool call of a Chat Completions message ({@code function} or {@code custom}), or
	 * null for another kind.
	 */
	static @Nullable ToolCall toolCall(JsonNode call) {
		JsonNode function = call.get("function");
		JsonNode custom = call.get("custom");
		if (function != null) {
			return toolCall(text(call, "id"), text(function, "name"), text(function, "arguments"));
		}
		if (custom != null) {
			return toolCall(text(call, "id"), text(custom, "name"), text(custom, "input"));
		}
		return null;
	}

	static ToolCall toolCall(@Nullable String id, @Nullable String name, @Nullable String arguments) {
		return new ToolCall(id, nullToEmpty(name), arguments);
	}

	/**
	 * Token usage of the Chat Completions API ({@code prompt_tokens},
	 * {@code completion_tokens}, {@code prompt_tokens_details},
	 * {@code completion_tokens_details}) or of the Responses API ({@code input_tokens},
	 * {@code output_tokens}, {@code input_tokens_details},
	 * {@code output_tokens_details}).
	 */
	static @Nullable TokenUsage usage(@Nullable JsonNode usage) {
		if (usage == null || !usage.isObject()) {
			return null;
		}
		boolean chat = usage.has("prompt_tokens");
		Long input = number(usage, chat ? "prompt_tokens" : "input_tokens");
		Long output = number(usage, chat ? "completion_tokens" : "output_tokens");
		JsonNode inputDetails = usage.get(chat ? "prompt_tokens_details" : "input_tokens_details");
		JsonNode outputDetails = usage.get(chat ? "completion_tokens_details" : "output_tokens_details");
		return new TokenUsage(input, output, number(usage, "total_tokens"),
				(inputDetails != null) ? number(inputDetails, "cached_tokens") : null, null,
				(outputDetails != null) ? number(outputDetails, "reasoning_tokens") : null, null, null,
				(inputDetails != null) ? number(inputDetails, "audio_tokens") : null,
				(outputDetails != null) ? number(outputDetails, "audio_tokens") : null, null);
	}

	private static String nullToEmpty(@Nullable String text) {
		return (text != null) ? text : "";
	}

}
