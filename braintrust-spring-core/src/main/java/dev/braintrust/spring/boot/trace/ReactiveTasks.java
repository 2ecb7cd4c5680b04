package dev.braintrust.spring.boot.trace;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

import dev.braintrust.spring.boot.trace.TracedMethodInterceptor.ReturnKind;
import org.jspecify.annotations.Nullable;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The {@code Mono} and {@code Flux} results of {@link Traced} methods: each subscription
 * is one span, from subscription to the end of the publisher, as
 * {@link ReactorLlmTracing} traces model calls. Referenced only when Reactor is on the
 * classpath.
 */
final class ReactiveTasks {

	private ReactiveTasks() {
	}

	static @Nullable ReturnKind kind(Class<?> returnType) {
		if (Mono.class.isAssignableFrom(returnType)) {
			return ReturnKind.MONO;
		}
		if (Flux.class.isAssignableFrom(returnType)) {
			return ReturnKind.FLUX;
		}
		return null;
	}

	/**
	 * The traced publisher, or the result itself when it is neither a {@code Mono} nor a
	 * {@code Flux}.
	 * @param values writes the items of a flux, or null when they are not recorded
	 */
	@SuppressWarnings("unchecked")
	static Object wrap(LlmTracer tracer, LlmRequest request, Object result,
			Function<@Nullable Object, LlmResponse> response, @Nullable JsonValues values) {
		if (result instanceof Mono<?> mono) {
			return ReactorLlmTracing.mono(tracer, request, () -> (Mono<Object>) mono, response);
		}
		if (result instanceof Flux<?> flux) {
			return new TaskFlux<>((Flux<Object>) flux, tracer, request, values);
		}
		return result;
	}

	/**
	 * A traced flux: its items, within the content bound, are the span's output.
	 */
	private static final class TaskFlux<T> extends Flux<T> {

		private final Flux<T> source;

		private final LlmTracer tracer;

		private final LlmRequest request;

		private final @Nullable JsonValues values;

		TaskFlux(Flux<T> source, LlmTracer tracer, LlmRequest request, @Nullable JsonValues values) {
			this.source = source;
			this.tracer = tracer;
			this.request = request;
			this.values = values;
		}

		@Override
		public void subscribe(CoreSubscriber<? super T> actual) {
			ObservingSubscriber.subscribe(this.tracer, this.request, () -> this.source, actual,
					(observation) -> new Items<>(observation, this.values));
		}

	}

	/**
	 * The items of one subscription, written as they arrive (outside any lock: the
	 * application's mapper runs) up to the content bound; a consumer that stops early
	 * ends the span as cancelled, with the items so far.
	 */
	private static final class Items<T> implements ObservingSubscriber.Signals<T> {

		private final LlmObservation observation;

		private final @Nullable JsonValues values;

		private final ReentrantLock lock = new ReentrantLock();

		private final List<@Nullable Object> items = new ArrayList<>();

		private int remaining;

		private boolean truncated;

		Items(LlmObservation observation, @Nullable JsonValues values) {
			this.observation = observation;
			this.values = (observation.isRecording()) ? values : null;
			this.remaining = (this.values != null) ? observation.contentCapacity() : 0;
		}

		@Override
		public void next(T value) {
			JsonValues values = this.values;
			if (values == null) {
				return;
			}
			try {
				int remaining = this.remaining;
				if (remaining <= 0) {
					this.truncated = true;
					return;
				}
				Object item = values.toJson(value, remaining);
				this.lock.lock();
				try {
					this.items.add(item);
					this.remaining = remaining - JsonValueSize.of(item) - 1;
				}
				finally {
					this.lock.unlock();
				}
			}
			catch (Throwable ex) {
				this.observation.instrumentationFailure("item", Failures.containable(ex));
			}
		}

		@Override
		public void error(Throwable error) {
			this.observation.error(error, response());
		}

		@Override
		public void complete() {
			this.observation.end(response());
		}

		@Override
		public void cancel() {
			this.observation.cancel(response());
		}

		private LlmResponse response() {
			if (this.values == null) {
				return LlmResponse.empty();
			}
			this.lock.lock();
			try {
				return new LlmResponse(null, null, List.of(), null, new ArrayList<>(this.items), this.truncated);
			}
			finally {
				this.lock.unlock();
			}
		}

	}

}
