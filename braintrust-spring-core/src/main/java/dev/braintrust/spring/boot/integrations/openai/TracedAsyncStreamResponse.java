package dev.braintrust.spring.boot.integrations.openai;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

import com.openai.core.http.AsyncStreamResponse;
import dev.braintrust.spring.boot.trace.AsyncChunkStream;

/**
 * An asynchronous streamed response of the SDK whose chunks are traced as they reach the
 * subscribed handler, through {@link AsyncChunkStream} (which says when the call ends).
 *
 * @param <T> the chunk type
 */
final class TracedAsyncStreamResponse<T> implements AsyncStreamResponse<T> {

	private final AsyncStreamResponse<T> delegate;

	private final AsyncChunkStream<T> traced;

	TracedAsyncStreamResponse(AsyncStreamResponse<T> delegate, AsyncChunkStream<T> traced) {
		this.delegate = delegate;
		this.traced = traced;
	}

	@Override
	public AsyncStreamResponse<T> subscribe(Handler<? super T> handler) {
		this.delegate.subscribe(TracingHandler.of(handler, this.traced));
		return this;
	}

	@Override
	public AsyncStreamResponse<T> subscribe(Handler<? super T> handler, Executor executor) {
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

	private record TracingHandler<T>(AsyncChunkStream<T> traced, Consumer<? super T> next,
			Consumer<Optional<Throwable>> complete) implements Handler<T> {

		static <T> TracingHandler<T> of(Handler<? super T> handler, AsyncChunkStream<T> traced) {
			return new TracingHandler<>(traced, handler::onNext, handler::onComplete);
		}

		@Override
		public void onNext(T chunk) {
			this.traced.onNext(chunk, this.next);
		}

		@Override
		public void onComplete(Optional<Throwable> error) {
			this.traced.onComplete(error, this.complete);
		}

	}

}
