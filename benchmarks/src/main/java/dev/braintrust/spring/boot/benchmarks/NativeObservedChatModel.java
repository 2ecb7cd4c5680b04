package dev.braintrust.spring.boot.benchmarks;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelBaggageManager;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.OpenTelemetry;
import reactor.core.publisher.Flux;

import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.MessageAggregator;
import org.springframework.ai.chat.observation.ChatModelObservationContext;
import org.springframework.ai.chat.observation.ChatModelObservationConvention;
import org.springframework.ai.chat.observation.ChatModelObservationDocumentation;
import org.springframework.ai.chat.observation.DefaultChatModelObservationConvention;
import org.springframework.ai.chat.prompt.Prompt;

/**
 * Spring AI's own instrumentation of a chat model, as its {@code OpenAiChatModel} does
 * it: a {@code gen_ai.client.operation} observation around the call, turned into an
 * OpenTelemetry span by Micrometer Tracing's {@link DefaultTracingObservationHandler}
 * through the OpenTelemetry bridge (what Spring Boot wires in an application).
 */
final class NativeObservedChatModel extends CannedChatModel {

	private static final ChatModelObservationConvention CONVENTION = new DefaultChatModelObservationConvention();

	private final ObservationRegistry registry;

	NativeObservedChatModel(int streamChunks, ObservationRegistry registry) {
		super(streamChunks);
		this.registry = registry;
	}

	static ObservationRegistry tracingRegistry(OpenTelemetry openTelemetry) {
		OtelCurrentTraceContext currentTraceContext = new OtelCurrentTraceContext();
		OtelTracer tracer = new OtelTracer(openTelemetry.getTracer("org.springframework.boot"), currentTraceContext,
				(event) -> {
				}, new OtelBaggageManager(currentTraceContext, java.util.List.of(), java.util.List.of()));
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig().observationHandler(new DefaultTracingObservationHandler(tracer));
		return registry;
	}

	@Override
	public ChatResponse call(Prompt prompt) {
		ChatModelObservationContext context = ChatModelObservationContext.builder()
			.prompt(prompt)
			.provider("openai")
			.build();
		return ChatModelObservationDocumentation.CHAT_MODEL_OPERATION
			.observation(null, CONVENTION, () -> context, this.registry)
			.observe(() -> {
				ChatResponse response = super.call(prompt);
				context.setResponse(response);
				return response;
			});
	}

	@Override
	public Flux<ChatResponse> stream(Prompt prompt) {
		return Flux.defer(() -> {
			ChatModelObservationContext context = ChatModelObservationContext.builder()
				.prompt(prompt)
				.provider("openai")
				.streaming(true)
				.build();
			Observation observation = ChatModelObservationDocumentation.CHAT_MODEL_OPERATION.observation(null,
					CONVENTION, () -> context, this.registry);
			observation.start();
			Flux<ChatResponse> chunks = super.stream(prompt).doOnError(observation::error)
				.doFinally((signal) -> observation.stop());
			return new MessageAggregator().aggregate(chunks, context::setResponse);
		});
	}

}
