package dev.braintrust.spring.boot.trace;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import org.jspecify.annotations.Nullable;

/**
 * A streamed chat response (an {@link Iterator} of chunks, also usable as a
 * {@link Stream}) that ends its call's observation exactly once: on exhaustion
 * ({@code end}, with the aggregated response), on an exception from the source
 * ({@code error}, with what was aggregated; the exception is rethrown unchanged), or on
 * {@link #close()} before exhaustion ({@code cancel}: not an error, see
 * {@link LlmObservation#cancel(LlmResponse)}). The first chunk sets the time to first
 * chunk.
 * <p>
 * The span starts when the streaming request is made, not at first iteration: start the
 * observation, make the library's streaming call inside
 * {@link LlmObservation#makeCurrent()} (recording its exception with
 * {@link LlmObservation#error(Throwable)}), then wrap what it returns with
 * {@link #of(LlmObservation, Iterator, Runnable, ChunkAggregator)}. Not thread-safe for
 * iteration (as any iterator); {@link #close()} may be called from any thread.
 * <p>
 * The {@link #stream()} of a {@link Stream} source relays the source's own traversal: a
 * {@code forEach} over it runs the source's pipeline in one pass, as it would untraced,
 * rather than pulling the chunks one at a time through an iterator (for the OpenAI SDK,
 * whose stream maps every server-sent event to its chunk, pulling buffers each chunk
 * between the stages of the pipeline).
 *
 * @param <T> the chunk type
 */
public final class TracedChunkStream<T> implements Iterator<T>, AutoCloseable {

	// The iterator of an iterator source, or the one made from the spliterator of a
	// stream source when it is iterated rather than streamed.
	private @Nullable Iterator<? extends T> chunks;

	// The spliterator of a stream source.
	private final @Nullable Spliterator<? extends T> source;

	private final @Nullable Runnable closeSource;

	private final StreamAggregation<T> aggregation;

	private final AtomicBoolean done = new AtomicBoolean();

	private final AtomicBoolean closed = new AtomicBoolean();

	private TracedChunkStream(LlmObservation observation, @Nullable Iterator<? extends T> chunks,
			@Nullable Spliterator<? extends T> source, @Nullable Runnable closeSource,
			ChunkAggregator<? super T> aggregator) {
		this.chunks = chunks;
		this.source = source;
		this.closeSource = closeSource;
		this.aggregation = new StreamAggregation<>(observation, aggregator);
	}

	/**
	 * Wrap the chunks of a started call.
	 * @param <T> the chunk type
	 * @param observation the call's observation
	 * @param chunks the library's chunk iterator
	 * @param closeSource closes the library's stream (releases the HTTP connection), or
	 * null
	 * @param aggregator feeds chunks into the accumulator
	 * @return the traced stream
	 */
	public static <T> TracedChunkStream<T> of(LlmObservation observation, Iterator<? extends T> chunks,
			@Nullable Runnable closeSource, ChunkAggregator<? super T> aggregator) {
		return new TracedChunkStream<>(observation, chunks, null, closeSource, aggregator);
	}

	/**
	 * Wrap a {@link Stream} of chunks of a started call; closing the traced stream closes
	 * it.
	 * @param <T> the chunk type
	 * @param observation the call's observation
	 * @param chunks the library's chunk stream
	 * @param aggregator feeds chunks into the accumulator
	 * @return the traced stream
	 */
	public static <T> TracedChunkStream<T> of(LlmObservation observation, Stream<? extends T> chunks,
			ChunkAggregator<? super T> aggregator) {
		return new TracedChunkStream<>(observation, null, chunks.spliterator(), chunks::close, aggregator);
	}

	private Iterator<? extends T> chunks() {
		Iterator<? extends T> chunks = this.chunks;
		if (chunks == null) {
			// Spliterators.iterator takes a Spliterator<? extends T> as Spliterator<T>.
			@SuppressWarnings("unchecked")
			Spliterator<T> source = (Spliterator<T>) this.source;
			chunks = Spliterators.iterator(source);
			this.chunks = chunks;
		}
		return chunks;
	}

