package dev.braintrust.spring.boot.trace;

import io.opentelemetry.context.Scope;
import org.jspecify.annotations.Nullable;

/**
 * The observation of a call that is not recorded (nested or tracing off).
 */
enum NoopLlmObservation implements LlmObservation {

	INSTANCE;

	@Override
	public boolean isRecording() {
		return false;
	}

	@Override
	public void firstChunk() {
	}

	@Override
	public void end(LlmResponse response) {
	}

	@Override
	public void error(Throwable error, @Nullable LlmResponse partialResponse) {
	}

	@Override
	public void cancel(LlmResponse partialResponse) {
	}

	@Override
	public int contentCapacity() {
		return 0;
	}

	@Override
	public Scope makeCurrent() {
		return Scope.noop();
	}

}
