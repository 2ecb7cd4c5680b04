package dev.braintrust.spring.boot.integrations.openai;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import com.openai.core.http.AsyncStreamResponse;
import dev.braintrust.spring.boot.trace.StreamAggregation;

/**
 * An asynchronous streamed response of the SDK whose chunks are traced as they reach the
 * subscribed handler: the span ends exactly once, when the stream completes (with the
 * aggregated response), fails (also before any handler is subscribed: the request itself
 * failed), or is closed by the caller before its end (cancelled, not an error).
 *
 * @param <T> the chunk type
 */
final class TracedAsyncStreamResponse<T> implements AsyncStreamResponse<T> {

	private final AsyncStreamResponse<T> delegate;

	private final StreamAggregation<T> aggregation;

	private final CompletableFuture<Void> completion;

	TracedAsyncStreamResponse(AsyncStreamResponse<T> delegate, StreamAggregation<T> aggregation) {
		this.delegate = delegate;
		this.aggregation = aggregation;
		// The SDK's future fails even when no handler was subscribed (the request itself
		// failed), and completes after the handler's onComplete otherwise (the span has
		// then ended already). The caller's future completes once the span has ended.
		this.completion = delegate.onCompleteFuture().whenComplete((result, failure) -> {
			if (failure != null) {
				aggregation.error(failure);
			}
			else {
				aggregation.complete();
			}
		});
	}

	@Override
	public AsyncStreamResponse<T> subscribe(Handler<? super T> handler) {
		this.delegate.subscribe(new TracingHandler<>(handler, this.aggregation));
		return this;
	}

	@Override
	public AsyncStreamResponse<T> subscribe(Handler<? super T> handler, Executor executor) {
		this.delegate.subscribe(new TracingHandler<>(handler, this.aggregation), executor);
		return this;
	}

	@Override
	public CompletableFuture<Void> onCompleteFuture() {
		return this.completion;
	}

	@Override
	public void close() {
		try {
			this.aggregation.cancel();
		}
		finally {
			this.delegate.close();
		}
	}

	private record TracingHandler<T>(Handler<? super T> handler,
			StreamAggregation<T> aggregation) implements Handler<T> {

		@Override
		public void onNext(T chunk) {
			this.aggregation.chunk(chunk);
			this.handler.onNext(chunk);
		}

		@Override
		public void onComplete(Optional<Throwable> error) {
			if (error.isPresent()) {
				this.aggregation.error(error.get());
			}
			else {
				this.aggregation.complete();
			}
			this.handler.onComplete(error);
		}

	}

}
