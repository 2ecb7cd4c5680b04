package dev.braintrust.spring.boot.integrations.anthropic;

import java.util.stream.Stream;

import com.anthropic.core.http.StreamResponse;
import dev.braintrust.spring.boot.trace.ChunkAggregator;
import dev.braintrust.spring.boot.trace.LlmObservation;
import dev.braintrust.spring.boot.trace.StreamResponseTracing;

/**
 * A blocking stream of message events whose events are traced through
 * {@link StreamResponseTracing}, which relays the SDK stream's own traversal: the call
 * ends exactly once, at {@code message_stop} or the end of the stream (with the
 * aggregated message), when reading fails, or when the caller closes the stream or this
 * response before its end (cancelled, not an error). Closing a stream that was never read
 * ends the call as cancelled too.
 * <p>
 * As the SDK's own, the events can be read once: the first {@link #stream()} is traced, a
 * second one is the SDK's.
 *
 * @param <E> the event type ({@code RawMessageStreamEvent} or
 * {@code BetaRawMessageStreamEvent})
 */
final class TracedMessageStream<E> implements StreamResponse<E> {

	private final StreamResponse<E> delegate;

	private final StreamResponseTracing<E> tracing;

	TracedMessageStream(StreamResponse<E> delegate, LlmObservation observation, ChunkAggregator<? super E> aggregator) {
		this.delegate = delegate;
		this.tracing = new StreamResponseTracing<>(observation, aggregator);
	}

	@Override
	public Stream<E> stream() {
		return this.tracing.stream(this.delegate::stream);
	}

	@Override
	public void close() {
		this.tracing.close(this.delegate::close);
	}

}
