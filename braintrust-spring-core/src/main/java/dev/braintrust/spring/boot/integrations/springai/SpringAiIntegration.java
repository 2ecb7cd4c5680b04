package dev.braintrust.spring.boot.integrations.springai;

import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import dev.braintrust.spring.boot.integration.Integration;
import dev.braintrust.spring.boot.integration.Patcher;
import dev.braintrust.spring.boot.trace.ErrorClassifier;
import dev.braintrust.spring.boot.trace.LazyTracer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationPredicate;
import io.micrometer.tracing.Tracer;

import org.springframework.ai.chat.observation.ChatModelObservationContext;
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

	/**
	 * The class whose presence means Spring AI is on the classpath.
	 */
	public static final String CHAT_MODEL_CLASS = "org.springframework.ai.chat.model.ChatModel";

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
			.versions("[1.1.0,3.0.0)", "2.0.1")
			.patchers(() -> List.of(new ChatModelPatcher(tracer, observationTracing, inlineMediaLimit),
					Patcher.forBeansOf(EmbeddingModel.class)
						.reportTargetClass()
						.interceptor((context) -> new EmbeddingModelInterceptor(tracer)),
					new ToolCallingManagerPatcher(tracer)))
			.build();
	}

	/**
	 * The predicate that refuses Spring AI's own observation of the calls this
	 * integration traces, so that each is one span. Needs Spring AI.
	 * @param suppressNativeObservations whether to refuse them (otherwise it accepts
	 * every observation)
	 * @return the predicate
	 */
	public static ObservationPredicate nativeObservationPredicate(boolean suppressNativeObservations) {
		return new NativeObservationPredicate(suppressNativeObservations);
	}

	/**
	 * The classifier of the failures of Spring AI's own HTTP clients (Spring AI 1.1's
	 * OpenAI and Anthropic models, ...), whose exceptions give the HTTP status in their
	 * message only.
	 * @return the classifier
	 */
	public static ErrorClassifier errorClassifier() {
		return new SpringAiErrorClassifier();
	}

	/**
	 * The filter that denies Spring AI's own chat metrics, which the starter's replace.
	 * @return the filter
	 */
	public static MeterFilter nativeMetersFilter() {
		return NativeMeters.filter();
	}

	/**
	 * The tracing of the calls of Spring AI's final models (which are not proxied, so
	 * that they keep their class), through Spring AI's own observation of them. Needs
	 * Spring AI and Micrometer Tracing's OpenTelemetry bridge.
	 * @param tracer the tracer
	 * @param micrometerTracer Micrometer's tracer
	 * @param enabled whether the integration is enabled right now
	 * @param replacesNativeSpan whether the starter's span replaces Spring AI's (else it
	 * runs alongside it)
	 * @param inlineMediaLimit the longest data URL a media of a prompt is recorded as
	 * @return the observation handler
	 */
	public static ObservationHandler<ChatModelObservationContext> observationTracing(LazyTracer tracer,
			Supplier<Tracer> micrometerTracer, BooleanSupplier enabled, boolean replacesNativeSpan,
			int inlineMediaLimit) {
		ChatModelObservationTracing tracing = new ChatModelObservationTracing(tracer::get, micrometerTracer, enabled,
				replacesNativeSpan, inlineMediaLimit);
		return replacesNativeSpan ? tracing : tracing.alongside();
	}

}
