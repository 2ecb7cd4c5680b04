package dev.braintrust.spring.boot.integrations.openai;

import java.util.stream.Stream;

import com.openai.core.http.StreamResponse;
import dev.braintrust.spring.boot.trace.ChunkAggregator;
import dev.braintrust.spring.boot.trace.LlmObservation;
import dev.braintrust.spring.boot.trace.StreamResponseTracing;

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

	private final StreamResponseTracing<T> tracing;

	TracedStreamResponse(StreamResponse<T> delegate, LlmObservation observation,
			ChunkAggregator<? super T> aggregator) {
		this.delegate = delegate;
		this.tracing = new StreamResponseTracing<>(observation, aggregator);
	}

	@Override
	public Stream<T> stream() {
		return this.tracing.stream(this.delegate::stream);
	}

	@Override
	public void close() {
		this.tracing.close(this.delegate::close);
	}

}
