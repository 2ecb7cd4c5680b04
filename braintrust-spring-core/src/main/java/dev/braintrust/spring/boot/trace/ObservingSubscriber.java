package dev.braintrust.spring.boot.trace;

import java.util.function.Function;
import java.util.function.Supplier;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Operators;

/**
 * Relays a traced call's signals to its subscriber, telling the call's {@link Signals} of
 * each one first. The subscriber's side runs in the context it subscribed from, so
 * downstream operators see their own trace context, not the LLM span's. Shared by
 * {@link TracedFlux} and {@link TracedMono}, which differ only in what the signals mean
 * for the call.
 *
 * @param <T> the element type
 */
final class ObservingSubscriber<T> implements CoreSubscriber<T>, Subscription {

	private final CoreSubscriber<? super T> actual;

	private final Signals<T> signals;

	private final Context parent;

	private final LlmObservation observation;

	private @Nullable Subscription upstream;

	private ObservingSubscriber(CoreSubscriber<? super T> actual, Signals<T> signals, Context parent,
			LlmObservation observation) {
		this.actual = actual;
		this.signals = signals;
		this.parent = parent;
		this.observation = observation;
	}

	/**
	 * Starts the call with its span current, and subscribes {@code actual} to it.
	 */
	static <T> void subscribe(LlmTracer tracer, LlmRequest request, Supplier<? extends Publisher<T>> call,
			CoreSubscriber<? super T> actual, Function<LlmObservation, Signals<T>> signals) {
		Context parent = Context.current();
		LlmObservation observation = LlmTracer.startSafely(tracer, request);
		try (Scope scope = observation.makeCurrent()) {
			Publisher<T> source = call.get();
			source.subscribe(new ObservingSubscriber<>(actual, signals.apply(observation), parent, observation));
		}
		catch (RuntimeException ex) {
			observation.error(ex);
			Operators.error(actual, ex);
		}
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
		this.signals.next(value);
		try (Scope scope = this.parent.makeCurrent()) {
			this.actual.onNext(value);
		}
	}

	@Override
	public void onError(Throwable error) {
		this.signals.error(error);
		try (Scope scope = this.parent.makeCurrent()) {
			this.actual.onError(error);
		}
	}

	@Override
	public void onComplete() {
		this.signals.complete();
		try (Scope scope = this.parent.makeCurrent()) {
			this.actual.onComplete();
		}
	}

	// A publisher that starts its work on demand (Mono.fromCallable) does it in the
	// call's context; the signals it emits reach downstream in the subscriber's again.
	@Override
	public void request(long n) {
		Subscription upstream = this.upstream;
		if (upstream != null) {
			try (Scope scope = this.observation.makeCurrent()) {
				upstream.request(n);
			}
		}
	}

	@Override
	public void cancel() {
		this.signals.cancel();
		Subscription upstream = this.upstream;
		if (upstream != null) {
			upstream.cancel();
		}
	}

	/**
	 * What each signal means for the traced call.
	 *
	 * @param <T> the element type
	 */
	interface Signals<T> {

		void next(T value);

		void error(Throwable error);

		void complete();

		void cancel();

	}

}
