package dev.braintrust.spring.boot.trace;

import org.apache.commons.logging.LogFactory;

/**
 * The per-stream state shared by the stream wrappers: the accumulator and the guarded
 * call of the integration's {@link ChunkAggregator}.
 *
 * @param <T> the chunk type
 */
final class StreamAggregation<T> {

	private static final RateLimitedLog logger = new RateLimitedLog(LogFactory.getLog(ChunkAggregator.class));

	private final LlmObservation observation;

	private final ChunkAggregator<? super T> aggregator;

	private final ChatStreamAccumulator accumulator = new ChatStreamAccumulator();

	private volatile boolean aggregating;

	StreamAggregation(LlmObservation observation, ChunkAggregator<? super T> aggregator) {
		this.observation = observation;
		this.aggregator = aggregator;
		this.aggregating = observation.isRecording();
	}

	void chunk(T chunk) {
		this.observation.firstChunk();
		if (this.aggregating) {
			try {
				this.aggregator.accept(chunk, this.accumulator);
			}
			catch (RuntimeException ex) {
				this.aggregating = false;
				logger.warn(this.aggregator.getClass().getName(),
						"Could not aggregate a streamed chunk; the span records the chunks before it", ex);
			}
		}
	}

	void complete() {
		this.observation.end(response());
	}

	void error(Throwable error) {
		this.observation.error(error, response());
	}

	void cancel() {
		this.observation.cancel(response());
	}

	private LlmResponse response() {
		return this.observation.isRecording() ? this.accumulator.toResponse() : LlmResponse.empty();
	}

}
