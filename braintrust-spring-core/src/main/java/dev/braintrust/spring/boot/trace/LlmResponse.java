package dev.braintrust.spring.boot.trace;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What an integration knows about a model call's result.
 *
 * @param id the response id ({@code gen_ai.response.id})
 * @param model the model that answered ({@code gen_ai.response.model})
 * @param choices the choices of a chat response (never null, may be empty)
 * @param usage the token usage, if reported
 * @param output the output of a non-chat operation (a JSON-like value: e.g. a summary of
 * embeddings such as {@code {"embeddings":3,"dimensions":1536}}, or a tool result)
 * @param truncated whether the output is cut: a streamed response whose aggregation
 * stopped at a bound (content past the content bound, more choices or tool calls than any
 * provider sends); the span gets an {@code output_truncated} event
 */
public record LlmResponse(@Nullable String id, @Nullable String model, List<Choice> choices, @Nullable TokenUsage usage,
		@Nullable Object output, boolean truncated) {

	private static final LlmResponse EMPTY = new LlmResponse(null, null, List.of(), null, null);

	public LlmResponse {
		choices = (choices != null) ? List.copyOf(choices) : List.of();
	}

	/**
	 * A response whose output is whole.
	 * @param id the response id
	 * @param model the response model
	 * @param choices the choices
	 * @param usage the usage
	 * @param output the output of a non-chat operation
	 */
	public LlmResponse(@Nullable String id, @Nullable String model, List<Choice> choices, @Nullable TokenUsage usage,
			@Nullable Object output) {
		this(id, model, choices, usage, output, false);
	}

	/**
	 * The response of a chat call.
	 * @param id the response id
	 * @param model the response model
	 * @param choices the choices
	 * @param usage the usage
	 * @return the response
	 */
	public static LlmResponse chat(@Nullable String id, @Nullable String model, List<Choice> choices,
			@Nullable TokenUsage usage) {
		return new LlmResponse(id, model, choices, usage, null);
	}

	/**
	 * The response of a non-chat call.
	 * @param model the response model
	 * @param output the output
	 * @param usage the usage
	 * @return the response
	 */
	public static LlmResponse output(@Nullable String model, @Nullable Object output, @Nullable TokenUsage usage) {
		return new LlmResponse(null, model, List.of(), usage, output);
	}

	/**
	 * A response with nothing known.
	 * @return the empty response
	 */
	public static LlmResponse empty() {
		return EMPTY;
	}

}
