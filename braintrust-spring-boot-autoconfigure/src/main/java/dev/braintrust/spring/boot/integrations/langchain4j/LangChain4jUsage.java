package dev.braintrust.spring.boot.integrations.langchain4j;

import java.lang.reflect.Method;
import java.util.Map;

import dev.braintrust.spring.boot.trace.TokenUsage;
import org.jspecify.annotations.Nullable;

/**
 * Reads LangChain4j's token usage, including the details that only the provider modules'
 * subclasses carry: {@code OpenAiTokenUsage}'s cached and reasoning tokens,
 * {@code AnthropicTokenUsage}'s cache reads and writes. Those classes belong to modules
 * the starter does not depend on, so they are read by their public accessors' names; a
 * module that renames them loses the details, never the counts (see
 * {@code LangChain4jUsageTests}).
 */
final class LangChain4jUsage {

	private LangChain4jUsage() {
	}

	static @Nullable TokenUsage of(dev.langchain4j.model.output.@Nullable TokenUsage usage) {
		if (usage == null) {
			return null;
		}
		Long input = toLong(usage.inputTokenCount());
		Long output = toLong(usage.outputTokenCount());
		Long total = toLong(usage.totalTokenCount());
		// OpenAI: input_tokens_details.cached_tokens,
		// output_tokens_details.reasoning_tokens.
		Long cached = toLong(call(call(usage, "inputTokensDetails"), "cachedTokens"));
		Long reasoning = toLong(call(call(usage, "outputTokensDetails"), "reasoningTokens"));
		// Anthropic: its input tokens exclude the cache reads and writes, which the
		// OpenAI semantics of TokenUsage include.
		Long cacheRead = toLong(call(usage, "cacheReadInputTokens"));
		Long cacheCreation = toLong(call(usage, "cacheCreationInputTokens"));
		if (cacheRead != null || cacheCreation != null) {
			long extra = ((cacheRead != null) ? cacheRead : 0) + ((cacheCreation != null) ? cacheCreation : 0);
			input = (input != null) ? input + extra : null;
			total = (input != null && output != null) ? input + output : total;
			cached = cacheRead;
		}
		if (input == null && output == null && total == null) {
			return null;
		}
		return new TokenUsage(input, output, total, cached, cacheCreation, reasoning, Map.of());
	}

	private static @Nullable Object call(@Nullable Object target, String accessor) {
		if (target == null) {
			return null;
		}
		try {
			Method method = target.getClass().getMethod(accessor);
			return (method.getParameterCount() == 0) ? method.invoke(target) : null;
		}
		catch (NoSuchMethodException ex) {
			return null;
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			return null;
		}
	}

	private static @Nullable Long toLong(@Nullable Object value) {
		return (value instanceof Number number) ? number.longValue() : null;
	}

}
