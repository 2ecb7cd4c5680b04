package dev.braintrust.spring.boot.integrations.anthropic;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import com.anthropic.core.http.AsyncStreamResponse;

/**
 * An asynchronous stream of message events whose handler feeds each event to the call's
 * {@link MessageStreamObservation} before the subscriber's handler sees it. The call ends
 * before the subscriber's {@code onComplete} runs; a failure of the request itself (seen
 * through {@link #onCompleteFuture()}) ends it even without a subscriber; closing it
 * before the end ends the call as cancelled.
 *
 * @param <E> the event type
 */
final class TracedAsyncMessageStream<E> implements AsyncStreamResponse<E> {

	private final AsyncStreamResponse<E> delegate;

	private final MessageStreamObservation observation;

	private final CompletableFuture<Void> completion;

	TracedAsyncMessageStream(AsyncStreamResponse<E> delegate, MessageStreamObservation observation) {
		this.delegate = delegate;
		this.observation = observation;
		this.completion = delegate.onCompleteFuture().whenComplete((ignored, failure) -> {
			if (failure != null) {
				observation.error(failure);
			}
			else {
				observation.complete();
			}
		});
	}

	@Override
	public AsyncStreamResponse<E> subscribe(Handler<? super E> handler) {
		this.delegate.subscribe(new TracedHandler<>(handler, this.observation));
		return this;
	}

	@Override
	public AsyncStreamResponse<E> subscribe(Handler<? super E> handler, Executor executor) {
		this.delegate.subscribe(new TracedHandler<>(handler, this.observation), executor);
		return this;
	}

	@Override
	public CompletableFuture<Void> onCompleteFuture() {
		return this.completion;
	}

	@Override
	public void close() {
		this.observation.cancel();
		this.delegate.close();
	}

	private record TracedHandler<E>(Handler<? super E> handler,
			MessageStreamObservation observation) implements Handler<E> {

		@Override
		public void onNext(E event) {
			this.observation.event(event);
			this.handler.onNext(event);
		}

		@Override
		public void onComplete(Optional<Throwable> error) {
			if (error.isPresent()) {
				this.observation.error(error.get());
			}
			else {
				this.observation.complete();
			}
			this.handler.onComplete(error);
		}

	}

}
