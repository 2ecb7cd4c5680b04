package dev.braintrust.spring.boot.trace;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One model call as seen by {@link LlmCallListener listeners}: the request, and once the
 * call is over its response, timings and error. Listeners receive the call as the
 * integration built it, before any {@link SpanContentRedactor redaction}. A call whose
 * integration does not capture content holds none while it runs (a call keeps nothing its
 * span would not record): its start carries the request as built, its end the request
 * without its messages, and the response possibly without its output.
 *
 * @param request the request
 * @param response the response (on start: null; on error: what was received, if anything;
 * on cancellation: what was aggregated so far)
 * @param startTime when the call started
 * @param timeToFirstChunk time from start to the first streamed chunk, if any
 * @param duration time from start to end (null on start)
 * @param error the failure (null on start and on success)
 * @param errorType the normalized {@code error.type} of the failure
 * @param cancelled whether the consumer stopped a stream before its end (not an error)
 */
public record LlmCall(LlmRequest request, @Nullable LlmResponse response, Instant startTime,
		@Nullable Duration timeToFirstChunk, @Nullable Duration duration, @Nullable Throwable error,
		@Nullable String errorType, boolean cancelled) {

}
