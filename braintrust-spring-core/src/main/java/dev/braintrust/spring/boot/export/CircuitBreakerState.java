package dev.braintrust.spring.boot.export;

/**
 * State of the circuit breaker that protects export to Braintrust.
 */
public enum CircuitBreakerState {

	/**
	 * Exports are attempted normally.
	 */
	CLOSED,

	/**
	 * Too many consecutive exports failed: sending pauses until the open duration has
	 * elapsed; spans wait in the queue.
	 */
	OPEN,

	/**
	 * The open duration has elapsed: one probe export is let through; its outcome closes
	 * or re-opens the breaker.
	 */
	HALF_OPEN

}
