package dev.braintrust.spring.boot.trace;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The tracing of an SDK's asynchronous stream (a response to which the caller subscribes
 * a handler of chunks), written once for every integration: the integration's wrapper
 * implements the SDK's interface and hands each call to this. The call ends exactly once:
 * when the stream completes (with the aggregated response), fails (also before any
 * handler is subscribed: the request itself failed, as the SDK's completion future
 * tells), or is closed by the caller before its end (cancelled, not an error). The SDK's
 * stream is closed even when ending the call fails.
 *
 * @param <T> the chunk type
 */
public final class AsyncChunkStream<T> {

	private final StreamAggregation<T> aggregation;

	private final Runnable closeSource;

	private final CompletableFuture<Void> completion;

	/**
	 * Trace the asynchronous stream of a started call.
	 * @param observation the call's observation
	 * @param aggregator feeds chunks into the accumulator
	 * @param sourceCompletion the SDK's completion future of the stream
	 * @param closeSource closes the SDK's stream
	 */
	public AsyncChunkStream(LlmObservation observation, ChunkAggregator<? super T> aggregator,
			CompletableFuture<Void> sourceCompletion, Runnable closeSource) {
		this.aggregation = new StreamAggregation<>(observation, aggregator);
		this.closeSource = closeSource;
		// The SDK's future fails even when no handler was subscribed, and completes after
		// the handler's onComplete otherwise (the call has then ended already). The
		// caller's future completes once the call has ended.
		this.completion = sourceCompletion.whenComplete((result, failure) -> {
			if (failure != null) {
				this.aggregation.error(failure);
			}
			else {
				this.aggregation.complete();
			}
		});
	}

	/**
	 * The future the caller gets: completes once the call has ended, as the SDK's did.
	 * @return the completion future
	 */
	public CompletableFuture<Void> completion() {
		return this.completion;
	}

	/**
	 * One chunk for the subscriber's handler: aggregated, then handed over.
	 * @param chunk the chunk
	 * @param handler the subscriber's handler of chunks
	 */
	public void onNext(T chunk, Consumer<? super T> handler) {
		this.aggregation.chunk(chunk);
		handler.accept(chunk);
	}

	/**
	 * The end of the stream for the subscriber's handler: the call ends, then the
	 * handler's completion runs.
	 * @param error the failure that ended the stream, if any
	 * @param handler the subscriber's completion handler
	 */
	public void onComplete(Optional<Throwable> error, Consumer<Optional<Throwable>> handler) {
		try {
			if (error.isPresent()) {
				this.aggregation.error(error.get());
			}
			else {
				this.aggregation.complete();
			}
		}
		finally {
			handler.accept(error);
		}
	}

	/**
	 * Close the stream: if it has not ended, the call ends as cancelled with what was
	 * aggregated; then the SDK's stream is closed, whatever ending the call did.
	 */
	public void close() {
		try {
			this.aggregation.cancel();
		}
		finally {
			this.closeSource.run();
		}
	}

}
