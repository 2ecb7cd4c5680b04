package dev.braintrust.spring.boot.trace;

import org.jspecify.annotations.Nullable;

/**
 * Token counts of a call; {@code null} means not reported (a count is never made up: a
 * provider's reported zero is kept, an unreported count is left out). Counts follow
 * OpenAI semantics (as the OpenTelemetry GenAI conventions and Braintrust's metrics do):
 * {@code inputTokens} includes cached and cache-creation tokens and {@code outputTokens}
 * includes reasoning tokens, so an Anthropic integration adds its
 * {@code cache_read_input_tokens} and {@code cache_creation_input_tokens} to
 * {@code input_tokens}; the detail counts are subsets of those totals.
 *
 * @param inputTokens prompt tokens ({@code prompt_tokens},
 * {@code gen_ai.usage.input_tokens})
 * @param outputTokens completion tokens ({@code completion_tokens},
 * {@code gen_ai.usage.output_tokens})
 * @param totalTokens total tokens ({@code tokens}); computed from input and output when
 * null and both are known
 * @param cachedInputTokens prompt tokens read from cache ({@code prompt_cached_tokens},
 * {@code gen_ai.usage.cache_read.input_tokens})
 * @param cacheCreationInputTokens prompt tokens written to cache
 * ({@code prompt_cache_creation_tokens},
 * {@code gen_ai.usage.cache_creation.input_tokens})
 * @param reasoningTokens reasoning tokens ({@code completion_reasoning_tokens},
 * {@code gen_ai.usage.reasoning.output_tokens})
 * @param cacheCreation5mTokens cache-creation tokens of the 5-minute TTL
 * ({@code prompt_cache_creation_5m_tokens}); with the 1-hour count, a provider's split of
 * the cache-creation tokens, which {@code braintrust.metrics} then carries instead of the
 * aggregate
 * @param cacheCreation1hTokens cache-creation tokens of the 1-hour TTL
 * ({@code prompt_cache_creation_1h_tokens})
 * @param inputAudioTokens audio prompt tokens ({@code prompt_audio_tokens})
 * @param outputAudioTokens audio completion tokens ({@code completion_audio_tokens})
 * @param outputImageTokens image completion tokens ({@code completion_image_tokens})
 */
public record TokenUsage(@Nullable Long inputTokens, @Nullable Long outputTokens, @Nullable Long totalTokens,
		@Nullable Long cachedInputTokens, @Nullable Long cacheCreationInputTokens, @Nullable Long reasoningTokens,
		@Nullable Long cacheCreation5mTokens, @Nullable Long cacheCreation1hTokens, @Nullable Long inputAudioTokens,
		@Nullable Long outputAudioTokens, @Nullable Long outputImageTokens) {

	public TokenUsage {
		if (totalTokens == null && inputTokens != null && outputTokens != null) {
			totalTokens = inputTokens + outputTokens;
		}
	}

	/**
	 * Usage without a TTL split of cache creation or modality counts.
	 * @param inputTokens the input tokens
	 * @param outputTokens the output tokens
	 * @param totalTokens the total tokens
	 * @param cachedInputTokens the cached input tokens
	 * @param cacheCreationInputTokens the cache-creation input tokens
	 * @param reasoningTokens the reasoning tokens
	 */
	public TokenUsage(@Nullable Long inputTokens, @Nullable Long outputTokens, @Nullable Long totalTokens,
			@Nullable Long cachedInputTokens, @Nullable Long cacheCreationInputTokens, @Nullable Long reasoningTokens) {
		this(inputTokens, outputTokens, totalTokens, cachedInputTokens, cacheCreationInputTokens, reasoningTokens, null,
				null, null, null, null);
	}

	/**
	 * Usage with input and output tokens only.
	 * @param inputTokens the input tokens
	 * @param outputTokens the output tokens
	 * @return the usage
	 */
	public static TokenUsage of(long inputTokens, long outputTokens) {
		return new TokenUsage(inputTokens, outputTokens, null, null, null, null);
	}

	/**
	 * Whether the provider reported how the cache-creation tokens split by TTL.
	 * @return whether either TTL count is known
	 */
	public boolean hasCacheCreationSplit() {
		return this.cacheCreation5mTokens != null || this.cacheCreation1hTokens != null;
	}

}
