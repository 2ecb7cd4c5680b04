package dev.braintrust.spring.boot.viewer;

import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/**
 * The JSON documents of the trace viewer's API, written from a {@link TraceRing}; the web
 * layer only serves them.
 * <ul>
 * <li>{@link #traces()}: {@code {"version":n,"limits":{...},"traces":[{"traceId",
 * "name","rootType","roots","start","durationMs","spanCount","droppedSpans","llmCalls",
 * "inputTokens","outputTokens","totalTokens","errors"}]}}, newest first; {@code start} in
 * milliseconds since the epoch.</li>
 * <li>{@link #trace(String)}: {@code {"trace":{...as above},"spans":[{"spanId",
 * "parentSpanId","name","displayName","type","kind","start","end","durationMs","error",
 * "errorType","statusMessage","exceptions":[{"type","message","stacktrace"}],"events",
 * "input","output","metadata","metrics","attributes","inputTokens","outputTokens"}]}},
 * spans in start order; {@code parentSpanId} is null for a root (a span whose parent is
 * not in the trace); {@code input}, {@code output}, {@code metadata} and {@code metrics}
 * are the span's {@code braintrust.*} JSON documents, embedded as JSON (as a string when
 * one is not valid JSON), absent when the span has none (content not captured).</li>
 * </ul>
 */
public final class TraceViewerApi {

	private static final Pattern TRACE_ID = Pattern.compile("[0-9a-f]{32}");

	private static final JsonFactory jsonFactory = new JsonFactory();

	private final TraceRing ring;

	/**
	 * Creates the API of a ring.
	 * @param ring the ring
	 */
	public TraceViewerApi(TraceRing ring) {
		this.ring = ring;
	}

	/**
	 * The list of kept traces, newest first.
	 * @return the JSON document
	 */
	public String traces() {
		long version = this.ring.version();
		List<TraceSummary> summaries = this.ring.summaries();
		TraceRing.Usage usage = this.ring.usage();
		StringWriter out = new StringWriter(256 + 256 * summaries.size());
		try (JsonGenerator json = jsonFactory.createGenerator(ObjectWriteContext.empty(), out)) {
			json.writeStartObject();
			json.writeNumberProperty("version", version);
			json.writeName("limits");
			json.writeStartObject();
			json.writeNumberProperty("traces", usage.traces());
			json.writeNumberProperty("maxTraces", usage.maxTraces());
			json.writeNumberProperty("maxSpansPerTrace", usage.maxSpansPerTrace());
			json.writeNumberProperty("bytes", usage.bytes());
			json.writeNumberProperty("maxBytes", usage.maxBytes());
			json.writeNumberProperty("evictedTraces", usage.evictedTraces());
			json.writeEndObject();
			json.writeName("traces");
			json.writeStartArray();
			for (TraceSummary summary : summaries) {
				writeSummary(json, summary);
			}
			json.writeEndArray();
			json.writeEndObject();
		}
		return out.toString();
	}

	/**
	 * One kept trace with its spans.
	 * @param traceId the trace id (32 lowercase hexadecimal digits)
	 * @return the JSON document, or null when no such trace is kept
	 */
	public @Nullable String trace(String traceId) {
		if (!TRACE_ID.matcher(traceId).matches()) {
			return null;
		}
		TraceRing.TraceDetail detail = this.ring.trace(traceId);
		if (detail == null) {
			return null;
		}
		StringWriter out = new StringWriter(1024);
		try (JsonGenerator json = jsonFactory.createGenerator(ObjectWriteContext.empty(), out)) {
			json.writeStartObject();
			json.writeName("trace");
			writeSummary(json, detail.summary());
			json.writeName("spans");
			json.writeStartArray();
			Set<String> ids = TraceSummary.spanIds(detail.spans());
			for (RecordedSpan span : detail.spans()) {
				writeSpan(json, span, span.hasParentIn(ids) ? span.parentSpanId() : null);
			}
			json.writeEndArray();
			json.writeEndObject();
		}
		return out.toString();
	}

