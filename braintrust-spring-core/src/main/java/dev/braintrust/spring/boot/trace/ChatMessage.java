package dev.braintrust.spring.boot.trace;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One chat message in OpenAI chat shape. Either {@code content} (plain text) or
 * {@code contentParts} (multi-part content) is used; when {@code contentParts} is not
 * empty it wins. Integrations map their library's messages to this shape (Anthropic: the
 * {@code system} prompt becomes a {@code system} message, {@code tool_use} blocks become
 * {@link ToolCall tool calls}, {@code tool_result} blocks become {@code tool} messages).
 *
 * @param role the role: {@code system}, {@code developer}, {@code user},
 * {@code assistant} or {@code tool}
 * @param content the text content
 * @param contentParts the multi-part content (never null, may be empty)
 * @param toolCalls the tool calls of an assistant message (never null, may be empty)
 * @param toolCallId the id of the call a {@code tool} message answers
 * @param name the optional participant name
 */
public record ChatMessage(String role, @Nullable String content, List<ContentPart> contentParts,
		List<ToolCall> toolCalls, @Nullable String toolCallId, @Nullable String name) {

	public ChatMessage {
		contentParts = (contentParts != null) ? List.copyOf(contentParts) : List.of();
		toolCalls = (toolCalls != null) ? List.copyOf(toolCalls) : List.of();
	}

	/**
	 * A message with a role and text content.
	 * @param role the role
	 * @param content the text
	 * @return the message
	 */
	public static ChatMessage of(String role, @Nullable String content) {
		return new ChatMessage(role, content, List.of(), List.of(), null, null);
	}

	/**
	 * A system message.
	 * @param content the text
	 * @return the message
	 */
	public static ChatMessage system(String content) {
		return of("system", content);
	}

	/**
	 * A user message.
	 * @param content the text
	 * @return the message
	 */
	public static ChatMessage user(String content) {
		return of("user", content);
	}

	/**
	 * An assistant message.
	 * @param content the text
	 * @return the message
	 */
	public static ChatMessage assistant(@Nullable String content) {
		return of("assistant", content);
	}

	/**
	 * An assistant message with tool calls.
	 * @param content the text, if any
	 * @param toolCalls the tool calls
	 * @return the message
	 */
	public static ChatMessage assistant(@Nullable String content, List<ToolCall> toolCalls) {
		return new ChatMessage("assistant", content, List.of(), toolCalls, null, null);
	}

	/**
	 * A tool result message.
	 * @param toolCallId the id of the tool call it answers
	 * @param content the tool result
	 * @return the message
	 */
	public static ChatMessage tool(@Nullable String toolCallId, @Nullable String content) {
		return new ChatMessage("tool", content, List.of(), List.of(), toolCallId, null);
	}

}
