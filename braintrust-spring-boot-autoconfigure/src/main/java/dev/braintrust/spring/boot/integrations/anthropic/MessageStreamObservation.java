package dev.braintrust.spring.boot.integrations.anthropic;

import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import dev.braintrust.spring.boot.integrations.anthropic.AnthropicStreamAccumulator.Signal;
import dev.braintrust.spring.boot.trace.Failures;
import dev.braintrust.spring.boot.trace.LlmObservation;
import dev.braintrust.spring.boot.trace.LlmResponse;

/**
 * The observation of one streamed call and the aggregation of its events, shared by the
 * blocking and the asynchronous stream wrappers. The time to first token is taken at the
 * first content delta (not at {@code message_start}, which precedes any content); the
 * call ends at {@code message_stop}, at the end of the stream, on an error (with what
 * arrived) or when the consumer closes the stream early (cancelled, not an error),
 * whichever comes first: {@link LlmObservation} ignores every end after the first.
 */
final class MessageStreamObservation {

	private final LlmObservation observation;

	private final AnthropicStreamAccumulator accumulator;

	private final Function<Object, JsonNode> toJson;

	private volatile boolean aggregating;

	MessageStreamObservation(LlmObservation observation, AnthropicMessageConverter converter,
			Function<Object, JsonNode> toJson) {
		this.observation = observation;
		this.accumulator = new AnthropicStreamAccumulator(converter,
				observation.isRecording() ? observation.contentCapacity() : 0);
		this.toJson = toJson;
		this.aggregating = observation.isRecording();
	}

	void event(Object event) {
		if (!this.aggregating) {
			return;
		}
		Signal signal;
		try {
			signal = this.accumulator.accept(this.toJson.apply(event));
		}
		catch (Throwable ex) {
			this.aggregating = false;
			this.observation.instrumentationFailure("chunk", Failures.containable(ex));
			return;
		}
		if (signal == Signal.CONTENT) {
			this.observation.firstChunk();
		}
		else if (signal == Signal.STOP) {
			this.observation.end(response());
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
