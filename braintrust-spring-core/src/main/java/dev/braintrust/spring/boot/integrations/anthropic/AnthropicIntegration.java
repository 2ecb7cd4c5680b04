package dev.braintrust.spring.boot.integrations.anthropic;

import java.util.List;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.AnthropicClientAsync;
import com.anthropic.core.ObjectMappers;
import dev.braintrust.spring.boot.integration.Integration;
import dev.braintrust.spring.boot.integration.Patcher;
import dev.braintrust.spring.boot.trace.ErrorClassifier;
import dev.braintrust.spring.boot.trace.LazyTracer;

/**
 * The Anthropic Java SDK ({@code com.anthropic:anthropic-java}): traces the messages API
 * ({@code messages().create} and {@code createStreaming}, also through {@code beta()},
 * {@code async()}, {@code withOptions(...)} and {@code withRawResponse()}) of every
 * {@code AnthropicClient} and {@code AnthropicClientAsync} bean.
 */
public final class AnthropicIntegration {

	/** The integration name, used in {@code braintrust.integrations.anthropic.*}. */
	public static final String NAME = "anthropic";

	private AnthropicIntegration() {
	}

	/**
	 * Declares the integration. The SDK's classes are referenced only by its patcher,
	 * created once the SDK is known to be on the classpath.
	 * @param tracer the tracer, resolved on the first traced call
	 * @return the integration
	 */
	public static Integration create(LazyTracer tracer) {
		return Integration.builder(NAME, Integration.CONTRACT_VERSION)
			.displayName("Anthropic Java SDK")
			.library("com.anthropic:anthropic-java", "com.anthropic.client.AnthropicClient")
			.versions("[2.0.0,4.0.0)", "3.12.0")
			.patchers(() -> List.of(patcher(tracer)))
			.build();
	}

	/**
	 * The classifier of the SDK's exceptions, used when the SDK is on the classpath.
	 * @return the classifier
	 */
	public static ErrorClassifier errorClassifier() {
		return new AnthropicErrorClassifier();
	}

	// The SDK's clients are used through their interfaces; its own mapper reads and
	// writes its models exactly as the API does.
	private static Patcher patcher(LazyTracer tracer) {
		AnthropicMessagesTracing tracing = new AnthropicMessagesTracing(tracer, ObjectMappers.jsonMapper());
		return Patcher.forBeansOf(AnthropicClient.class, AnthropicClientAsync.class)
			.interfaceProxies()
			.interceptor((context) -> new AnthropicClientInterceptor(context, tracing, null));
	}

}
