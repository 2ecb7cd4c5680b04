package dev.braintrust.spring.boot.viewer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.braintrust.spring.boot.trace.LlmSpanAttributes;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * What the viewer keeps of one finished AI span: the {@code braintrust.*} documents as
 * the span carries them (content only when the call captured it, already redacted and
 * bounded by {@code braintrust.trace.max-content-length}), the attributes that are not
 * content, and its errors. Strings the span does not bound (an exception's message and
 * stack trace, other attributes) are cut here.
 *
 * @param traceId the trace id
 * @param spanId the span id
 * @param parentSpanId the parent span's id, null for a root span
 * @param name the OpenTelemetry span name
 * @param type the Braintrust span type ({@code llm}, {@code tool}, {@code task}), or null
 * @param displayName the name Braintrust shows, or null
 * @param kind the span kind
 * @param startNanos the start, in nanoseconds since the epoch
 * @param endNanos the end, in nanoseconds since the epoch
 * @param error whether the span failed
 * @param errorType its {@code error.type}, or null
 * @param statusMessage the status description, or null
 * @param exceptions the recorded exceptions
 * @param events the names of the other events ({@code cancelled},
 * {@code output_truncated})
 * @param input {@code braintrust.input_json}, or null
 * @param output {@code braintrust.output_json}, or null
 * @param metadata {@code braintrust.metadata}, or null
 * @param metrics {@code braintrust.metrics}, or null
 * @param attributes the other attributes that are not content, as text
 * @param inputTokens {@code gen_ai.usage.input_tokens}, or null
 * @param outputTokens {@code gen_ai.usage.output_tokens}, or null
 * @param bytes an estimate of the memory this record keeps alive
 */
