package dev.braintrust.spring.boot.trace;

import java.util.function.Supplier;

import org.reactivestreams.Publisher;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;

/**
 * See {@link ReactorLlmTracing#flux}.
 */
final class TracedFlux<T> extends Flux<T> {

	private final LlmTracer tracer;

	private final LlmRequest request;

	private final Supplier<? extends Publisher<T>> call;

	private final ChunkAggregator<? super T> aggregator;

	TracedFlux(LlmTracer tracer, LlmRequest request, Supplier<? extends Publisher<T>> call,
			ChunkAggregator<? super T> aggregator) {
		this.tracer = tracer;
		this.request = request;
		this.call = call;
		this.aggregator = aggregator;
	}

	@Override
	public void subscribe(CoreSubscriber<? super T> actual) {
		ObservingSubscriber.subscribe(this.tracer, this.request, this.call, actual,
				(observation) -> new StreamSignals<>(new StreamAggregation<>(observation, this.aggregator)));
	}

	/**
	 * A stream: chunks are aggregated, and a consumer that stops early cancels the call
	 * (not an error).
	 */
	private record StreamSignals<T>(StreamAggregation<T> aggregation) implements ObservingSubscriber.Signals<T> {

		@Override
		public void next(T chunk) {
			this.aggregation.chunk(chunk);
		}

		@Override
		public void error(Throwable error) {
			this.aggregation.error(error);
		}

		@Override
		public void complete() {
			this.aggregation.complete();
		}

		@Override
		public void cancel() {
			this.aggregation.cancel();
		}

	}

}
