package dev.braintrust.spring.boot.integrations.langchain4j;

import java.lang.reflect.Method;

import dev.braintrust.spring.boot.trace.TokenUsage;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;

/**
 * Reads LangChain4j's token usage, including the details that only the provider modules'
 * subclasses carry: {@code OpenAiTokenUsage}'s cached and reasoning tokens,
 * {@code AnthropicTokenUsage}'s cache reads and writes. Those classes belong to modules
 * the starter does not depend on, so they are read by their public accessors' names; a
 * module that renames them loses the details, never the counts (see
 * {@code LangChain4jUsageTests}).
 */
final class LangChain4jUsage {

	// The accessors of each usage class, looked up once per class.
	private static final ClassValue<Accessors> ACCESSORS = new ClassValue<>() {

		@Override
		protected Accessors computeValue(Class<?> type) {
			return new Accessors(accessor(type, "inputTokensDetails"), accessor(type, "outputTokensDetails"),
					accessor(type, "cacheReadInputTokens"), accessor(type, "cacheCreationInputTokens"));
		}

	};

	private static final ClassValue<Method> CACHED_TOKENS = accessorOf("cachedTokens");

	private static final ClassValue<Method> REASONING_TOKENS = accessorOf("reasoningTokens");

	private LangChain4jUsage() {
	}

	static @Nullable TokenUsage of(dev.langchain4j.model.output.@Nullable TokenUsage usage) {
		if (usage == null) {
			return null;
		}
		Long input = toLong(usage.inputTokenCount());
		Long output = toLong(usage.outputTokenCount());
		Long total = toLong(usage.totalTokenCount());
		Accessors accessors = ACCESSORS.get(usage.getClass());
		// OpenAI: input_tokens_details.cached_tokens,
		// output_tokens_details.reasoning_tokens.
		Long cached = toLong(call(call(usage, accessors.inputDetails), CACHED_TOKENS));
		Long reasoning = toLong(call(call(usage, accessors.outputDetails), REASONING_TOKENS));
		// Anthropic: its input tokens exclude the cache reads and writes, which the
		// OpenAI semantics of TokenUsage include.
		Long cacheRead = toLong(call(usage, accessors.cacheRead));
		Long cacheCreation = toLong(call(usage, accessors.cacheCreation));
		if (cacheRead != null || cacheCreation != null) {
			long extra = ((cacheRead != null) ? cacheRead : 0) + ((cacheCreation != null) ? cacheCreation : 0);
			input = (input != null) ? input + extra : null;
			total = (input != null && output != null) ? input + output : total;
			cached = cacheRead;
		}
		if (input == null && output == null && total == null) {
			return null;
		}
		return new TokenUsage(input, output, total, cached, cacheCreation, reasoning);
	}

	private static @Nullable Object call(@Nullable Object target, ClassValue<Method> accessor) {
		return (target != null) ? call(target, accessor.get(target.getClass())) : null;
	}

	private static @Nullable Object call(@Nullable Object target, @Nullable Method accessor) {
		if (target == null || accessor == null) {
			return null;
		}
		try {
			return accessor.invoke(target);
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			return null;
		}
	}

	private static ClassValue<Method> accessorOf(String name) {
		return new ClassValue<>() {

			@Override
			protected @Nullable Method computeValue(Class<?> type) {
				return accessor(type, name);
			}

		};
	}

	// A public no-argument method of a public type, or null.
	private static @Nullable Method accessor(Class<?> type, String name) {
		Method method = ClassUtils.getMethodIfAvailable(type, name);
		if (method == null || method.getParameterCount() != 0) {
			return null;
		}
		Method interfaceMethod = ClassUtils.getInterfaceMethodIfPossible(method, type);
		try {
			interfaceMethod.setAccessible(true);
			return interfaceMethod;
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	private static @Nullable Long toLong(@Nullable Object value) {
		return (value instanceof Number number) ? number.longValue() : null;
	}

	private record Accessors(@Nullable Method inputDetails, @Nullable Method outputDetails, @Nullable Method cacheRead,
			@Nullable Method cacheCreation) {
	}

}
