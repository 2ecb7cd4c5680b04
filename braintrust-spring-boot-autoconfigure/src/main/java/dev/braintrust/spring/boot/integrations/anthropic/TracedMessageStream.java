package dev.braintrust.spring.boot.integrations.anthropic;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import com.anthropic.core.http.StreamResponse;

/**
 * A blocking stream of message events that feeds each event to the call's
 * {@link MessageStreamObservation} before the consumer sees it. Closing it before the end
 * ends the call as cancelled, then closes the SDK's stream.
 *
 * @param <E> the event type ({@code RawMessageStreamEvent} or
 * {@code BetaRawMessageStreamEvent})
 */
final class TracedMessageStream<E> implements StreamResponse<E> {

	private final StreamResponse<E> delegate;

	private final MessageStreamObservation observation;

	TracedMessageStream(StreamResponse<E> delegate, MessageStreamObservation observation) {
		this.delegate = delegate;
		this.observation = observation;
	}

	@Override
	public Stream<E> stream() {
		Stream<E> source;
		try {
			source = this.delegate.stream();
		}
		catch (RuntimeException | Error ex) {
			this.observation.error(ex);
			throw ex;
		}
		Iterator<E> events = new TracedIterator<>(source.iterator(), this.observation);
		// Closing the stream before its end (a try-with-resources on it, say) ends the
		// call as cancelled, as closing this response does.
		return StreamSupport.stream(Spliterators.spliteratorUnknownSize(events, Spliterator.ORDERED), false)
			.onClose(() -> {
				this.observation.cancel();
				source.close();
			});
	}

	@Override
	public void close() {
		this.observation.cancel();
		this.delegate.close();
	}

	private static final class TracedIterator<E> implements Iterator<E> {

		private final Iterator<E> events;

		private final MessageStreamObservation observation;

		TracedIterator(Iterator<E> events, MessageStreamObservation observation) {
			this.events = events;
			this.observation = observation;
		}

		@Override
		public boolean hasNext() {
			boolean hasNext;
			try {
				hasNext = this.events.hasNext();
			}
			catch (RuntimeException | Error ex) {
				this.observation.error(ex);
				throw ex;
			}
			if (!hasNext) {
				this.observation.complete();
			}
			return hasNext;
		}

		@Override
		public E next() {
			E event;
			try {
				event = this.events.next();
			}
			catch (NoSuchElementException ex) {
				this.observation.complete();
				throw ex;
			}
			catch (RuntimeException | Error ex) {
				this.observation.error(ex);
				throw ex;
			}
			this.observation.event(event);
			return event;
		}

	}

}
