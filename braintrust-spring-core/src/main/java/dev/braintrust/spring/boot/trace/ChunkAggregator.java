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

	/**
	 * Whether a chunk carries content: the first that does sets the time to first chunk.
	 * Every chunk does unless the library sends events before the content (Anthropic's
	 * {@code message_start}). Called before the chunk is aggregated; an exception it
	 * throws is handled as one of {@link #accept}.
	 * @param chunk the chunk
	 * @return whether the chunk carries content
	 */
	default boolean isContent(T chunk) {
		return true;
	}

	/**
	 * Whether a chunk is the last of the response (Anthropic's {@code message_stop}): the
	 * call then ends with it, even if the consumer does not read the stream to its end.
	 * @param chunk the chunk
	 * @return whether the response is complete with this chunk
	 */
	default boolean isLast(T chunk) {
		return false;
	}

}
