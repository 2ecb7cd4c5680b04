package dev.braintrust.spring.boot.trace;

/**
 * Receives every traced model call: declare beans of this type. Called synchronously on
 * the thread that starts or ends the call, so keep it fast. An exception thrown by a
 * listener is logged (rate-limited, without its message) and ignored. Calls suppressed as
 * nested layers of another traced call are not reported.
 */
public interface LlmCallListener {

	/**
	 * A call started.
	 * @param call the call (no response, no duration yet)
	 */
	default void onStart(LlmCall call) {
	}

	/**
	 * A call ended successfully, or was cancelled by its consumer
	 * ({@link LlmCall#cancelled()}).
	 * @param call the call
	 */
	default void onFinish(LlmCall call) {
	}

	/**
	 * A call failed.
	 * @param call the call, with its error and error type
	 */
	default void onError(LlmCall call) {
	}

}
