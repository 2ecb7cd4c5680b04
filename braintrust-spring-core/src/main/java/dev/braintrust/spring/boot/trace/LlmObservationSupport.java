package dev.braintrust.spring.boot.trace;

import java.util.function.Function;

/**
 * Guards around integration-supplied functions, so that a mapping bug never breaks the
 * user's call.
 */
final class LlmObservationSupport {

	private LlmObservationSupport() {
	}

	static <T> LlmResponse mapSafely(LlmObservation observation, T result,
			Function<? super T, LlmResponse> responseMapper) {
		if (!observation.isRecording()) {
			return LlmResponse.empty();
		}
		try {
			LlmResponse response = responseMapper.apply(result);
			return (response != null) ? response : LlmResponse.empty();
		}
		catch (Throwable ex) {
			observation.instrumentationFailure("response", Failures.containable(ex));
			return LlmResponse.empty();
		}
	}

}
