package dev.braintrust.spring.boot.integrations.bedrock;

import java.util.ArrayList;
import java.util.List;

import dev.braintrust.spring.boot.trace.ChatMessage;
import dev.braintrust.spring.boot.trace.ChatStreamAccumulator;
import dev.braintrust.spring.boot.trace.Choice;
import dev.braintrust.spring.boot.trace.ContentPart;
import dev.braintrust.spring.boot.trace.ContentShape;
import dev.braintrust.spring.boot.trace.LlmRequest;
import dev.braintrust.spring.boot.trace.LlmResponse;
import dev.braintrust.spring.boot.trace.TokenUsage;
import dev.braintrust.spring.boot.trace.ToolCall;
import dev.braintrust.spring.boot.trace.ToolDefinition;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

import static dev.braintrust.spring.boot.integrations.bedrock.InvokeModelMapping.array;
import static dev.braintrust.spring.boot.integrations.bedrock.InvokeModelMapping.count;
import static dev.braintrust.spring.boot.integrations.bedrock.InvokeModelMapping.field;
import static dev.braintrust.spring.boot.integrations.bedrock.InvokeModelMapping.json;
import static dev.braintrust.spring.boot.integrations.bedrock.InvokeModelMapping.nonNull;
import static dev.braintrust.spring.boot.integrations.bedrock.InvokeModelMapping.number;
import static dev.braintrust.spring.boot.integrations.bedrock.InvokeModelMapping.text;

/**
 * The Anthropic Messages body on Bedrock ({@code anthropic_version}, {@code messages}):
 * messages, system prompt, parameters under their wire names and tools of the request;
 * the message, stop reason and usage of the response; the events of a stream (text and
 * tool input deltas by content block, the id, model and input usage of
 * {@code message_start}, the stop reason and output usage of {@code message_delta},
 * {@code message_stop} the last event).
 */
final class AnthropicBodies {

	private AnthropicBodies() {
	}

	static boolean isRequest(JsonNode body) {
		return body.field("anthropic_version").isPresent() && body.field("messages").isPresent();
	}

	static boolean isResponse(JsonNode body) {
		return "message".equals(text(body, "type"));
	}

	static boolean isEvent(JsonNode event) {
		String type = text(event, "type");
		return type != null && (type.startsWith("message_") || type.startsWith("content_block_"));
	}

	static void request(LlmRequest.Builder builder, JsonNode body) {
		builder.shape(ContentShape.ANTHROPIC);
		builder.parameter("max_tokens", number(body, "max_tokens"));
		builder.parameter("temperature", number(body, "temperature"));
		builder.parameter("top_p", number(body, "top_p"));
		builder.parameter("top_k", number(body, "top_k"));
		InvokeModelMapping.stopSequences(builder, body, "stop_sequences");
		JsonNode system = field(body, "system");
		if (system != null && system.isString()) {
			builder.message(ChatMessage.system(system.asString()));
		}
		else if (system != null && system.isArray()) {
			for (JsonNode block : system.asArray()) {
				String text = text(block, "text");
				if (text != null) {
					builder.message(ChatMessage.system(text));
				}
			}
		}
		for (JsonNode message : array(body, "messages")) {
			addMessage(builder, message);
		}
		for (JsonNode tool : array(body, "tools")) {
			String name = text(tool, "name");
			if (name != null) {
				builder.tool(new ToolDefinition(name, text(tool, "description"), json(field(tool, "input_schema"))));
			}
		}
	}

	static LlmResponse response(JsonNode body) {
		List<ContentPart> parts = new ArrayList<>();
		StringBuilder text = new StringBuilder();
		List<ToolCall> toolCalls = new ArrayList<>();
		for (JsonNode block : array(body, "content")) {
			String type = text(block, "type");
			if ("text".equals(type)) {
				text.append(nonNull(text(block, "text")));
			}
			else if ("tool_use".equals(type)) {
				toolCalls
					.add(new ToolCall(text(block, "id"), nonNull(text(block, "name")), json(field(block, "input"))));
			}
			else if ("thinking".equals(type)) {
				parts.add(new ContentPart("reasoning", text(block, "thinking"), null));
			}
		}
		ChatMessage message;
		if (parts.isEmpty()) {
			message = new ChatMessage("assistant", text.isEmpty() ? null : text.toString(), List.of(), toolCalls, null,
					null);
		}
		else {
			if (!text.isEmpty()) {
				parts.add(ContentPart.text(text.toString()));
			}
			message = new ChatMessage("assistant", null, parts, toolCalls, null, null);
		}
		JsonNode usage = field(body, "usage");
		return LlmResponse.chat(text(body, "id"), text(body, "model"),
				List.of(new Choice(0, message, text(body, "stop_reason"))), (usage != null) ? usage(usage) : null);
	}

