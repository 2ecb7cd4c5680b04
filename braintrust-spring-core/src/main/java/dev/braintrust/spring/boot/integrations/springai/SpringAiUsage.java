package dev.braintrust.spring.boot.integrations.springai;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.Optional;

import dev.braintrust.spring.boot.trace.TokenUsage;
import org.jspecify.annotations.Nullable;

import org.springframework.ai.chat.metadata.EmptyUsage;
import org.springframework.ai.chat.metadata.Usage;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Maps Spring AI's {@link Usage} to a {@link TokenUsage}.
 * <p>
 * Spring AI reports a provider's prompt tokens as the provider counts them: OpenAI's
 * include the cached tokens, Anthropic's exclude the tokens read from and written to the
 * cache. {@link TokenUsage} counts the OpenAI way, so Anthropic's cache tokens are added
 * to its input tokens. Reasoning tokens are not part of {@link Usage}; they are read from
 * the OpenAI SDK's native usage object when it is there. Spring AI 1.1's {@link Usage}
 * has no cache tokens either: they are read from the native usage of its own clients
 * ({@code OpenAiApi.Usage}, {@code AnthropicApi.Usage}).
 */
final class SpringAiUsage {

	private SpringAiUsage() {
	}

	static @Nullable TokenUsage of(@Nullable Usage usage, String provider) {
		return of(usage, provider, null);
	}

	/**
	 * The usage of a call that Spring AI reports added to the usage it reported before it
	 * (the calls of a Spring AI 1.1 model's tool loop).
	 * @param usage the usage reported
	 * @param provider the provider
	 * @param reportedBefore the usage reported before the call, or {@code null}
	 * @return the call's own usage, or {@code null}
	 */
	static @Nullable TokenUsage of(@Nullable Usage usage, String provider, @Nullable Usage reportedBefore) {
		if (usage == null || usage instanceof EmptyUsage) {
			return null;
		}
		Integer prompt = usage.getPromptTokens();
		Integer completion = usage.getCompletionTokens();
		Integer reportedTotal = usage.getTotalTokens();
		if (usage == reportedBefore) {
			// The call reported no usage of its own: the model repeated the loop's.
			return null;
		}
		if (reportedBefore != null && !(reportedBefore instanceof EmptyUsage)) {
			prompt = less(prompt, reportedBefore.getPromptTokens());
			completion = less(completion, reportedBefore.getCompletionTokens());
			reportedTotal = less(reportedTotal, reportedBefore.getTotalTokens());
		}
		if ((prompt == null || prompt == 0) && (completion == null || completion == 0)) {
			// A streamed chunk without usage (Spring AI reports zeros).
			return null;
		}
		Long cacheRead = SpringAiApi.cacheReadInputTokens(usage);
		Long cacheWrite = SpringAiApi.cacheWriteInputTokens(usage);
		Object nativeUsage = usage.getNativeUsage();
		if (cacheRead == null && cacheWrite == null && isSpringAiNative(nativeUsage)) {
			cacheRead = springAiNativeCount(nativeUsage, "promptTokensDetails", "cachedTokens");
			if (cacheRead == null) {
				cacheRead = springAiNativeCount(nativeUsage, null, "cacheReadInputTokens");
				cacheWrite = springAiNativeCount(nativeUsage, null, "cacheCreationInputTokens");
			}
		}
		Long input = (prompt != null) ? prompt.longValue() : null;
		Long total = (reportedTotal != null) ? reportedTotal.longValue() : null;
		if ("anthropic".equals(provider) && input != null) {
			long cached = ((cacheRead != null) ? cacheRead : 0) + ((cacheWrite != null) ? cacheWrite : 0);
			input += cached;
			total = (total != null) ? total + cached : null;
		}
		return new TokenUsage(input, (completion != null) ? completion.longValue() : null, total, cacheRead, cacheWrite,
				isSpringAiNative(nativeUsage)
						? springAiNativeCount(nativeUsage, "completionTokenDetails", "reasoningTokens")
						: reasoningTokens(nativeUsage));
	}

	// A count less what was reported before it; the count as it is when that would not
	// be a count.
	private static @Nullable Integer less(@Nullable Integer count, @Nullable Integer before) {
		return (count != null && before != null && count >= before) ? count - before : count;
	}

	// The usage records of Spring AI 1.1's own clients (OpenAiApi.Usage,
	// AnthropicApi.Usage, ...).
	private static boolean isSpringAiNative(@Nullable Object nativeUsage) {
		return nativeUsage != null && nativeUsage.getClass().getName().startsWith("org.springframework.ai.");
	}

	// A count of a Spring AI 1.1 client's usage record, or of one of its parts.
	private static @Nullable Long springAiNativeCount(Object nativeUsage, @Nullable String part, String count) {
		try {
			Object holder = (part != null) ? invoke(nativeUsage, part) : nativeUsage;
			Object value = (holder != null) ? invoke(holder, count) : null;
			return (value instanceof Number number) ? number.longValue() : null;
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	// com.openai.models.completions.CompletionUsage#completionTokensDetails()
	// .reasoningTokens(), read reflectively: the OpenAI SDK is not a dependency of this
	// integration.
	private static @Nullable Long reasoningTokens(@Nullable Object nativeUsage) {
		if (nativeUsage == null || !nativeUsage.getClass().getName().startsWith("com.openai.")) {
			return null;
		}
		try {
			Object details = unwrap(invoke(nativeUsage, "completionTokensDetails"));
			Object reasoning = (details != null) ? unwrap(invoke(details, "reasoningTokens")) : null;
			return (reasoning instanceof Long tokens) ? tokens : null;
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	private static @Nullable Object invoke(Object target, String name) {
		Method method = ClassUtils.getMethodIfAvailable(target.getClass(), name);
		return (method != null) ? ReflectionUtils.invokeMethod(method, target) : null;
	}

	private static @Nullable Object unwrap(@Nullable Object value) {
		return (value instanceof Optional<?> optional) ? optional.orElse(null) : value;
	}

}
