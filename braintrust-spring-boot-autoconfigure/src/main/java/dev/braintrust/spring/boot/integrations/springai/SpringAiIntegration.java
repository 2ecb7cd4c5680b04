package dev.braintrust.spring.boot.integrations.springai;

import java.util.List;
import java.util.function.BooleanSupplier;

import dev.braintrust.spring.boot.integration.Integration;
import dev.braintrust.spring.boot.integration.Patcher;
import dev.braintrust.spring.boot.trace.LazyTracer;

import org.springframework.ai.embedding.EmbeddingModel;

/**
 * Spring AI ({@code org.springframework.ai:spring-ai-model}): every {@code ChatModel} and
 * {@code EmbeddingModel} bean, and the tools run by the {@code ToolCallingManager} bean.
 */
public final class SpringAiIntegration {

	/**
	 * Name of the integration, as used in {@code braintrust.integrations.spring-ai.*}.
	 */
	public static final String NAME = "spring-ai";

	static final String CHAT_MODEL_CLASS = "org.springframework.ai.chat.model.ChatModel";

	private SpringAiIntegration() {
	}

	/**
	 * Declares the integration. Spring AI's classes are referenced only by its patchers,
	 * created once Spring AI is known to be on the classpath.
	 * @param tracer the tracer, resolved on the first traced call
	 * @param observationTracing whether the calls of models that cannot be proxied
	 * without changing their class are traced through Spring AI's observations
	 * @param inlineMediaLimit the longest data URL a media of a prompt is recorded as (0:
	 * always a placeholder)
	 * @return the integration
	 */
	public static Integration create(LazyTracer tracer, BooleanSupplier observationTracing, int inlineMediaLimit) {
		return Integration.builder(NAME, Integration.CONTRACT_VERSION)
			.displayName("Spring AI")
			.library("org.springframework.ai:spring-ai-model", CHAT_MODEL_CLASS)
			.versions("[2.0.0,3.0.0)", "2.0.1")
			.patchers(() -> List.of(new ChatModelPatcher(tracer, observationTracing, inlineMediaLimit),
					Patcher.forBeansOf(EmbeddingModel.class)
						.reportTargetClass()
						.interceptor((context) -> new EmbeddingModelInterceptor(tracer)),
					new ToolCallingManagerPatcher(tracer)))
			.build();
	}

}
