package dev.braintrust.spring.boot.trace;

import java.util.concurrent.CancellationException;
import java.util.function.Function;
import java.util.function.Supplier;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;

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
		Context parent = Context.current();
		LlmObservation observation = this.tracer.start(this.request);
		try (Scope scope = observation.makeCurrent()) {
			Mono<T> source = this.call.get();
			source.subscribe(new TracedSubscriber<>(actual, observation, this.responseMapper, parent));
		}
		catch (RuntimeException ex) {
			observation.error(ex);
			Operators.error(actual, ex);
		}
	}

	private static final class TracedSubscriber<T> implements CoreSubscriber<T>, Subscription {

		private final CoreSubscriber<? super T> actual;

		private final LlmObservation observation;

		private final Function<? super T, LlmResponse> responseMapper;

		private final Context parent;

		private @Nullable Subscription upstream;

		TracedSubscriber(CoreSubscriber<? super T> actual, LlmObservation observation,
				Function<? super T, LlmResponse> responseMapper, Context parent) {
			this.actual = actual;
			this.observation = observation;
			this.responseMapper = responseMapper;
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
		public void onNext(T value) {
			this.observation.end(value, this.responseMapper);
			try (Scope scope = this.parent.makeCurrent()) {
				this.actual.onNext(value);
			}
		}

		@Override
		public void onError(Throwable error) {
			this.observation.error(error);
			try (Scope scope = this.parent.makeCurrent()) {
				this.actual.onError(error);
			}
		}

		@Override
		public void onComplete() {
			this.observation.end(LlmResponse.empty());
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
			this.observation.error(new CancellationException("The subscription to the LLM call was cancelled"));
			Subscription upstream = this.upstream;
			if (upstream != null) {
				upstream.cancel();
			}
		}

	}

}
