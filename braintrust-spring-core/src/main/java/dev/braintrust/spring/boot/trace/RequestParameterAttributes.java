package dev.braintrust.spring.boot.trace;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanBuilder;

/**
 * Maps the well-known request parameters (under their snake_case wire names) to the typed
 * {@code gen_ai.request.*} attributes. Unknown names and values of another type only go
 * to {@code braintrust.metadata}.
 */
final class RequestParameterAttributes {

	static final AttributeKey<Double> TEMPERATURE = AttributeKey.doubleKey("gen_ai.request.temperature");

	static final AttributeKey<Double> TOP_P = AttributeKey.doubleKey("gen_ai.request.top_p");

	static final AttributeKey<Double> TOP_K = AttributeKey.doubleKey("gen_ai.request.top_k");

	static final AttributeKey<Long> MAX_TOKENS = AttributeKey.longKey("gen_ai.request.max_tokens");

	static final AttributeKey<List<String>> STOP_SEQUENCES = AttributeKey
		.stringArrayKey("gen_ai.request.stop_sequences");

	static final AttributeKey<Double> FREQUENCY_PENALTY = AttributeKey.doubleKey("gen_ai.request.frequency_penalty");

	static final AttributeKey<Double> PRESENCE_PENALTY = AttributeKey.doubleKey("gen_ai.request.presence_penalty");

	static final AttributeKey<Long> SEED = AttributeKey.longKey("gen_ai.request.seed");

	static final AttributeKey<Long> CHOICE_COUNT = AttributeKey.longKey("gen_ai.request.choice.count");

	static final AttributeKey<List<String>> ENCODING_FORMATS = AttributeKey
		.stringArrayKey("gen_ai.request.encoding_formats");

	static final AttributeKey<Long> DIMENSIONS = AttributeKey.longKey("gen_ai.embeddings.dimension.count");

	private RequestParameterAttributes() {
	}

	static void set(SpanBuilder span, Map<String, Object> parameters) {
		for (Map.Entry<String, Object> parameter : parameters.entrySet()) {
			Object value = parameter.getValue();
			switch (parameter.getKey()) {
				case "temperature" -> setDouble(span, TEMPERATURE, value);
				case "top_p" -> setDouble(span, TOP_P, value);
				case "top_k" -> setDouble(span, TOP_K, value);
				case "max_tokens", "max_completion_tokens", "max_output_tokens" -> setLong(span, MAX_TOKENS, value);
				case "stop", "stop_sequences" -> setStrings(span, STOP_SEQUENCES, value);
				case "frequency_penalty" -> setDouble(span, FREQUENCY_PENALTY, value);
				case "presence_penalty" -> setDouble(span, PRESENCE_PENALTY, value);
				case "seed" -> setLong(span, SEED, value);
				case "n", "candidate_count" -> setLong(span, CHOICE_COUNT, value);
				case "encoding_format" -> setStrings(span, ENCODING_FORMATS, value);
				case "dimensions" -> setLong(span, DIMENSIONS, value);
				default -> {
				}
			}
		}
	}

	private static void setDouble(SpanBuilder span, AttributeKey<Double> key, Object value) {
		if (value instanceof Number number) {
			// Through the decimal form, so that a float 0.7f is 0.7, not 0.699999988...
			double converted = (value instanceof Float) ? Double.parseDouble(value.toString()) : number.doubleValue();
			span.setAttribute(key, converted);
		}
	}

	private static void setLong(SpanBuilder span, AttributeKey<Long> key, Object value) {
		if (value instanceof Number number) {
			span.setAttribute(key, number.longValue());
		}
	}

	private static void setStrings(SpanBuilder span, AttributeKey<List<String>> key, Object value) {
		if (value instanceof String string) {
			span.setAttribute(key, List.of(string));
		}
		else if (value instanceof Iterable<?> iterable) {
			List<String> strings = new ArrayList<>();
			for (Object element : iterable) {
				strings.add(String.valueOf(element));
			}
			span.setAttribute(key, strings);
		}
	}

}
