package dev.braintrust.spring.boot.trace;

import java.util.function.Supplier;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Operators;

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
		Context parent = Context.current();
		LlmObservation observation = this.tracer.start(this.request);
		try (Scope scope = observation.makeCurrent()) {
			Publisher<T> source = this.call.get();
			source.subscribe(
					new TracedSubscriber<>(actual, new StreamAggregation<>(observation, this.aggregator), parent));
		}
		catch (RuntimeException ex) {
			observation.error(ex);
			Operators.error(actual, ex);
		}
	}

	private static final class TracedSubscriber<T> implements CoreSubscriber<T>, Subscription {

		private final CoreSubscriber<? super T> actual;

		private final StreamAggregation<T> aggregation;

		private final Context parent;

		private @Nullable Subscription upstream;

		TracedSubscriber(CoreSubscriber<? super T> actual, StreamAggregation<T> aggregation, Context parent) {
			this.actual = actual;
			this.aggregation = aggregation;
			this.parent = parent;
		}

		@Override
		public reactor.util.context.Context currentContext() {
			return this.actual.currentContext();
		}

		@Override
		public void onSubscribe(Subscription subscription) {
			if (Operators.validate(this.upstream, subscription)) {
				this.upstream = subscription;
				try (Scope scope = this.parent.makeCurrent()) {
					this.actual.onSubscribe(this);
				}
			}
		}

		@Override
		public void onNext(T chunk) {
			this.aggregation.chunk(chunk);
			try (Scope scope = this.parent.makeCurrent()) {
				this.actual.onNext(chunk);
			}
		}

		@Override
		public void onError(Throwable error) {
			this.aggregation.error(error);
			try (Scope scope = this.parent.makeCurrent()) {
				this.actual.onError(error);
			}
		}

		@Override
		public void onComplete() {
			this.aggregation.complete();
			try (Scope scope = this.parent.makeCurrent()) {
				this.actual.onComplete();
			}
		}

		@Override
		public void request(long n) {
			Subscription upstream = this.upstream;
			if (upstream != null) {
				upstream.request(n);
			}
		}

		@Override
		public void cancel() {
			this.aggregation.cancel();
			Subscription upstream = this.upstream;
			if (upstream != null) {
				upstream.cancel();
			}
		}

	}

}
