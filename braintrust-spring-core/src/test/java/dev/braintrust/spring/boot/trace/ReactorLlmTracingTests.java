package dev.braintrust.spring.boot.trace;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ReactorLlmTracingTests {

	private final TestTracing tracing = new TestTracing();

	private final LlmCallDispatcher handler = this.tracing.handler().build();

	@AfterEach
	void close() {
		this.tracing.close();
	}

	private LlmRequest request() {
		return LlmRequest.builder("spring-ai", "openai", LlmOperation.CHAT)
			.model("gpt-4o-mini")
			.stream(true)
			.message(ChatMessage.user("Hi"))
			.build();
	}

	private Flux<StreamChunk> traced(Flux<StreamChunk> source) {
		return ReactorLlmTracing.flux(this.handler, request(), () -> source, StreamChunk.AGGREGATOR);
	}

	@Test
	void spanStartsOnSubscribeAndEndsOnComplete() {
		Flux<StreamChunk> flux = traced(
				Flux.just(StreamChunk.text("Hello"), StreamChunk.text(" world"), StreamChunk.finish("stop")));
		assertThat(this.tracing.spans()).isEmpty();
		StepVerifier.create(flux).expectNextCount(3).verifyComplete();
		SpanData span = this.tracing.onlySpan();
		assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
		assertThat(span.getAttributes().get(AttributeKey.stringKey("braintrust.output_json")))
			.contains("\"content\":\"Hello world\"");
		assertThat(span.getAttributes().get(AttributeKey.doubleKey("gen_ai.response.time_to_first_chunk"))).isNotNull();
	}

	@Test
	void eachSubscriptionIsOneCall() {
		Flux<StreamChunk> flux = traced(Flux.just(StreamChunk.text("a")));
		StepVerifier.create(flux).expectNextCount(1).verifyComplete();
		StepVerifier.create(flux).expectNextCount(1).verifyComplete();
		assertThat(this.tracing.spans()).hasSize(2);
	}

	@Test
	void errorEndsSpanWithErrorAndReachesSubscriberUnchanged() {
		IllegalStateException failure = new IllegalStateException("broken stream");
		Flux<StreamChunk> flux = traced(Flux.concat(Flux.just(StreamChunk.text("part")), Flux.error(failure)));
		StepVerifier.create(flux)
			.expectNextCount(1)
			.verifyErrorSatisfies((error) -> assertThat(error).isSameAs(failure));
		SpanData span = this.tracing.onlySpan();
		assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
		assertThat(span.getAttributes().get(AttributeKey.stringKey("braintrust.output_json"))).contains("part");
	}

	@Test
	void streamCancelledAfterFirstChunkEndsSpanOnce() {
		Flux<StreamChunk> flux = traced(Flux.just(StreamChunk.text("first"), StreamChunk.text("second")));
		StepVerifier.create(flux.take(1)).expectNextCount(1).verifyComplete();
		SpanData span = this.tracing.onlySpan();
		assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
		assertThat(span.getEvents()).extracting((event) -> event.getName()).containsExactly("cancelled");
		assertThat(span.getAttributes().get(AttributeKey.stringKey("braintrust.output_json"))).contains("first")
			.doesNotContain("second");
	}

	@Test
	void disposedSubscriptionEndsSpanAsCancelled() {
		Sinks.Many<StreamChunk> sink = Sinks.many().unicast().onBackpressureBuffer();
		Disposable subscription = traced(sink.asFlux()).subscribe();
		sink.tryEmitNext(StreamChunk.text("one"));
		assertThat(this.tracing.spans()).isEmpty();
		subscription.dispose();
		sink.tryEmitNext(StreamChunk.text("two"));
		sink.tryEmitComplete();
		assertThat(this.tracing.onlySpan().getEvents()).extracting((event) -> event.getName())
			.containsExactly("cancelled");
	}

	@Test
	void upstreamRunsInTheLlmSpanAndDownstreamInTheSubscribersContext() {
		Span parent = this.tracing.openTelemetry.getTracer("test").spanBuilder("request").startSpan();
		AtomicReference<String> upstreamSpan = new AtomicReference<>();
		AtomicReference<String> downstreamSpan = new AtomicReference<>();
		Flux<StreamChunk> flux = ReactorLlmTracing.flux(this.handler, request(), () -> {
			upstreamSpan.set(Span.current().getSpanContext().getSpanId());
			return Flux.just(StreamChunk.text("x")).delayElements(Duration.ofMillis(1), Schedulers.parallel());
		}, StreamChunk.AGGREGATOR).doOnNext((chunk) -> downstreamSpan.set(Span.current().getSpanContext().getSpanId()));
		try (Scope scope = parent.makeCurrent()) {
			StepVerifier.create(flux).expectNextCount(1).verifyComplete();
		}
		parent.end();
		SpanData llm = this.tracing.spans().get(0);
		assertThat(llm.getParentSpanId()).isEqualTo(parent.getSpanContext().getSpanId());
		assertThat(upstreamSpan.get()).isEqualTo(llm.getSpanId());
		assertThat(downstreamSpan.get()).isEqualTo(parent.getSpanContext().getSpanId());
	}

	@Test
	void monoEndsSpanWithTheMappedValue() {
		Mono<String> mono = ReactorLlmTracing.mono(this.handler, request(), () -> Mono.just("Paris"),
				(value) -> LlmResponse.chat(null, null, List.of(new Choice(0, ChatMessage.assistant(value), "stop")),
						TokenUsage.of(3, 1)));
		StepVerifier.create(mono).expectNext("Paris").verifyComplete();
		assertThat(this.tracing.onlySpan().getAttributes().get(AttributeKey.stringKey("braintrust.output_json")))
			.contains("Paris");
	}

	@Test
	void monoCancelledBeforeItsValueIsACancelledError() {
		Disposable subscription = ReactorLlmTracing
			.mono(this.handler, request(), Mono::<String>never, (value) -> LlmResponse.empty())
			.subscribe();
		subscription.dispose();
		await().untilAsserted(() -> assertThat(this.tracing.spans()).hasSize(1));
		SpanData span = this.tracing.onlySpan();
		assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
		assertThat(span.getAttributes().get(AttributeKey.stringKey("error.type"))).isEqualTo("cancelled");
	}

	@Test
	void monoErrorReachesSubscriberUnchanged() {
		IllegalArgumentException failure = new IllegalArgumentException("bad");
		Mono<String> mono = ReactorLlmTracing.mono(this.handler, request(), () -> Mono.error(failure),
				(value) -> LlmResponse.empty());
		StepVerifier.create(mono).verifyErrorSatisfies((error) -> assertThat(error).isSameAs(failure));
		assertThat(this.tracing.onlySpan().getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
	}

}
