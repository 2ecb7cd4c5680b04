package dev.braintrust.spring.boot.trace;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

/**
 * The tracing of an SDK's blocking streamed response (an object with {@code stream()} and
 * {@code close()}, such as the OpenAI and Anthropic SDKs' {@code StreamResponse}): what
 * an integration's wrapper of such a response delegates both methods to. The call ends
 * exactly once, when the stream is consumed to its end (with the aggregated response),
 * when reading it fails, or when the caller closes it before its end (cancelled, not an
 * error); closing a response that was never read ends the call as cancelled too.
 * <p>
 * As an SDK's own, the chunks can be read once: the first {@link #stream} is traced, a
 * second one is the SDK's (and fails as the SDK's does).
 *
 * @param <T> the chunk type
 */
public final class StreamResponseTracing<T> {

	private final LlmObservation observation;

	private final ChunkAggregator<? super T> aggregator;

	private final AtomicReference<@Nullable TracedChunkStream<T>> traced = new AtomicReference<>();

	/**
	 * Creates the tracing of one streamed response.
	 * @param observation the call's observation, started with the request
	 * @param aggregator adds each chunk to the aggregated response
	 */
	public StreamResponseTracing(LlmObservation observation, ChunkAggregator<? super T> aggregator) {
		this.observation = observation;
		this.aggregator = aggregator;
	}

	/**
	 * The response's stream, traced the first time.
	 * @param source the SDK response's own {@code stream()}
	 * @return the stream to hand to the caller
	 */
	public Stream<T> stream(Supplier<Stream<T>> source) {
		Stream<T> chunks;
		try {
			chunks = source.get();
		}
		catch (RuntimeException | Error ex) {
			this.observation.error(ex);
			throw ex;
		}
		TracedChunkStream<T> stream = TracedChunkStream.of(this.observation, chunks, this.aggregator);
		return this.traced.compareAndSet(null, stream) ? stream.stream() : chunks;
	}

	/**
	 * Closes the response: ends the call if it has not ended, then closes the SDK's
	 * response, whatever happened before.
	 * @param close the SDK response's own {@code close()}
	 */
	public void close(Runnable close) {
		try {
			TracedChunkStream<T> stream = this.traced.get();
			if (stream != null) {
				stream.close();
			}
			else {
				this.observation.cancel(LlmResponse.empty());
			}
		}
		finally {
			close.run();
		}
	}

}
