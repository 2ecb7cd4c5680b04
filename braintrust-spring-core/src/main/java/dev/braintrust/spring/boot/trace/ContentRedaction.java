package dev.braintrust.spring.boot.trace;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Applies a {@link SpanContentRedactor} to the content strings of a request (its
 * messages, its input, and what goes to {@code braintrust.metadata}: the string values of
 * its parameters and its tools' descriptions and schemas) or of a response, once, before
 * anything is written: the truncation logic may write a document several times.
 */
final class ContentRedaction {

	private final SpanContentRedactor redactor;

	ContentRedaction(SpanContentRedactor redactor) {
		this.redactor = redactor;
	}

	/**
	 * The request with its content (messages, input) redacted, for the documents the span
	 * gets when it starts.
	 */
	LlmRequest redactInput(LlmRequest request) {
		return new LlmRequest(request.integration(), request.provider(), request.operation(), request.model(),
				request.parameters(), request.stream(), messages(request.messages()), request.tools(),
				value(request.input(), 0), request.toolName(), request.toolCallId(), request.serverAddress(),
				request.serverPort(), request.displayName(), request.shape(), request.conversationId(),
				request.spanType());
	}

	/**
	 * The request with what its metadata shows (parameters, tools) redacted, for the
	 * metadata the span gets when it ends.
	 */
	LlmRequest redactMetadata(LlmRequest request) {
		return new LlmRequest(request.integration(), request.provider(), request.operation(), request.model(),
				parameters(request.parameters()), request.stream(), request.messages(), tools(request.tools()),
				request.input(), request.toolName(), request.toolCallId(), request.serverAddress(),
				request.serverPort(), request.displayName(), request.shape(), request.conversationId(),
				request.spanType());
	}

	private Map<String, Object> parameters(Map<String, Object> parameters) {
		if (parameters.isEmpty()) {
			return parameters;
		}
		Map<String, Object> result = new LinkedHashMap<>();
		parameters.forEach((name, value) -> result.put(name, value(value, 0)));
		return result;
	}

	private List<ToolDefinition> tools(List<ToolDefinition> tools) {
		if (tools.isEmpty()) {
			return tools;
		}
		List<ToolDefinition> result = new ArrayList<>(tools.size());
		for (ToolDefinition tool : tools) {
			result.add(new ToolDefinition(tool.name(), string(tool.description()), string(tool.parameters())));
		}
		return result;
	}

	LlmResponse redact(LlmResponse response) {
		List<Choice> choices = new ArrayList<>(response.choices().size());
		for (Choice choice : response.choices()) {
			choices.add(new Choice(choice.index(), message(choice.message()), choice.finishReason()));
		}
		return new LlmResponse(response.id(), response.model(), choices, response.usage(), value(response.output(), 0));
	}

	private List<ChatMessage> messages(List<ChatMessage> messages) {
		List<ChatMessage> result = new ArrayList<>(messages.size());
		for (ChatMessage message : messages) {
			result.add(message(message));
		}
		return result;
	}

	private ChatMessage message(ChatMessage message) {
		List<ContentPart> parts = message.contentParts();
		if (!parts.isEmpty()) {
			List<ContentPart> redacted = new ArrayList<>(parts.size());
			for (ContentPart part : parts) {
				redacted.add(new ContentPart(part.type(), string(part.text()), string(part.url())));
			}
			parts = redacted;
		}
		List<ToolCall> calls = message.toolCalls();
		if (!calls.isEmpty()) {
			List<ToolCall> redacted = new ArrayList<>(calls.size());
			for (ToolCall call : calls) {
				redacted.add(new ToolCall(call.id(), call.name(), string(call.arguments())));
			}
			calls = redacted;
		}
		return new ChatMessage(message.role(), string(message.content()), parts, calls, message.toolCallId(),
				message.name());
	}

	private @Nullable String string(@Nullable String content) {
		return (content != null) ? this.redactor.redact(content) : null;
	}

	private @Nullable Object value(@Nullable Object value, int depth) {
		if (value instanceof String string) {
			return this.redactor.redact(string);
		}
		if (depth > 16) {
			return value;
		}
		if (value instanceof Map<?, ?> map) {
			Map<Object, @Nullable Object> result = new LinkedHashMap<>();
			map.forEach((key, element) -> result.put(key, value(element, depth + 1)));
			return result;
		}
		if (value instanceof Iterable<?> iterable) {
			List<@Nullable Object> result = new ArrayList<>();
			iterable.forEach((element) -> result.add(value(element, depth + 1)));
			return result;
		}
		return value;
	}

}
