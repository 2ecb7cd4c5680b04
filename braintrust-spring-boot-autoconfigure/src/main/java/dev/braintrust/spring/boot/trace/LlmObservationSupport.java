package dev.braintrust.spring.boot.trace;

import java.util.function.Function;

import org.apache.commons.logging.LogFactory;

/**
 * Guards around integration-supplied functions, so that a mapping bug never breaks the
 * user's call.
 */
final class LlmObservationSupport {

	private static final RateLimitedLog logger = new RateLimitedLog(LogFactory.getLog(LlmObservation.class));

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
		catch (RuntimeException ex) {
			logger.warn("response-mapper",
					"Could not map the result of an LLM call to its span; ended it without output", ex);
			return LlmResponse.empty();
		}
	}

}
