package dev.braintrust.spring.boot.integrations.anthropic;

import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import com.anthropic.core.http.StreamResponse;
import dev.braintrust.spring.boot.trace.ChunkAggregator;
import dev.braintrust.spring.boot.trace.LlmObservation;
import dev.braintrust.spring.boot.trace.LlmResponse;
import dev.braintrust.spring.boot.trace.TracedChunkStream;
import org.jspecify.annotations.Nullable;

/**
 * A blocking stream of message events whose events are traced through
 * {@link TracedChunkStream}, which relays the SDK stream's own traversal: the call ends
 * exactly once, at {@code message_stop} or the end of the stream (with the aggregated
 * message), when reading fails, or when the caller closes the stream or this response
 * before its end (cancelled, not an error). Closing a stream that was never read ends the
 * call as cancelled too.
 * <p>
 * As the SDK's own, the events can be read once: the first {@link #stream()} is traced, a
 * second one is the SDK's.
 *
 * @param <E> the event type ({@code RawMessageStreamEvent} or
 * {@code BetaRawMessageStreamEvent})
 */
final class TracedMessageStream<E> implements StreamResponse<E> {

	private final StreamResponse<E> delegate;

	private final LlmObservation observation;

	private final ChunkAggregator<? super E> aggregator;

	private final AtomicReference<@Nullable TracedChunkStream<E>> traced = new AtomicReference<>();

	TracedMessageStream(StreamResponse<E> delegate, LlmObservation observation, ChunkAggregator<? super E> aggregator) {
		this.delegate = delegate;
		this.observation = observation;
		this.aggregator = aggregator;
	}

	@Override
	public Stream<E> stream() {
		Stream<E> events;
		try {
			events = this.delegate.stream();
		}
		catch (RuntimeException | Error ex) {
			this.observation.error(ex);
			throw ex;
		}
		TracedChunkStream<E> stream = TracedChunkStream.of(this.observation, events, this.aggregator);
		return this.traced.compareAndSet(null, stream) ? stream.stream() : events;
	}

	@Override
	public void close() {
		try {
			TracedChunkStream<E> stream = this.traced.get();
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
