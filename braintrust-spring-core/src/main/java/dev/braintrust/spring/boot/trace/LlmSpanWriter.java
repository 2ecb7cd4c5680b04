package dev.braintrust.spring.boot.trace;

import java.time.Instant;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;

/**
 * Writes the span of a model call: one of the handlers of the calls the {@link LlmTracer}
 * traces, next to the {@link LlmCallListener listeners} (the GenAI metrics, the
 * integrations' call counts, the application's own). The starter's writer
 * ({@link OpenTelemetrySpanWriter}) writes the span contract; declaring a bean of this
 * type replaces it and keeps every other handler, error classifier and failure listener.
 * <p>
 * The tracer makes the returned span current while the call runs, so that what the call
 * does (a tool, an HTTP request) nests under it. A failure of the writer is reported as
 * an instrumentation failure and never reaches the call. Implementations are thread-safe.
 */
public interface LlmSpanWriter {

	/**
	 * Start the span of a call.
	 * @param request the request, as the integration built it
	 * @param parent the context the call runs in
	 * @param startTime when the call started
	 * @param content whether the call's content is captured, and the bound of each JSON
	 * attribute
	 * @return the span, or {@link Span#getInvalid()} to write none
	 */
	Span start(LlmRequest request, Context parent, Instant startTime, ContentCapture content);

	/**
	 * End the span of a call, exactly once.
	 * @param span the span {@link #start} returned
	 * @param call the call, with its response, timings and (normalized) error
	 * @param content as given to {@link #start}
	 */
	void end(Span span, LlmCall call, ContentCapture content);

	/**
	 * End the span of a call, exactly once, with what the application added to it while
	 * it ran ({@link BraintrustSpans}). By default the additions are left out.
	 * @param span the span {@link #start} returned
	 * @param call the call, with its response, timings and (normalized) error
	 * @param content as given to {@link #start}
	 * @param annotations the metadata and tags the application added
	 */
	default void end(Span span, LlmCall call, ContentCapture content, SpanAnnotations annotations) {
		end(span, call, content);
	}

}
