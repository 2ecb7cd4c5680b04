package dev.braintrust.spring.boot.export;

import java.util.concurrent.TimeUnit;

import dev.braintrust.spring.boot.internal.LogEscaper;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

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
public final class LocalSpanLogger implements SpanProcessor {

	private static final Log logger = LogFactory.getLog(LocalSpanLogger.class);

	static final AttributeKey<String> OPERATION = AttributeKey.stringKey("gen_ai.operation.name");

	static final AttributeKey<String> PROVIDER = AttributeKey.stringKey("gen_ai.provider.name");

	static final AttributeKey<String> REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");

	static final AttributeKey<String> RESPONSE_MODEL = AttributeKey.stringKey("gen_ai.response.model");

	static final AttributeKey<Long> INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");

	static final AttributeKey<Long> OUTPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.output_tokens");

	static final AttributeKey<Double> TIME_TO_FIRST_CHUNK = AttributeKey
		.doubleKey("gen_ai.response.time_to_first_chunk");

	static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

	static final AttributeKey<String> TOOL_NAME = AttributeKey.stringKey("gen_ai.tool.name");

	/**
	 * Written by the starter on the spans of the calls it traces; other spans with
	 * {@code gen_ai.*} attributes (Spring AI's ChatClient observations, for example) are
	 * not logged.
	 */
	static final AttributeKey<String> SPAN_ATTRIBUTES = AttributeKey.stringKey("braintrust.span_attributes");

	@Override
	public void onStart(Context parentContext, ReadWriteSpan span) {
	}

	@Override
	public boolean isStartRequired() {
		return false;
	}

	@Override
	public void onEnd(ReadableSpan span) {
		if (span.getAttribute(SPAN_ATTRIBUTES) == null || span.getAttribute(OPERATION) == null
				|| !logger.isInfoEnabled()) {
			return;
		}
		logger.info(describe(span.toSpanData()));
	}

	@Override
	public boolean isEndRequired() {
		return true;
	}

	static String describe(SpanData span) {
		Attributes attributes = span.getAttributes();
		StringBuilder line = new StringBuilder("LLM ").append(LogEscaper.escape(attributes.get(OPERATION)));
		String model = attributes.get(REQUEST_MODEL);
		if (model == null) {
			model = attributes.get(RESPONSE_MODEL);
		}
		if (model == null) {
			// A tool execution is named by its tool.
			model = attributes.get(TOOL_NAME);
		}
		if (model != null) {
			line.append(' ').append(LogEscaper.escape(model));
		}
		String provider = attributes.get(PROVIDER);
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
		return line.toString();
	}

	private static String orDash(Long value) {
		return (value != null) ? value.toString() : "-";
	}

}
