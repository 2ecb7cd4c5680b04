package dev.braintrust.spring.boot.trace;

import java.util.function.Function;

import io.opentelemetry.context.Scope;
import org.jspecify.annotations.Nullable;

/**
 * One model call in progress, returned by {@link LlmTracer#start(LlmRequest)}. Exactly
 * one of {@link #end(LlmResponse)}, {@link #error(Throwable, LlmResponse)} and
 * {@link #cancel(LlmResponse)} takes effect; later calls (from any thread) are ignored.
 * No method throws: an instrumentation failure is logged and the caller's call goes on.
 */
public interface LlmObservation {

	/**
	 * Whether this observation records a span. False for a call nested in another
	 * observed call of the same operation (and for the no-op tracer): an integration may
	 * skip building its response then.
	 * @return whether a span is recorded
	 */
	boolean isRecording();

	/**
	 * Record that the first chunk of a streamed response arrived: sets the time to first
	 * chunk. Idempotent and cheap; call it on every chunk if that is simpler.
	 */
	void firstChunk();

	/**
	 * End the call successfully.
	 * @param response the response
	 */
	void end(LlmResponse response);

	/**
	 * End the call successfully with a response mapped from the library's result; a
	 * mapper failure is logged and the call ends with an empty response. The mapper is
	 * not called when the observation does not record.
	 * @param <T> the result type
	 * @param result the library's result
	 * @param responseMapper the mapper
	 */
	default <T> void end(T result, Function<? super T, LlmResponse> responseMapper) {
		end(LlmObservationSupport.mapSafely(this, result, responseMapper));
	}

	/**
	 * End the call with a failure: span status ERROR, the exception recorded, a
	 * normalized {@code error.type}. The caller rethrows the exception unchanged. A
	 * failure wrapped by a future ({@code CompletionException},
	 * {@code ExecutionException}) is recorded as the failure it wraps.
	 * @param error the failure
	 * @param partialResponse what was received before the failure (e.g. the chunks of a
	 * stream that broke), if anything
	 */
	void error(Throwable error, @Nullable LlmResponse partialResponse);

	/**
	 * End the call with a failure and no partial response.
	 * @param error the failure
	 * @see #error(Throwable, LlmResponse)
	 */
	default void error(Throwable error) {
		error(error, null);
	}

	/**
	 * End a streamed call that the consumer stopped before its end (closed the stream,
	 * cancelled the subscription, {@code take(n)}). This is not an error: a consumer that
	 * stops once it has what it wants is a normal use. The span keeps status UNSET, gets
	 * a {@code cancelled} event and the output aggregated so far, listeners get
	 * {@code onFinish} with {@link LlmCall#cancelled()} true, and metrics are tagged
	 * {@code error.type=none}. (A cancelled <em>future</em>, which delivers no result at
	 * all, is an error of type {@code cancelled} instead.)
	 * @param partialResponse what was aggregated so far
	 */
	void cancel(LlmResponse partialResponse);

	/**
	 * How many characters of content (text, tool arguments) this call's span can record:
	 * {@code 0} when content is not captured, or nothing is recorded. A stream aggregator
	 * keeps no more than that, so that the memory a call holds grows with what is
	 * recorded, not with what the server sends.
	 * @return the number of characters worth keeping
	 */
	default int contentCapacity() {
		return isRecording() ? Integer.MAX_VALUE : 0;
	}

	/**
	 * Report a failure of the instrumentation of this call (see
	 * {@link LlmTracer#instrumentationFailure}): logged, rate-limited, and counted
	 * against the call's integration. Never throws.
	 * @param step what the instrumentation was doing (such as {@code chunk})
	 * @param failure what was thrown
	 */
	default void instrumentationFailure(String step, Throwable failure) {
		RateLimitedLog.INSTRUMENTATION.instrumentationFailure("unknown", step, failure);
	}

	/**
	 * Make this call's span the current OpenTelemetry context (so that HTTP client spans
	 * of the call become its children) and mark the context as inside an observed call of
	 * this operation (so that a nested layer adds no second span). Keep the scope open
	 * only around the library call itself, never around user callbacks: a model call of
	 * the same operation made in that scope would be suppressed.
	 * @return the scope to close, on the same thread
	 */
	Scope makeCurrent();

}