	@Override
	public boolean hasNext() {
		if (this.done.get()) {
			return false;
		}
		boolean hasNext;
		try {
			hasNext = chunks().hasNext();
		}
		catch (RuntimeException | Error ex) {
			fail(ex);
			throw ex;
		}
		if (!hasNext) {
			complete();
		}
		return hasNext;
	}

	@Override
	public T next() {
		if (this.done.get()) {
			throw new NoSuchElementException();
		}
		T chunk;
		try {
			chunk = chunks().next();
		}
		catch (NoSuchElementException ex) {
			complete();
			throw ex;
		}
		catch (RuntimeException | Error ex) {
			fail(ex);
			throw ex;
		}
		this.aggregation.chunk(chunk);
		return chunk;
	}

	/**
	 * A sequential {@link Stream} view of the chunks; closing it closes this.
	 * @return the stream
	 */
	public Stream<T> stream() {
		Spliterator<T> spliterator = (this.source != null && this.chunks == null) ? new Relay(this.source)
				: Spliterators.spliteratorUnknownSize(this, Spliterator.ORDERED);
		return StreamSupport.stream(spliterator, false).onClose(this::close);
	}

	/**
	 * Close the stream: if it was not exhausted, the call ends as cancelled with what was
	 * aggregated; then the library's stream is closed. Idempotent.
	 */
	@Override
	public void close() {
		if (!this.closed.compareAndSet(false, true)) {
			return;
		}
		if (this.done.compareAndSet(false, true)) {
			this.aggregation.cancel();
		}
		if (this.closeSource != null) {
			this.closeSource.run();
		}
	}

	private void fail(Throwable ex) {
		if (this.done.compareAndSet(false, true)) {
			this.aggregation.error(ex);
		}
	}

	private void complete() {
		if (this.done.compareAndSet(false, true)) {
			this.aggregation.complete();
		}
	}

	/**
	 * The traversal of a stream source, relayed: each chunk is aggregated, then handed to
	 * the consumer. An exception from the consumer reaches the caller without ending the
	 * call (it ends as cancelled when the stream is closed, as with an iterator); one
	 * from the source ends it as an error.
	 */
	private final class Relay implements Spliterator<T>, Consumer<T> {

		private final Spliterator<? extends T> source;

		private @Nullable Consumer<? super T> action;

		private boolean inAction;

		Relay(Spliterator<? extends T> source) {
			this.source = source;
		}

		@Override
		public void accept(T chunk) {
			Consumer<? super T> action = this.action;
			if (action == null) {
				throw new IllegalStateException("not traversing");
			}
			TracedChunkStream.this.aggregation.chunk(chunk);
			this.inAction = true;
			action.accept(chunk);
			this.inAction = false;
		}

		@Override
		public boolean tryAdvance(Consumer<? super T> action) {
			if (TracedChunkStream.this.done.get()) {
				return false;
			}
			this.action = action;
			boolean advanced;
			try {
				advanced = this.source.tryAdvance(this);
			}
			catch (RuntimeException | Error ex) {
				failed(ex);
				throw ex;
			}
			if (!advanced) {
				complete();
			}
			return advanced;
		}

		@Override
		public void forEachRemaining(Consumer<? super T> action) {
			if (TracedChunkStream.this.done.get()) {
				return;
			}
			this.action = action;
			try {
				this.source.forEachRemaining(this);
			}
			catch (RuntimeException | Error ex) {
				failed(ex);
				throw ex;
			}
			complete();
		}

		private void failed(Throwable ex) {
			if (this.inAction) {
				this.inAction = false;
			}
			else {
				fail(ex);
			}
		}

		@Override
		public @Nullable Spliterator<T> trySplit() {
			return null;
		}

		@Override
		public long estimateSize() {
			return this.source.estimateSize();
		}

		@Override
		public int characteristics() {
			return this.source.characteristics() & Spliterator.ORDERED;
		}

	}

}
