package dev.braintrust.spring.boot.trace;

/**
 * The per-stream state of a streamed call: the accumulator and the guarded call of the
 * integration's {@link ChunkAggregator}. The stream wrappers of this package use it, and
 * so does an integration whose library delivers chunks to callbacks (an SDK's
 * asynchronous stream handler): call {@link #chunk} for each chunk, then exactly one of
 * {@link #complete}, {@link #error} or {@link #cancel} (later calls are ignored by the
 * observation). Thread-safe.
 *
 * @param <T> the chunk type
 */
public final class StreamAggregation<T> {

	private final LlmObservation observation;

	private final ChunkAggregator<? super T> aggregator;

	private final ChatStreamAccumulator accumulator;

	private volatile boolean aggregating;

	// Set once the call has ended, so that the end of the stream after its last chunk
	// builds no second response (the observation would ignore it).
	private volatile boolean ended;

	/**
	 * Aggregate the chunks of a started call.
	 * @param observation the call's observation
	 * @param aggregator feeds chunks into the accumulator
	 */
	public StreamAggregation(LlmObservation observation, ChunkAggregator<? super T> aggregator) {
		this.observation = observation;
		this.aggregator = aggregator;
		this.aggregating = observation.isRecording();
		this.accumulator = new ChatStreamAccumulator(this.aggregating ? observation.contentCapacity() : 0);
	}

	/**
	 * Record one chunk, before it reaches the consumer: the first sets the time to first
	 * chunk.
	 * @param chunk the chunk
	 */
	public void chunk(T chunk) {
		if (!this.aggregating) {
			this.observation.firstChunk();
			return;
		}
		boolean last;
		try {
			if (this.aggregator.isContent(chunk)) {
				this.observation.firstChunk();
			}
			this.accumulator.aggregate(this.aggregator, chunk);
			last = this.aggregator.isLast(chunk);
		}
		catch (Throwable ex) {
			this.aggregating = false;
			this.observation.firstChunk();
			this.observation.instrumentationFailure("chunk", Failures.containable(ex));
			return;
		}
		if (last) {
			complete();
		}
	}

	/**
	 * End the call with the aggregated response: the stream was consumed to its end.
	 */
	public void complete() {
		if (this.ended) {
			return;
		}
		this.ended = true;
		this.observation.end(response());
	}

	/**
	 * End the call with a failure and what was aggregated before it.
	 * @param error the failure, as the consumer sees it
	 */
	public void error(Throwable error) {
		if (this.ended) {
			return;
		}
		this.ended = true;
		this.observation.error(error, response());
	}

	/**
	 * End the call as stopped by the consumer before its end (not an error).
	 */
	public void cancel() {
		if (this.ended) {
			return;
		}
		this.ended = true;
		this.observation.cancel(response());
	}

	private LlmResponse response() {
		if (!this.observation.isRecording()) {
			return LlmResponse.empty();
		}
		try {
			return this.accumulator.toResponse();
		}
		catch (Throwable ex) {
			this.observation.instrumentationFailure("stream-response", Failures.containable(ex));
			return LlmResponse.empty();
		}
	}

}
