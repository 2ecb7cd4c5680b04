package dev.braintrust.spring.boot.trace;

import java.util.function.Function;
import java.util.function.Supplier;

import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Traces reactive calls. The only class of the tracing API that references Reactor:
 * integrations call it only when Reactor is on the classpath.
 * <p>
 * Each subscription is one call: the observation starts on subscribe, the library's
 * publisher is created and subscribed with the observation current (so HTTP client spans
 * nest under it and a nested layer adds no second span), and signals reach downstream
 * operators with the subscriber's context current again.
 */
public final class ReactorLlmTracing {

	private ReactorLlmTracing() {
	}

	/**
	 * Trace a streamed call. The first {@code onNext} sets the time to first chunk; the
	 * span ends exactly once: on complete ({@code end}, aggregated response), on error
	 * ({@code error}, what was aggregated), or on cancel ({@code take(n)},
	 * {@code dispose()}, ...: {@code cancel}, not an error, see
	 * {@link LlmObservation#cancel(LlmResponse)}).
	 * @param <T> the chunk type
	 * @param tracer the tracer
	 * @param request the request
	 * @param call creates the library's publisher
	 * @param aggregator feeds chunks into the accumulator
	 * @return the traced flux
	 */
	public static <T> Flux<T> flux(LlmTracer tracer, LlmRequest request, Supplier<? extends Publisher<T>> call,
			ChunkAggregator<? super T> aggregator) {
		return new TracedFlux<>(tracer, request, call, aggregator);
	}

	/**
	 * Trace a call that answers with one value. The span ends on the value (mapped to a
	 * response), on empty completion (empty response), on error, or on cancellation
	 * before the value (error type {@code cancelled}: no response was delivered).
	 * @param <T> the result type
	 * @param tracer the tracer
	 * @param request the request
	 * @param call creates the library's mono
	 * @param responseMapper maps the value to a response
	 * @return the traced mono
	 */
	public static <T> Mono<T> mono(LlmTracer tracer, LlmRequest request, Supplier<? extends Mono<T>> call,
			Function<? super T, LlmResponse> responseMapper) {
		return new TracedMono<>(tracer, request, call, responseMapper);
	}

}
