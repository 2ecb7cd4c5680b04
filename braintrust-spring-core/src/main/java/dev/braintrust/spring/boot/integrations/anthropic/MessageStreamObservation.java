package dev.braintrust.spring.boot.integrations.anthropic;

import dev.braintrust.spring.boot.trace.LlmObservation;
import dev.braintrust.spring.boot.trace.LlmResponse;
import io.opentelemetry.context.Scope;
import org.jspecify.annotations.Nullable;

/**
 * The observation of a streamed call as its {@link MessageStreamMapping} sees it: the
 * response the call ends with is {@link MessageStreamMapping#completed completed} by the
 * mapping (a tool call cut off before its input records the input its block started
 * with); everything else is the call's own observation.
 */
record MessageStreamObservation(LlmObservation delegate, MessageStreamMapping mapping) implements LlmObservation {

	@Override
	public boolean isRecording() {
		return this.delegate.isRecording();
	}

	@Override
	public void firstChunk() {
		this.delegate.firstChunk();
	}

	@Override
	public void end(LlmResponse response) {
		this.delegate.end(completed(response));
	}

	@Override
	public void error(Throwable error, @Nullable LlmResponse partialResponse) {
		this.delegate.error(error, (partialResponse != null) ? completed(partialResponse) : null);
	}

	@Override
	public void cancel(LlmResponse partialResponse) {
		this.delegate.cancel(completed(partialResponse));
	}

	@Override
	public int contentCapacity() {
		return this.delegate.contentCapacity();
	}

	@Override
	public void instrumentationFailure(String step, Throwable failure) {
		this.delegate.instrumentationFailure(step, failure);
	}

	@Override
	public Scope makeCurrent() {
		return this.delegate.makeCurrent();
	}

	// Never throws: a response it cannot complete is recorded as aggregated.
	private LlmResponse completed(LlmResponse response) {
		try {
			return this.mapping.completed(response);
		}
		catch (RuntimeException ex) {
			this.delegate.instrumentationFailure("stream-response", ex);
			return response;
		}
	}

}
