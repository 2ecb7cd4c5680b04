package dev.braintrust.spring.boot.integrations.bedrock;

import java.util.List;

import dev.braintrust.spring.boot.integration.Integration;
import dev.braintrust.spring.boot.integration.Patcher;
import dev.braintrust.spring.boot.trace.ErrorClassifier;
import dev.braintrust.spring.boot.trace.LazyTracer;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;

/**
 * The AWS SDK for Java 2.x Bedrock Runtime client
 * ({@code software.amazon.awssdk:bedrockruntime}): traces {@code converse} and
 * {@code invokeModel} of every {@code BedrockRuntimeClient} bean and {@code converse},
 * {@code invokeModel}, {@code converseStream} and {@code invokeModelWithResponseStream}
 * of every {@code BedrockRuntimeAsyncClient} bean. Every other operation passes through
 * untouched.
 */
public final class BedrockIntegration {

	/** The integration name, used in {@code braintrust.integrations.bedrock.*}. */
	public static final String NAME = "bedrock";

	private BedrockIntegration() {
	}

	/**
	 * Declares the integration. The SDK's classes are referenced only by its patcher,
	 * created once the SDK is known to be on the classpath.
	 * @param tracer the tracer, resolved on the first traced call
	 * @return the integration
	 */
	public static Integration create(LazyTracer tracer) {
		// 2.25.63 is the first release with the Converse API.
		return Integration.builder(NAME, Integration.CONTRACT_VERSION)
			.displayName("AWS SDK Bedrock Runtime")
			.library("software.amazon.awssdk:bedrockruntime",
					"software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient")
			.versions("[2.25.63,3.0.0)", "2.59.1")
			.patchers(() -> List.of(patcher(tracer)))
			.build();
	}

	/**
	 * The classifier of the SDK's exceptions, used when the SDK is on the classpath.
	 * @return the classifier
	 */
	public static ErrorClassifier errorClassifier() {
		return new BedrockErrorClassifier();
	}

	// The SDK's clients are interfaces; the beans keep their type through interface
	// proxies.
	private static Patcher patcher(LazyTracer tracer) {
		ConverseTracing tracing = new ConverseTracing(tracer);
		return Patcher.forBeansOf(BedrockRuntimeClient.class, BedrockRuntimeAsyncClient.class)
			.interfaceProxies()
			.interceptor((context) -> new BedrockClientInterceptor(tracing));
	}

}
