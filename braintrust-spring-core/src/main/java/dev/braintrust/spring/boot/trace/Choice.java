package dev.braintrust.spring.boot.trace;

import org.jspecify.annotations.Nullable;

/**
 * One choice (candidate) of a chat response, written to {@code braintrust.output_json} as
 * {@code {"index":0,"message":{...},"finish_reason":"stop"}}.
 *
 * @param index the choice index
 * @param message the message the model produced
 * @param finishReason why generation stopped ({@code stop}, {@code length},
 * {@code tool_calls}, {@code content_filter}, or the provider's own value)
 */
public record Choice(int index, ChatMessage message, @Nullable String finishReason) {

}
