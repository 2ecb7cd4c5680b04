package dev.braintrust.spring.boot.trace;

import java.util.function.Function;

/**
 * Entry point of the tracing pipeline, the bean every integration gets: it turns a model
 * call into one span and its metrics. Integrations only build {@link LlmRequest} and
 * {@link LlmResponse} values; they never touch spans.
 * <p>
 * A synchronous call is traced with {@link #call}; a streamed call with
 * {@link TracedChunkStream} or {@code ReactorLlmTracing}; an asynchronous call with
 * {@link LlmFutures} or {@code ReactorLlmTracing}. Implementations are thread-safe.
 */
public interface LlmTracer {

	/**
	 * Start observing a call. The parent is OpenTelemetry's {@code Context.current()}.
	 * When an observation of the same {@link LlmOperation} of this tracer is current (see
	 * {@link LlmObservation#makeCurrent()}), the call is a nested layer of a call already
	 * traced and a no-op observation is returned ({@link LlmObservation#isRecording()} is
	 * false): no second span, no metrics, no listener call.
	 * @param request the request
	 * @return the observation, to be ended exactly once
	 */
	LlmObservation start(LlmRequest request);

	/**
	 * How the calls of an integration record content: whether they capture it, and its
	 * bound. An integration that builds costly content (the arguments of a {@link Traced}
	 * method) asks first, and builds none when it is not captured.
	 * @param integration the integration name
	 * @return the content capture of its calls
	 */
	default ContentCapture contentCapture(String integration) {
		return new ContentCapture(true, ContentLimits.DEFAULT_MAX_CONTENT_LENGTH);
	}

	/**
	 * Trace a synchronous call: start an observation, run the call with the observation
	 * current, end it with the mapped response or record the error. The call's result or
	 * exception reaches the caller unchanged; a failure of {@code responseMapper} is
	 * logged and the span ends with an empty response.
	 * @param <T> the result type
	 * @param <E> the exception type of the call
	 * @param request the request
	 * @param call the call
	 * @param responseMapper maps the result to a response (called only when recording)
	 * @return the call's result
	 * @throws E the call's exception, unchanged
	 */
	default <T, E extends Throwable> T call(LlmRequest request, LlmCallable<T, E> call,
			Function<? super T, LlmResponse> responseMapper) throws E {
		LlmObservation observation = startSafely(this, request);
		T result;
		try (var scope = observation.makeCurrent()) {
			result = call.call();
		}
		catch (Throwable ex) {
			observation.error(ex);
			throw ex;
		}
		observation.end(result, responseMapper);
		return result;
	}

	/**
	 * Report a failure of the instrumentation itself (a mapping that could not read a
	 * library's type, for example after a library upgrade the integration does not know):
	 * it is logged, rate-limited and without its message (which may quote content), and
	 * counted. The caller's call proceeds as it would uninstrumented. Never throws.
	 * @param integration the integration whose call it was
	 * @param step what the instrumentation was doing (such as {@code request})
	 * @param failure what was thrown
	 */
	default void instrumentationFailure(String integration, String step, Throwable failure) {
		RateLimitedLog.INSTRUMENTATION.instrumentationFailure(integration, step, failure);
	}

	/**
	 * Start observing a call with any tracer: a tracer that fails to start a call is
	 * reported and the call is not traced.
	 * @param tracer the tracer
	 * @param request the request
	 * @return the observation, a no-op one when the tracer failed
	 */
	static LlmObservation startSafely(LlmTracer tracer, LlmRequest request) {
		try {
			return tracer.start(request);
		}
		catch (Throwable ex) {
			tracer.instrumentationFailure(request.integration(), "start", Failures.containable(ex));
			return NoopLlmObservation.INSTANCE;
		}
	}

	/**
	 * A tracer that records nothing.
	 * @return the no-op tracer
	 */
	static LlmTracer noop() {
		return NoopTracer.INSTANCE;
	}

	/**
	 * The tracer that records nothing, and captures no content.
	 */
	final class NoopTracer implements LlmTracer {

		static final NoopTracer INSTANCE = new NoopTracer();

		private static final ContentCapture NONE = new ContentCapture(false, ContentLimits.DEFAULT_MAX_CONTENT_LENGTH);

		private NoopTracer() {
		}

		@Override
		public LlmObservation start(LlmRequest request) {
			return NoopLlmObservation.INSTANCE;
		}

		@Override
		public ContentCapture contentCapture(String integration) {
			return NONE;
		}

	}

	/**
	 * A model call that may throw.
	 *
	 * @param <T> the result type
	 * @param <E> the exception type
	 */
	@FunctionalInterface
	interface LlmCallable<T, E extends Throwable> {

		/**
		 * Make the call.
		 * @return the result
		 * @throws E on failure
		 */
		T call() throws E;

	}

}
