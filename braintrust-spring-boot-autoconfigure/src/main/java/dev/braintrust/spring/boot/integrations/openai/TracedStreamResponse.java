package dev.braintrust.spring.boot.integrations.openai;

import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import com.openai.core.http.StreamResponse;
import dev.braintrust.spring.boot.trace.ChunkAggregator;
import dev.braintrust.spring.boot.trace.LlmObservation;
import dev.braintrust.spring.boot.trace.LlmResponse;
import dev.braintrust.spring.boot.trace.TracedChunkStream;
import org.jspecify.annotations.Nullable;

/**
 * A streamed response of the SDK whose chunks are traced: the span ends exactly once,
 * when the stream is consumed to its end (with the aggregated response), when reading it
 * fails, or when the caller closes it before its end (cancelled, not an error). Closing a
 * stream that was never read ends the span as cancelled too.
 * <p>
 * As the SDK's own, the chunks can be read once: the first {@link #stream()} is traced, a
 * second one is the SDK's (and fails as the SDK's does).
 *
 * @param <T> the chunk type
 */
final class TracedStreamResponse<T> implements StreamResponse<T> {

	private final StreamResponse<T> delegate;

	private final LlmObservation observation;

	private final ChunkAggregator<? super T> aggregator;

	private final AtomicReference<@Nullable TracedChunkStream<T>> traced = new AtomicReference<>();

	TracedStreamResponse(StreamResponse<T> delegate, LlmObservation observation,
			ChunkAggregator<? super T> aggregator) {
		this.delegate = delegate;
		this.observation = observation;
		this.aggregator = aggregator;
	}

	@Override
	public Stream<T> stream() {
		Stream<T> chunks = this.delegate.stream();
		TracedChunkStream<T> stream = TracedChunkStream.of(this.observation, chunks, this.aggregator);
		return this.traced.compareAndSet(null, stream) ? stream.stream() : chunks;
	}

	@Override
	public void close() {
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
			this.delegate.close();
		}
	}

}
