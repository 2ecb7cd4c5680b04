package dev.braintrust.spring.boot.integrations.bedrock;

import java.util.ArrayList;
import java.util.List;

import dev.braintrust.spring.boot.trace.ChatMessage;
import dev.braintrust.spring.boot.trace.ChatStreamAccumulator;
import dev.braintrust.spring.boot.trace.Choice;
import dev.braintrust.spring.boot.trace.ContentPart;
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
 * The chat-completions body of the models Bedrock serves in OpenAI's chat format (Mistral
 * Large, OpenAI's open-weight models, AI21 Jamba, DeepSeek's completions):
 * {@code messages} with their tool calls and tool results, parameters and {@code tools}
 * of the request; the choices (a message, or a completion's {@code text}), their finish
 * reason (named {@code finish_reason} or {@code stop_reason}) and {@code usage} of the
 * response; the choices' deltas (or messages) of a stream.
 */
final class ChatCompletionBodies {

	private ChatCompletionBodies() {
	}

	static boolean isResponse(JsonNode body) {
		JsonNode choices = field(body, "choices");
		return choices != null && choices.isArray();
	}

	static void request(LlmRequest.Builder builder, JsonNode body) {
		builder.parameter("max_tokens", number(body, "max_tokens"));
		builder.parameter("max_completion_tokens", number(body, "max_completion_tokens"));
		builder.parameter("temperature", number(body, "temperature"));
		builder.parameter("top_p", number(body, "top_p"));
		builder.parameter("top_k", number(body, "top_k"));
		builder.parameter("seed", number(body, "seed"));
		InvokeModelMapping.stopSequences(builder, body, "stop");
		for (JsonNode message : array(body, "messages")) {
			addMessage(builder, message);
		}
		for (JsonNode tool : array(body, "tools")) {
			JsonNode function = field(tool, "function");
			String name = (function != null) ? text(function, "name") : null;
			if (name != null) {
				builder
					.tool(new ToolDefinition(name, text(function, "description"), json(field(function, "parameters"))));
			}
		}
	}

	static LlmResponse response(JsonNode body) {
		List<Choice> choices = new ArrayList<>();
		int position = 0;
		for (JsonNode choice : array(body, "choices")) {
			Long index = count(choice, "index");
			JsonNode message = field(choice, "message");
			ChatMessage assistant = (message != null && message.isObject()) ? assistant(message)
					: ChatMessage.assistant(text(choice, "text"));
			choices.add(new Choice((index != null) ? index.intValue() : position, assistant, finishReason(choice)));
			position++;
		}
		JsonNode usage = field(body, "usage");
		return LlmResponse.chat(text(body, "id"), text(body, "model"), choices,
				(usage != null && usage.isObject()) ? usage(usage) : null);
	}

	/**
	 * Aggregate one chunk of a stream.
	 * @param chunk the chunk
	 * @param accumulator the stream's accumulator
	 * @return whether the chunk carried the usage
	 */
	static boolean chunk(JsonNode chunk, ChatStreamAccumulator accumulator) {
		accumulator.id(text(chunk, "id"));
		accumulator.model(text(chunk, "model"));
		int position = 0;
		for (JsonNode choice : array(chunk, "choices")) {
			Long counted = count(choice, "index");
			int index = (counted != null) ? counted.intValue() : position++;
			JsonNode delta = field(choice, "delta");
			if (delta == null || !delta.isObject()) {
				delta = field(choice, "message");
			}
			if (delta != null && delta.isObject()) {
				accumulator.role(index, text(delta, "role"));
				accumulator.content(index, text(delta, "content"));
				int toolPosition = 0;
				for (JsonNode call : array(delta, "tool_calls")) {
					Long toolIndex = count(call, "index");
					JsonNode function = field(call, "function");
					accumulator.toolCall(index, (toolIndex != null) ? toolIndex.intValue() : toolPosition,
							text(call, "id"), (function != null) ? text(function, "name") : null,
							(function != null) ? text(function, "arguments") : null);
					toolPosition++;
				}
			}
			else {
				accumulator.content(index, text(choice, "text"));
			}
			accumulator.finishReason(index, finishReason(choice));
		}
		JsonNode usage = field(chunk, "usage");
		if (usage != null && usage.isObject()) {
			accumulator.usage(usage(usage));
			return true;
		}
		return false;
	}

	private static ChatMessage assistant(JsonNode message) {
		List<ToolCall> toolCalls = new ArrayList<>();
		for (JsonNode call : array(message, "tool_calls")) {
			JsonNode function = field(call, "function");
			if (function != null && function.isObject()) {
				toolCalls.add(new ToolCall(text(call, "id"), nonNull(text(function, "name")), arguments(function)));
			}
		}
		String reasoning = text(message, "reasoning_content");
		if (reasoning != null) {
			List<ContentPart> parts = new ArrayList<>();
			parts.add(new ContentPart("reasoning", reasoning, null));
			String content = text(message, "content");
			if (content != null) {
				parts.add(ContentPart.text(content));
			}
			return new ChatMessage("assistant", null, parts, toolCalls, null, null);
		}
		return new ChatMessage("assistant", InvokeModelMapping.texts(field(message, "content"), "text"), List.of(),
				toolCalls, null, null);
	}

	private static void addMessage(LlmRequest.Builder builder, JsonNode message) {
		String role = nonNull(text(message, "role"));
		if (role.isEmpty()) {
			return;
		}
		String content = InvokeModelMapping.texts(field(message, "content"), "text");
		if ("tool".equals(role)) {
			builder.message(ChatMessage.tool(text(message, "tool_call_id"), content));
			return;
		}
		List<ToolCall> toolCalls = new ArrayList<>();
		for (JsonNode call : array(message, "tool_calls")) {
			JsonNode function = field(call, "function");
			if (function != null && function.isObject()) {
				toolCalls.add(new ToolCall(text(call, "id"), nonNull(text(function, "name")), arguments(function)));
			}
		}
		builder.message(new ChatMessage(role, content, List.of(), toolCalls, null, text(message, "name")));
	}

	// The arguments are a JSON string in OpenAI's format, an object in Mistral's.
	private static @Nullable String arguments(JsonNode function) {
		JsonNode arguments = field(function, "arguments");
		return (arguments != null && arguments.isString()) ? arguments.asString() : json(arguments);
	}

	private static @Nullable String finishReason(JsonNode choice) {
		String reason = text(choice, "finish_reason");
		return (reason != null) ? reason : text(choice, "stop_reason");
	}

	private static TokenUsage usage(JsonNode usage) {
		JsonNode promptDetails = field(usage, "prompt_tokens_details");
		JsonNode completionDetails = field(usage, "completion_tokens_details");
		return new TokenUsage(count(usage, "prompt_tokens"), count(usage, "completion_tokens"),
				count(usage, "total_tokens"), (promptDetails != null) ? count(promptDetails, "cached_tokens") : null,
				null, (completionDetails != null) ? count(completionDetails, "reasoning_tokens") : null);
	}

}
