package dev.braintrust.spring.boot.trace;

/**
 * Told of every failure of the instrumentation itself: a mapping that could not read a
 * library's request or response, a chunk that could not be aggregated, a span that could
 * not be written. Such a failure never reaches the instrumented call, which proceeds as
 * it would uninstrumented (or with a span that records what is known); listeners count it
 * (the integrations endpoint and the {@code braintrust.instrumentation.failures} counter
 * do). A listener must be fast and must not throw.
 */
@FunctionalInterface
public interface InstrumentationFailureListener {

	/**
	 * A failure of the instrumentation.
	 * @param integration the name of the integration whose call it was
	 * @param step what the instrumentation was doing (such as {@code request},
	 * {@code response}, {@code chunk}, {@code span})
	 * @param failure what was thrown; its message may quote content, so only its type
	 * should be recorded
	 */
	void onFailure(String integration, String step, Throwable failure);

}
