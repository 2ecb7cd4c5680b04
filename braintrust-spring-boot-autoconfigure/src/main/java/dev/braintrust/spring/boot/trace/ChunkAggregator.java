package dev.braintrust.spring.boot.trace;

/**
 * Feeds one streamed chunk of a library into a {@link ChatStreamAccumulator}: the only
 * streaming code an integration writes. Called on the thread that delivers the chunk,
 * once per chunk, before the chunk reaches the consumer; it must not keep the chunk. An
 * exception it throws is logged and stops aggregation for that stream; the consumer still
 * gets every chunk.
 *
 * @param <T> the chunk type
 */
@FunctionalInterface
public interface ChunkAggregator<T> {

	/**
	 * Aggregate one chunk.
	 * @param chunk the chunk
	 * @param accumulator the accumulator of the stream
	 */
	void accept(T chunk, ChatStreamAccumulator accumulator);

}
