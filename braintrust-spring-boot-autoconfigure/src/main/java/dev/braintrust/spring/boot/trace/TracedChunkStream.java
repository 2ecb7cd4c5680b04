package dev.braintrust.spring.boot.trace;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.atomic.AtomicBoolean;
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
 *
 * @param <T> the chunk type
 */
public final class TracedChunkStream<T> implements Iterator<T>, AutoCloseable {

	private final Iterator<? extends T> chunks;

	private final @Nullable Runnable closeSource;

	private final StreamAggregation<T> aggregation;

	private final AtomicBoolean done = new AtomicBoolean();

	private final AtomicBoolean closed = new AtomicBoolean();

	private TracedChunkStream(LlmObservation observation, Iterator<? extends T> chunks, @Nullable Runnable closeSource,
			ChunkAggregator<? super T> aggregator) {
		this.chunks = chunks;
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
		return new TracedChunkStream<>(observation, chunks, closeSource, aggregator);
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
		return new TracedChunkStream<>(observation, chunks.iterator(), chunks::close, aggregator);
	}

	@Override
	public boolean hasNext() {
		if (this.done.get()) {
			return false;
		}
		boolean hasNext;
		try {
			hasNext = this.chunks.hasNext();
		}
		catch (RuntimeException | Error ex) {
			fail(ex);
			throw ex;
		}
		if (!hasNext && this.done.compareAndSet(false, true)) {
			this.aggregation.complete();
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
			chunk = this.chunks.next();
		}
		catch (NoSuchElementException ex) {
			if (this.done.compareAndSet(false, true)) {
				this.aggregation.complete();
			}
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
		Spliterator<T> spliterator = Spliterators.spliteratorUnknownSize(this, Spliterator.ORDERED);
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

}