	/**
	 * Aggregate one event of a stream.
	 * @param event the event
	 * @param accumulator the stream's accumulator
	 * @param inputUsage the usage of the stream's {@code message_start}, if any
	 * @return the usage of this event's {@code message_start}, else {@code inputUsage}
	 */
	static @Nullable TokenUsage event(JsonNode event, ChatStreamAccumulator accumulator,
			@Nullable TokenUsage inputUsage) {
		String type = text(event, "type");
		if ("message_start".equals(type)) {
			JsonNode message = field(event, "message");
			if (message != null && message.isObject()) {
				accumulator.id(text(message, "id"));
				accumulator.model(text(message, "model"));
				accumulator.role(0, "assistant");
				JsonNode usage = field(message, "usage");
				if (usage != null && usage.isObject()) {
					TokenUsage input = usage(usage);
					accumulator.usage(input);
					return input;
				}
			}
		}
		else if ("content_block_start".equals(type)) {
			JsonNode block = field(event, "content_block");
			Long index = count(event, "index");
			if (block != null && index != null && "tool_use".equals(text(block, "type"))) {
				accumulator.toolCall(0, index.intValue(), text(block, "id"), text(block, "name"), null);
			}
		}
		else if ("content_block_delta".equals(type)) {
			JsonNode delta = field(event, "delta");
			Long index = count(event, "index");
			String deltaType = (delta != null) ? text(delta, "type") : null;
			if ("text_delta".equals(deltaType)) {
				accumulator.content(0, text(delta, "text"));
			}
			else if ("input_json_delta".equals(deltaType) && index != null) {
				accumulator.toolCall(0, index.intValue(), null, null, text(delta, "partial_json"));
			}
		}
		else if ("message_delta".equals(type)) {
			JsonNode delta = field(event, "delta");
			if (delta != null && delta.isObject()) {
				accumulator.finishReason(0, text(delta, "stop_reason"));
			}
			JsonNode usage = field(event, "usage");
			Long output = (usage != null && usage.isObject()) ? count(usage, "output_tokens") : null;
			if (output != null) {
				accumulator.usage(new TokenUsage((inputUsage != null) ? inputUsage.inputTokens() : null, output, null,
						(inputUsage != null) ? inputUsage.cachedInputTokens() : null,
						(inputUsage != null) ? inputUsage.cacheCreationInputTokens() : null, null));
			}
		}
		return inputUsage;
	}

	static boolean isContentEvent(JsonNode event) {
		return "content_block_delta".equals(text(event, "type"));
	}

	static boolean isLastEvent(JsonNode event) {
		return "message_stop".equals(text(event, "type"));
	}

	private static void addMessage(LlmRequest.Builder builder, JsonNode message) {
		String role = (text(message, "role") != null) ? text(message, "role") : "user";
		JsonNode content = field(message, "content");
		if (content == null) {
			return;
		}
		if (content.isString()) {
			builder.message(ChatMessage.of(role, content.asString()));
			return;
		}
		if (!content.isArray()) {
			return;
		}
		List<ContentPart> parts = new ArrayList<>();
		List<ToolCall> toolCalls = new ArrayList<>();
		for (JsonNode block : content.asArray()) {
			String type = nonNull(text(block, "type"));
			switch (type) {
				case "text" -> parts.add(ContentPart.text(nonNull(text(block, "text"))));
				case "tool_use" -> toolCalls
					.add(new ToolCall(text(block, "id"), nonNull(text(block, "name")), json(field(block, "input"))));
				case "tool_result" -> builder.message(ChatMessage.tool(text(block, "tool_use_id"), toolResult(block)));
				case "image", "document" -> {
					JsonNode source = field(block, "source");
					String mediaType = (source != null) ? text(source, "media_type") : null;
					String data = (source != null) ? text(source, "data") : null;
					parts.add(new ContentPart(type,
							ConverseMapping.placeholder(type, mediaType, InvokeModelMapping.base64Bytes(data)), null));
				}
				default -> {
					// Thinking blocks of earlier turns and unknown blocks are not
					// recorded.
				}
			}
		}
		InvokeModelMapping.addMessage(builder, role, parts, toolCalls);
	}

	private static String toolResult(JsonNode block) {
		JsonNode content = field(block, "content");
		if (content == null) {
			return "";
		}
		if (content.isString()) {
			return content.asString();
		}
		return InvokeModelMapping.texts(content, "text");
	}

	// Anthropic's counts: input_tokens exclude the cache, the starter's include it.
	static TokenUsage usage(JsonNode usage) {
		return ConverseMapping.usage(count(usage, "input_tokens"), count(usage, "output_tokens"), null,
				count(usage, "cache_read_input_tokens"), count(usage, "cache_creation_input_tokens"));
	}

}