record RecordedSpan(String traceId, String spanId, @Nullable String parentSpanId, String name, @Nullable String type,
		@Nullable String displayName, String kind, long startNanos, long endNanos, boolean error,
		@Nullable String errorType, @Nullable String statusMessage, List<RecordedException> exceptions,
		List<String> events, @Nullable String input, @Nullable String output, @Nullable String metadata,
		@Nullable String metrics, Map<String, String> attributes, @Nullable Long inputTokens,
		@Nullable Long outputTokens, long bytes) {

	static final int MAX_ATTRIBUTES = 64;

	static final int MAX_ATTRIBUTE_LENGTH = 1024;

	static final int MAX_EXCEPTION_MESSAGE_LENGTH = 4096;

	static final int MAX_STACKTRACE_LENGTH = 16384;

	static final int MAX_EVENTS = 16;

	static final int MAX_NAME_LENGTH = 256;

	// Object headers, references, ids and numbers of one record, roughly.
	private static final int RECORD_OVERHEAD = 512;

	private static final JsonFactory jsonFactory = new JsonFactory();

	private static final List<String> CONTENT_SUFFIXES = List.of(".messages", ".instructions", ".prompt", ".completion",
			".arguments", ".result", ".definitions", ".content", ".input", ".output");

	private static final AttributeKey<String> EXCEPTION_TYPE = LlmSpanAttributes.EXCEPTION_TYPE;

	/**
	 * The record of a finished span.
	 * @param span the span
	 * @return its record
	 */
	static RecordedSpan of(SpanData span) {
		Attributes attributes = span.getAttributes();
		String spanAttributes = attributes.get(LlmSpanAttributes.SPAN_ATTRIBUTES);
		String[] typeAndName = (spanAttributes != null) ? typeAndName(spanAttributes) : new String[2];
		SpanContext parent = span.getParentSpanContext();
		String errorType = attributes.get(LlmSpanAttributes.ERROR_TYPE);
		boolean error = span.getStatus().getStatusCode() == StatusCode.ERROR || errorType != null;
		String statusMessage = span.getStatus().getDescription();
		List<RecordedException> exceptions = new ArrayList<>(1);
		List<String> events = new ArrayList<>(1);
		for (EventData event : span.getEvents()) {
			if (LlmSpanAttributes.EXCEPTION_EVENT.equals(event.getName())) {
				if (exceptions.size() < MAX_EVENTS) {
					Attributes details = event.getAttributes();
					exceptions.add(new RecordedException(cut(details.get(EXCEPTION_TYPE), MAX_NAME_LENGTH),
							cut(details.get(LlmSpanAttributes.EXCEPTION_MESSAGE), MAX_EXCEPTION_MESSAGE_LENGTH),
							cut(details.get(LlmSpanAttributes.EXCEPTION_STACKTRACE), MAX_STACKTRACE_LENGTH)));
				}
			}
			else if (events.size() < MAX_EVENTS) {
				events.add(cut(event.getName(), MAX_NAME_LENGTH));
			}
		}
		Map<String, String> other = new LinkedHashMap<>();
		attributes.forEach((key, value) -> {
			if (other.size() < MAX_ATTRIBUTES && isShownAttribute(key.getKey())) {
				other.put(cut(key.getKey(), MAX_NAME_LENGTH), cut(String.valueOf(value), MAX_ATTRIBUTE_LENGTH));
			}
		});
		String input = attributes.get(LlmSpanAttributes.INPUT_JSON);
		String output = attributes.get(LlmSpanAttributes.OUTPUT_JSON);
		String metadata = attributes.get(LlmSpanAttributes.METADATA);
		String metrics = attributes.get(LlmSpanAttributes.METRICS);
		long chars = length(input) + length(output) + length(metadata) + length(metrics) + length(statusMessage)
				+ length(spanAttributes) + span.getName().length();
		for (RecordedException exception : exceptions) {
			chars += length(exception.type()) + length(exception.message()) + length(exception.stacktrace());
		}
		for (Map.Entry<String, String> entry : other.entrySet()) {
			chars += entry.getKey().length() + entry.getValue().length() + 64;
		}
		return new RecordedSpan(span.getTraceId(), span.getSpanId(), parent.isValid() ? parent.getSpanId() : null,
				cut(span.getName(), MAX_NAME_LENGTH), typeAndName[0], typeAndName[1], span.getKind().name(),
				span.getStartEpochNanos(), span.getEndEpochNanos(), error, cut(errorType, MAX_NAME_LENGTH),
				cut(statusMessage, MAX_EXCEPTION_MESSAGE_LENGTH), List.copyOf(exceptions), List.copyOf(events), input,
				output, metadata, metrics, other, attributes.get(LlmSpanAttributes.INPUT_TOKENS),
				attributes.get(LlmSpanAttributes.OUTPUT_TOKENS), RECORD_OVERHEAD + 2 * chars);
	}

	/**
	 * Attributes shown as they are: the typed GenAI attributes, the server, the error
	 * type and the caller's code location; never the content ones (messages, system
	 * instructions, tool arguments and results, which other instrumentations may write),
	 * nor the {@code braintrust.*} documents, which the record keeps apart.
	 */
	static boolean isShownAttribute(String key) {
		if (!(key.startsWith("gen_ai.") || key.startsWith("server.") || key.startsWith("code.")
				|| key.equals("error.type"))) {
			return false;
		}
		for (String suffix : CONTENT_SUFFIXES) {
			if (key.endsWith(suffix)) {
				return false;
			}
		}
		return true;
	}

	private static String[] typeAndName(String spanAttributes) {
		String[] result = new String[2];
		try (JsonParser parser = jsonFactory.createParser(ObjectReadContext.empty(), spanAttributes)) {
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				return result;
			}
			while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
				String field = parser.currentName();
				JsonToken value = parser.nextToken();
				if (value == JsonToken.VALUE_STRING && "type".equals(field)) {
					result[0] = cut(parser.getString(), MAX_NAME_LENGTH);
				}
				else if (value == JsonToken.VALUE_STRING && "name".equals(field)) {
					result[1] = cut(parser.getString(), MAX_NAME_LENGTH);
				}
				else {
					parser.skipChildren();
				}
			}
		}
		catch (JacksonException ex) {
			// Not the starter's document: shown by its OpenTelemetry name
		}
		return result;
	}

	private static int length(@Nullable String value) {
		return (value != null) ? value.length() : 0;
	}

	static @Nullable String cut(@Nullable String value, int maxLength) {
		if (value == null || value.length() <= maxLength) {
			return value;
		}
		return value.substring(0, maxLength) + "…";
	}

	/**
	 * Whether the span's parent is in the given set of span ids.
	 */
	boolean hasParentIn(Set<String> spanIds) {
		return this.parentSpanId != null && spanIds.contains(this.parentSpanId);
	}

	/**
	 * The name to show: Braintrust's, else the OpenTelemetry one.
	 */
	String shownName() {
		return (this.displayName != null) ? this.displayName : this.name;
	}

	/**
	 * An exception recorded on a span.
	 *
	 * @param type its class name, or null
	 * @param message its message (only when content is captured), or null
	 * @param stacktrace its stack trace (only when content is captured), or null
	 */
	record RecordedException(@Nullable String type, @Nullable String message, @Nullable String stacktrace) {

	}

}
