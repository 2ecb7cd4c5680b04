package dev.braintrust.spring.boot.trace;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.publisher.Flux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Every step of the tracing pipeline is isolated from the traced call: a bug
 * ({@link RuntimeException}) or a library it does not know ({@link LinkageError}) in a
 * response mapper, a chunk aggregator, the redactor, a listener, an error classifier or
 * the metrics changes nothing the caller sees, and is reported. Only a
 * {@link VirtualMachineError} goes through.
 */
class InstrumentationFaultsTests {

	private final TestTracing tracing = new TestTracing();

	private final List<String> failures = Collections.synchronizedList(new ArrayList<>());

	static List<Supplier<Throwable>> faults() {
		return List.of(() -> new NoSuchMethodError("com.example.Sdk.newAccessor()"),
				() -> new IllegalStateException("a bug"));
	}

	@AfterEach
	void close() {
		this.tracing.close();
	}

	private LlmCallDispatcher.Builder handler() {
		return this.tracing.handler()
			.failureListeners(List.of((integration, step, failure) -> this.failures
				.add(integration + "/" + step + "/" + failure.getClass().getSimpleName())));
	}

	@ParameterizedTest
	@MethodSource("faults")
	void responseMapperFailureLeavesTheResult(Supplier<Throwable> fault) {
		LlmCallDispatcher handler = handler().build();
		Object result = new Object();
		assertThat(handler.call(request(), () -> result, (value) -> {
			throw sneaky(fault.get());
		})).isSameAs(result);
		assertThat(this.tracing.onlySpan().hasEnded()).isTrue();
		assertThat(this.failures).containsExactly("openai/response/" + fault.get().getClass().getSimpleName());
	}

	@ParameterizedTest
	@MethodSource("faults")
	void redactorFailureLeavesTheCallAndEndsTheSpan(Supplier<Throwable> fault) {
		LlmCallDispatcher handler = handler().redactor((content) -> {
			throw sneaky(fault.get());
		}).build();
		assertThat(handler.call(request(), () -> "ok", (value) -> LlmCallDispatcherTests.openAiExampleResponse()))
			.isEqualTo("ok");
		// Unreadable at start: the call is not traced.
		assertThat(this.tracing.spans()).isEmpty();
		assertThat(this.failures).containsExactly("openai/span-start/" + fault.get().getClass().getSimpleName());
	}

	@ParameterizedTest
	@MethodSource("faults")
	void listenerErrorClassifierAndMetricsFailuresLeaveTheCallersException(Supplier<Throwable> fault) {
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		meters.config().meterFilter(new MeterFilter() {
			@Override
			public Meter.Id map(Meter.Id id) {
				throw sneaky(fault.get());
			}
		});
		LlmCallListener listener = new LlmCallListener() {
			@Override
			public void onStart(LlmCall call) {
				throw sneaky(fault.get());
			}

			@Override
			public void onError(LlmCall call) {
				throw sneaky(fault.get());
			}
		};
		LlmCallDispatcher handler = handler().listeners(List.of(listener))
			.meterRegistry(meters)
			.errorClassifiers(List.of((error) -> {
				throw sneaky(fault.get());
			}))
			.build();
		IllegalArgumentException failure = new IllegalArgumentException("the model's own failure");
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> handler.call(request(), () -> {
			throw failure;
		}, (value) -> LlmResponse.empty())).isSameAs(failure);
		assertThat(this.tracing.onlySpan()
			.getAttributes()
			.get(io.opentelemetry.api.common.AttributeKey.stringKey("error.type")))
			.isEqualTo("java.lang.IllegalArgumentException");
		String type = fault.get().getClass().getSimpleName();
		assertThat(this.failures).containsExactlyInAnyOrder("openai/listener/" + type,
				"openai/error-classifier/" + type, "openai/metrics/" + type, "openai/listener/" + type);
	}

	@ParameterizedTest
	@MethodSource("faults")
	void futureCompletesWhenTheResponseCannotBeMapped(Supplier<Throwable> fault) throws Exception {
		LlmCallDispatcher handler = handler().build();
		CompletableFuture<String> source = new CompletableFuture<>();
		CompletableFuture<String> result = LlmFutures.trace(handler, request(), () -> source, (value) -> {
			throw sneaky(fault.get());
		});
		CompletableFuture.runAsync(() -> source.complete("ok"));
		assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo("ok");
		assertThat(this.failures).containsExactly("openai/response/" + fault.get().getClass().getSimpleName());
	}

	@ParameterizedTest
	@MethodSource("faults")
	void streamDeliversEveryChunkWhenTheyCannotBeAggregated(Supplier<Throwable> fault) {
		LlmCallDispatcher handler = handler().build();
		List<StreamChunk> chunks = List.of(StreamChunk.text("a"), StreamChunk.text("b"), StreamChunk.text("c"));
		LlmObservation observation = handler.start(request());
		List<StreamChunk> received = new ArrayList<>();
		try (TracedChunkStream<StreamChunk> stream = TracedChunkStream.of(observation, chunks.stream(),
				(chunk, accumulator) -> {
					throw sneaky(fault.get());
				})) {
			stream.stream().forEach(received::add);
		}
		assertThat(received).containsExactlyElementsOf(chunks);
		assertThat(this.tracing.onlySpan().hasEnded()).isTrue();
		assertThat(this.failures).containsExactly("openai/chunk/" + fault.get().getClass().getSimpleName());
	}

	@ParameterizedTest
	@MethodSource("faults")
	void fluxDeliversEveryChunkWhenTheyCannotBeAggregated(Supplier<Throwable> fault) {
		LlmCallDispatcher handler = handler().build();
		List<String> chunks = List.of("a", "b", "c");
		List<String> received = ReactorLlmTracing
			.flux(handler, request(), () -> Flux.fromIterable(chunks), (chunk, accumulator) -> {
				throw sneaky(fault.get());
			})
			.collectList()
			.block();
		assertThat(received).containsExactlyElementsOf(chunks);
		assertThat(this.tracing.onlySpan().hasEnded()).isTrue();
		assertThat(this.failures).containsExactly("openai/chunk/" + fault.get().getClass().getSimpleName());
	}

	@Test
	void virtualMachineErrorIsNotContained() {
		LlmCallDispatcher handler = handler().build();
		assertThatExceptionOfType(StackOverflowError.class)
			.isThrownBy(() -> handler.call(request(), () -> "ok", (value) -> {
				throw new StackOverflowError();
			}));
	}

	private static LlmRequest request() {
		return LlmCallDispatcherTests.openAiExampleRequest();
	}

	// Throws any throwable from a lambda that declares none, as a library compiled
	// against another version does.
	@SuppressWarnings("unchecked")
	private static <E extends Throwable> RuntimeException sneaky(@Nullable Throwable failure) throws E {
		throw (E) failure;
	}

}
