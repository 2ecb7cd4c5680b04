package dev.braintrust.spring.boot.trace;

import java.util.concurrent.CancellationException;
import java.util.function.Function;
import java.util.function.Supplier;

import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;

/**
 * See {@link ReactorLlmTracing#mono}.
 */
final class TracedMono<T> extends Mono<T> {

	private final LlmTracer tracer;

	private final LlmRequest request;

	private final Supplier<? extends Mono<T>> call;

	private final Function<? super T, LlmResponse> responseMapper;

	TracedMono(LlmTracer tracer, LlmRequest request, Supplier<? extends Mono<T>> call,
			Function<? super T, LlmResponse> responseMapper) {
		this.tracer = tracer;
		this.request = request;
		this.call = call;
		this.responseMapper = responseMapper;
	}

	@Override
	public void subscribe(CoreSubscriber<? super T> actual) {
		ObservingSubscriber.subscribe(this.tracer, this.request, this.call, actual,
				(observation) -> new ValueSignals<>(observation, this.responseMapper));
	}

	/**
	 * A single response: its value ends the call; a subscriber that cancels before it
	 * arrives gets no response at all, an error of type {@code cancelled}.
	 */
	private record ValueSignals<T>(LlmObservation observation,
			Function<? super T, LlmResponse> responseMapper) implements ObservingSubscriber.Signals<T> {

		@Override
		public void next(T value) {
			this.observation.end(value, this.responseMapper);
		}

		@Override
		public void error(Throwable error) {
			this.observation.error(error);
		}

		@Override
		public void complete() {
			this.observation.end(LlmResponse.empty());
		}

		@Override
		public void cancel() {
			this.observation.error(new CancellationException("The subscription to the LLM call was cancelled"));
		}

	}

}
