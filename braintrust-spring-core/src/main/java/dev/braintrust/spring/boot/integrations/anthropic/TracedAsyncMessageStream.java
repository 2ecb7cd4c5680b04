package dev.braintrust.spring.boot.integrations.anthropic;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

import com.anthropic.core.http.AsyncStreamResponse;
import dev.braintrust.spring.boot.trace.AsyncChunkStream;

/**
 * An asynchronous stream of message events whose events are traced as they reach the
 * subscribed handler, through {@link AsyncChunkStream} (which says when the call ends).
 *
 * @param <E> the event type
 */
final class TracedAsyncMessageStream<E> implements AsyncStreamResponse<E> {

	private final AsyncStreamResponse<E> delegate;

	private final AsyncChunkStream<E> traced;

	TracedAsyncMessageStream(AsyncStreamResponse<E> delegate, AsyncChunkStream<E> traced) {
		this.delegate = delegate;
		this.traced = traced;
	}

	@Override
	public AsyncStreamResponse<E> subscribe(Handler<? super E> handler) {
		this.delegate.subscribe(TracingHandler.of(handler, this.traced));
		return this;
	}

	@Override
	public AsyncStreamResponse<E> subscribe(Handler<? super E> handler, Executor executor) {
		this.delegate.subscribe(TracingHandler.of(handler, this.traced), executor);
		return this;
	}

	@Override
	public CompletableFuture<Void> onCompleteFuture() {
		return this.traced.completion();
	}

	@Override
	public void close() {
		this.traced.close();
	}

	private record TracingHandler<E>(AsyncChunkStream<E> traced, Consumer<? super E> next,
			Consumer<Optional<Throwable>> complete) implements Handler<E> {

		static <E> TracingHandler<E> of(Handler<? super E> handler, AsyncChunkStream<E> traced) {
			return new TracingHandler<>(traced, handler::onNext, handler::onComplete);
		}

		@Override
		public void onNext(E event) {
			this.traced.onNext(event, this.next);
		}

		@Override
		public void onComplete(Optional<Throwable> error) {
			this.traced.onComplete(error, this.complete);
		}

	}

}
