package dev.braintrust.spring.boot.integrations.anthropic;

import java.util.Optional;

import com.anthropic.models.messages.CacheCreation;
import com.anthropic.models.messages.OutputTokensDetails;
import com.anthropic.models.messages.Usage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.braintrust.spring.boot.trace.TokenUsage;
import org.jspecify.annotations.Nullable;

import static dev.braintrust.spring.boot.integrations.anthropic.AnthropicMessageConverter.number;

/**
 * Anthropic's token counts as the API reports them ({@code null}: not reported).
 *
 * @param input {@code input_tokens}, which excludes cached and cache-creation tokens
 * @param output {@code output_tokens}
 * @param cacheRead {@code cache_read_input_tokens}
 * @param cacheCreation {@code cache_creation_input_tokens}
 * @param thinking {@code output_tokens_details.thinking_tokens}
 * @param creation5m {@code cache_creation.ephemeral_5m_input_tokens}
 * @param creation1h {@code cache_creation.ephemeral_1h_input_tokens}
 */
record UsageCounts(@Nullable Long input, @Nullable Long output, @Nullable Long cacheRead, @Nullable Long cacheCreation,
		@Nullable Long thinking, @Nullable Long creation5m, @Nullable Long creation1h) {

	/**
	 * The counts of a {@code usage} object of the wire JSON.
	 */
	static UsageCounts of(JsonNode usage) {
		JsonNode split = usage.path("cache_creation");
		return new UsageCounts(number(usage, "input_tokens"), number(usage, "output_tokens"),
				number(usage, "cache_read_input_tokens"), number(usage, "cache_creation_input_tokens"),
				number(usage.path("output_tokens_details"), "thinking_tokens"),
				number(split, "ephemeral_5m_input_tokens"), number(split, "ephemeral_1h_input_tokens"));
	}

	/**
	 * The counts of a message's usage, read through the SDK's typed accessors.
	 */
	static UsageCounts of(Usage usage) {
		Optional<CacheCreation> split = usage.cacheCreation();
		return new UsageCounts(usage.inputTokens(), usage.outputTokens(), usage.cacheReadInputTokens().orElse(null),
				usage.cacheCreationInputTokens().orElse(null),
				usage.outputTokensDetails().map(OutputTokensDetails::thinkingTokens).orElse(null),
				split.map(CacheCreation::ephemeral5mInputTokens).orElse(null),
				split.map(CacheCreation::ephemeral1hInputTokens).orElse(null));
	}

	/**
	 * These counts updated by those of a later event of a stream: the later counts win,
	 * those it does not carry are kept.
	 */
	UsageCounts merge(UsageCounts later) {
		return new UsageCounts(or(later.input, this.input), or(later.output, this.output),
				or(later.cacheRead, this.cacheRead), or(later.cacheCreation, this.cacheCreation),
				or(later.thinking, this.thinking), or(later.creation5m, this.creation5m),
				or(later.creation1h, this.creation1h));
	}

	/**
	 * The usage of the call: the prompt counts the cached and cache-creation tokens (as
	 * the tracing model and Braintrust's own Anthropic wrappers do); the cache-creation
	 * split is kept when some tokens were written to cache.
	 */
	TokenUsage toUsage() {
		boolean split = this.creation5m != null || this.creation1h != null;
		Long creation = (this.cacheCreation != null || !split) ? this.cacheCreation
				: Long.valueOf(orZero(this.creation5m) + orZero(this.creation1h));
		Long prompt = (this.input != null) ? this.input + orZero(this.cacheRead) + orZero(creation) : null;
		return new TokenUsage(prompt, this.output, null, this.cacheRead, creation, this.thinking, this.creation5m,
				this.creation1h, null, null, null);
	}

	private static @Nullable Long or(@Nullable Long value, @Nullable Long otherwise) {
		return (value != null) ? value : otherwise;
	}

	private static long orZero(@Nullable Long value) {
		return (value != null) ? value : 0L;
	}

}
