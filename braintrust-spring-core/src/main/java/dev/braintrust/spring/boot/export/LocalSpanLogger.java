package dev.braintrust.spring.boot.export;

import java.util.concurrent.TimeUnit;

import dev.braintrust.spring.boot.internal.LogEscaper;
import dev.braintrust.spring.boot.trace.LlmSpanAttributes;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import static dev.braintrust.spring.boot.trace.LlmSpanAttributes.AGENT_NAME;
import static dev.braintrust.spring.boot.trace.LlmSpanAttributes.ERROR_TYPE;
import static dev.braintrust.spring.boot.trace.LlmSpanAttributes.INPUT_TOKENS;
import static dev.braintrust.spring.boot.trace.LlmSpanAttributes.OPERATION_NAME;
import static dev.braintrust.spring.boot.trace.LlmSpanAttributes.OUTPUT_TOKENS;
import static dev.braintrust.spring.boot.trace.LlmSpanAttributes.PROVIDER_NAME;
import static dev.braintrust.spring.boot.trace.LlmSpanAttributes.REQUEST_MODEL;
import static dev.braintrust.spring.boot.trace.LlmSpanAttributes.RESPONSE_MODEL;
import static dev.braintrust.spring.boot.trace.LlmSpanAttributes.SPAN_ATTRIBUTES;
import static dev.braintrust.spring.boot.trace.LlmSpanAttributes.TIME_TO_FIRST_CHUNK;
import static dev.braintrust.spring.boot.trace.LlmSpanAttributes.TOOL_NAME;

/**
 * Local mode: logs each finished LLM span the starter wrote (one with
 * {@code braintrust.span_attributes} and {@code gen_ai.operation.name}) as one INFO line,
 * for example
 * {@code LLM chat gpt-4o-mini [openai] tokens in=23 out=7 latency=412ms ttft=120ms status=OK trace=...}.
 * Only metadata is logged, never prompt or completion content; the names in it (model,
 * tool, provider, error type) come from the application or the model server, so their
 * control and line-breaking characters are escaped ({@link LogEscaper}) and cannot forge
 * a line. Silence it with
 * {@code logging.level.dev.braintrust.spring.boot.export.LocalSpanLogger=warn}.
 */
public final class LocalSpanLogger implements OnEndSpanProcessor {

	private static final Log logger = LogFactory.getLog(LocalSpanLogger.class);

	@Override
	public void onEnd(ReadableSpan span) {
		if (span.getAttribute(SPAN_ATTRIBUTES) == null || !logger.isInfoEnabled()) {
			return;
		}
		if (span.getAttribute(OPERATION_NAME) != null) {
			logger.info(describe(span.toSpanData()));
		}
		else if (LlmSpanAttributes.INSTRUMENTATION_SCOPE.equals(span.getInstrumentationScopeInfo().getName())) {
			logger.info(describeTask(span.toSpanData()));
		}
	}

	/**
	 * The line of a {@code @Traced} method's span:
	 * {@code TASK answer latency=... status=OK
	 * trace=...}, with {@code type=...} when its type is not {@code task}.
	 */
	static String describeTask(SpanData span) {
		StringBuilder line = new StringBuilder("TASK ").append(LogEscaper.escape(span.getName()));
		String type = spanType(span.getAttributes().get(SPAN_ATTRIBUTES));
		if (type != null && !type.equals("task")) {
			line.append(" type=").append(LogEscaper.escape(type));
		}
		long latencyMillis = TimeUnit.NANOSECONDS.toMillis(span.getEndEpochNanos() - span.getStartEpochNanos());
		line.append(" latency=").append(latencyMillis).append("ms");
		return appendEnd(line, span).toString();
	}

	// The type of {"type":"...","name":...}, as the starter writes it.
	private static @Nullable String spanType(@Nullable String spanAttributes) {
		String prefix = "{\"type\":\"";
		if (spanAttributes == null || !spanAttributes.startsWith(prefix)) {
			return null;
		}
		int end = spanAttributes.indexOf('"', prefix.length());
		return (end > 0) ? spanAttributes.substring(prefix.length(), end) : null;
	}

	static String describe(SpanData span) {
		Attributes attributes = span.getAttributes();
		StringBuilder line = new StringBuilder("LLM ").append(LogEscaper.escape(attributes.get(OPERATION_NAME)));
		String model = attributes.get(REQUEST_MODEL);
		if (model == null) {
			model = attributes.get(RESPONSE_MODEL);
		}
		if (model == null) {
			// A tool execution is named by its tool, an agent run by its agent.
			model = attributes.get(TOOL_NAME);
		}
		if (model == null) {
			model = attributes.get(AGENT_NAME);
		}
		if (model != null) {
			line.append(' ').append(LogEscaper.escape(model));
		}
		String provider = attributes.get(PROVIDER_NAME);
		if (provider != null) {
			line.append(" [").append(LogEscaper.escape(provider)).append(']');
		}
		Long input = attributes.get(INPUT_TOKENS);
		Long output = attributes.get(OUTPUT_TOKENS);
		if (input != null || output != null) {
			line.append(" tokens in=").append(orDash(input)).append(" out=").append(orDash(output));
		}
		long latencyMillis = TimeUnit.NANOSECONDS.toMillis(span.getEndEpochNanos() - span.getStartEpochNanos());
		line.append(" latency=").append(latencyMillis).append("ms");
		Double ttft = attributes.get(TIME_TO_FIRST_CHUNK);
		if (ttft != null) {
			line.append(" ttft=").append(Math.round(ttft * 1000)).append("ms");
		}
		return appendEnd(line, span).toString();
	}

	// Status, error type and trace id.
	private static StringBuilder appendEnd(StringBuilder line, SpanData span) {
		Attributes attributes = span.getAttributes();
		if (span.getStatus().getStatusCode() == StatusCode.ERROR || attributes.get(ERROR_TYPE) != null) {
			line.append(" status=ERROR");
			String errorType = attributes.get(ERROR_TYPE);
			if (errorType != null) {
				line.append(" error=").append(LogEscaper.escape(errorType));
			}
		}
		else {
			line.append(" status=OK");
		}
		line.append(" trace=").append(span.getTraceId());
		return line;
	}

	private static String orDash(Long value) {
		return (value != null) ? value.toString() : "-";
	}

}
