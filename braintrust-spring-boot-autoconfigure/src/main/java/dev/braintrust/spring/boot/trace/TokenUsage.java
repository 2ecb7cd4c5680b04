package dev.braintrust.spring.boot.trace;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Token counts of a call; {@code null} means unknown. Counts follow OpenAI semantics (as
 * the OpenTelemetry GenAI conventions do): {@code inputTokens} includes cached and
 * cache-creation tokens and {@code outputTokens} includes reasoning tokens, so an
 * Anthropic integration adds its {@code cache_read_input_tokens} and
 * {@code cache_creation_input_tokens} to {@code input_tokens}.
 *
 * @param inputTokens prompt tokens ({@code prompt_tokens},
 * {@code gen_ai.usage.input_tokens})
 * @param outputTokens completion tokens ({@code completion_tokens},
 * {@code gen_ai.usage.output_tokens})
 * @param totalTokens total tokens ({@code tokens}); computed from input and output when
 * null and both are known
 * @param cachedInputTokens prompt tokens read from cache ({@code prompt_cached_tokens})
 * @param cacheCreationInputTokens prompt tokens written to cache
 * ({@code prompt_cache_creation_tokens})
 * @param reasoningTokens reasoning tokens ({@code completion_reasoning_tokens})
 * @param extra further counters written as-is to {@code braintrust.metrics}, e.g.
 * Anthropic's 5m/1h cache-creation split (never null, may be empty)
 */
public record TokenUsage(@Nullable Long inputTokens, @Nullable Long outputTokens, @Nullable Long totalTokens,
		@Nullable Long cachedInputTokens, @Nullable Long cacheCreationInputTokens, @Nullable Long reasoningTokens,
		Map<String, Long> extra) {

	public TokenUsage {
		if (totalTokens == null && inputTokens != null && outputTokens != null) {
			totalTokens = inputTokens + outputTokens;
		}
		extra = (extra == null || extra.isEmpty()) ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(extra));
	}

	/**
	 * Usage with input and output tokens only.
	 * @param inputTokens the input tokens
	 * @param outputTokens the output tokens
	 * @return the usage
	 */
	public static TokenUsage of(long inputTokens, long outputTokens) {
		return new TokenUsage(inputTokens, outputTokens, null, null, null, null, Map.of());
	}

}
