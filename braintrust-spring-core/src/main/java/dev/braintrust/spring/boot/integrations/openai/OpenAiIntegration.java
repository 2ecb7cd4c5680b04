package dev.braintrust.spring.boot.integrations.openai;

import java.util.List;

import com.openai.client.OpenAIClient;
import com.openai.client.OpenAIClientAsync;
import dev.braintrust.spring.boot.integration.Integration;
import dev.braintrust.spring.boot.integration.Patcher;
import dev.braintrust.spring.boot.trace.ErrorClassifier;
import dev.braintrust.spring.boot.trace.LazyTracer;

/**
 * The OpenAI Java SDK ({@code com.openai:openai-java}): its {@code OpenAIClient} and
 * {@code OpenAIClientAsync} beans, with the chat completions, responses and embeddings
 * services they return.
 */
public final class OpenAiIntegration {

	/** The integration name, used in {@code braintrust.integrations.openai.*}. */
	public static final String NAME = "openai";

	/**
	 * The oldest and newest SDK versions the integration's tests were run against.
	 */
	static final String OLDEST_TESTED = "4.0.0";

	static final String TESTED = "4.101.0";

	private OpenAiIntegration() {
	}

	/**
	 * Declares the integration. The SDK's classes are referenced only by its patcher,
	 * created once the SDK is known to be on the classpath.
	 * @param tracer the tracer, resolved on the first traced call
	 * @return the integration
	 */
	public static Integration create(LazyTracer tracer) {
		return Integration.builder(NAME, Integration.CONTRACT_VERSION)
			.displayName("OpenAI Java SDK")
			.library("com.openai:openai-java", "com.openai.client.OpenAIClient")
			.versions("[" + OLDEST_TESTED + ",5.0.0)", TESTED)
			.patchers(() -> List.of(Patcher.forBeansOf(OpenAIClient.class, OpenAIClientAsync.class)
				.interceptor((context) -> new OpenAiClientInterceptor(context, tracer))))
			.build();
	}

	/**
	 * The classifier of the SDK's exceptions, used when the SDK is on the classpath.
	 * @return the classifier
	 */
	public static ErrorClassifier errorClassifier() {
		return new OpenAiErrorClassifier();
	}

}