	private static void writeSummary(JsonGenerator json, TraceSummary summary) {
		json.writeStartObject();
		json.writeStringProperty("traceId", summary.traceId());
		json.writeStringProperty("name", summary.name());
		json.writeStringProperty("rootType", summary.rootType());
		json.writeNumberProperty("roots", summary.roots());
		json.writeNumberProperty("start", millis(summary.startNanos()));
		json.writeNumberProperty("durationMs", (summary.endNanos() - summary.startNanos()) / 1e6);
		json.writeNumberProperty("spanCount", summary.spanCount());
		json.writeNumberProperty("droppedSpans", summary.droppedSpans());
		json.writeNumberProperty("llmCalls", summary.llmCalls());
		json.writeNumberProperty("inputTokens", summary.inputTokens());
		json.writeNumberProperty("outputTokens", summary.outputTokens());
		json.writeNumberProperty("totalTokens", summary.totalTokens());
		json.writeNumberProperty("errors", summary.errors());
		json.writeEndObject();
	}

	private static void writeSpan(JsonGenerator json, RecordedSpan span, @Nullable String parentSpanId) {
		json.writeStartObject();
		json.writeStringProperty("spanId", span.spanId());
		json.writeStringProperty("parentSpanId", parentSpanId);
		json.writeStringProperty("name", span.name());
		json.writeStringProperty("displayName", span.shownName());
		json.writeStringProperty("type", span.type());
		json.writeStringProperty("kind", span.kind());
		json.writeNumberProperty("start", millis(span.startNanos()));
		json.writeNumberProperty("end", millis(span.endNanos()));
		json.writeNumberProperty("durationMs", (span.endNanos() - span.startNanos()) / 1e6);
		json.writeBooleanProperty("error", span.error());
		json.writeStringProperty("errorType", span.errorType());
		json.writeStringProperty("statusMessage", span.statusMessage());
		json.writeName("exceptions");
		json.writeStartArray();
		for (RecordedSpan.RecordedException exception : span.exceptions()) {
			json.writeStartObject();
			json.writeStringProperty("type", exception.type());
			json.writeStringProperty("message", exception.message());
			json.writeStringProperty("stacktrace", exception.stacktrace());
			json.writeEndObject();
		}
		json.writeEndArray();
		json.writeName("events");
		json.writeStartArray();
		for (String event : span.events()) {
			json.writeString(event);
		}
		json.writeEndArray();
		writeDocument(json, "input", span.input());
		writeDocument(json, "output", span.output());
		writeDocument(json, "metadata", span.metadata());
		writeDocument(json, "metrics", span.metrics());
		json.writeName("attributes");
		json.writeStartObject();
		for (Map.Entry<String, String> attribute : span.attributes().entrySet()) {
			json.writeStringProperty(attribute.getKey(), attribute.getValue());
		}
		json.writeEndObject();
		if (span.inputTokens() != null) {
			json.writeNumberProperty("inputTokens", span.inputTokens());
		}
		if (span.outputTokens() != null) {
			json.writeNumberProperty("outputTokens", span.outputTokens());
		}
		json.writeEndObject();
	}

	/**
	 * A span's JSON document, embedded as JSON when it is valid, as a string otherwise:
	 * it is copied token by token, so that nothing but JSON reaches the output.
	 */
	private static void writeDocument(JsonGenerator json, String name, @Nullable String document) {
		if (document == null) {
			return;
		}
		String copy = copyOf(document);
		json.writeName(name);
		if (copy != null) {
			json.writeRawValue(copy);
		}
		else {
			json.writeString(document);
		}
	}

	private static @Nullable String copyOf(String document) {
		StringWriter out = new StringWriter(document.length() + 16);
		try (JsonParser parser = jsonFactory.createParser(ObjectReadContext.empty(), document);
				JsonGenerator copy = jsonFactory.createGenerator(ObjectWriteContext.empty(), out)) {
			if (parser.nextToken() == null) {
				return null;
			}
			copy.copyCurrentStructure(parser);
			if (parser.nextToken() != null) {
				return null;
			}
		}
		catch (JacksonException ex) {
			return null;
		}
		return out.toString();
	}

	private static double millis(long epochNanos) {
		return Math.round(epochNanos / 1e3) / 1e3;
	}

	/**
	 * Whether a value can be a trace id of the API.
	 */
	static boolean isTraceId(String value) {
		return TRACE_ID.matcher(value).matches();
	}

}
