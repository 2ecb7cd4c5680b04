package dev.braintrust.spring.boot.integrations.bedrock;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.braintrust.spring.boot.trace.LlmRequest;
import dev.braintrust.spring.boot.trace.LlmResponse;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

import static dev.braintrust.spring.boot.integrations.bedrock.InvokeModelMapping.array;
import static dev.braintrust.spring.boot.integrations.bedrock.InvokeModelMapping.count;
import static dev.braintrust.spring.boot.integrations.bedrock.InvokeModelMapping.field;
import static dev.braintrust.spring.boot.integrations.bedrock.InvokeModelMapping.number;
import static dev.braintrust.spring.boot.integrations.bedrock.InvokeModelMapping.text;

/**
 * The embeddings bodies: Amazon Titan Embeddings ({@code inputText} or
 * {@code inputImage}, {@code dimensions}; {@code embedding} and
 * {@code inputTextTokenCount}) and Cohere Embed ({@code texts}, {@code input_type};
 * {@code embeddings}, a list or a map by type). The output is the count of embeddings,
 * never a vector (Braintrust's embeddings spec).
 */
final class EmbeddingBodies {

	private EmbeddingBodies() {
	}

	// Titan's embeddings and text models both take "inputText": the model id tells
	// which (an inference profile's ARN names no model, so it is read as text).
	static boolean isRequest(@Nullable String modelId, JsonNode body) {
		if (body.field("texts").isPresent() && body.field("input_type").isPresent()) {
			return true;
		}
		boolean embeddingModel = modelId != null && modelId.toLowerCase(Locale.ROOT).contains("embed");
		return embeddingModel && (body.field("inputText").isPresent() || body.field("inputImage").isPresent()
				|| body.field("texts").isPresent() || body.field("images").isPresent());
	}

	static boolean isResponse(JsonNode body) {
		return body.field("embedding").isPresent() || body.field("embeddings").isPresent();
	}

	static void request(LlmRequest.Builder builder, JsonNode body) {
		List<String> inputs = new ArrayList<>();
		String inputText = text(body, "inputText");
		if (inputText != null) {
			inputs.add(inputText);
		}
		for (JsonNode text : array(body, "texts")) {
			if (text.isString()) {
				inputs.add(text.asString());
			}
		}
		builder.input(inputs);
		builder.parameter("dimensions", number(body, "dimensions"));
	}

	static LlmResponse response(JsonNode body) {
		JsonNode embeddings = field(body, "embeddings");
		int count = body.field("embedding").isPresent() ? 1 : 0;
		if (embeddings != null && embeddings.isArray()) {
			count = embeddings.asArray().size();
		}
		else if (embeddings != null && embeddings.isObject()) {
			// By embedding type ("float", "int8"...): each holds one vector per input.
			for (JsonNode vectors : embeddings.asObject().values()) {
				if (vectors.isArray()) {
					count = Math.max(count, vectors.asArray().size());
				}
			}
		}
		Long input = count(body, "inputTextTokenCount");
		return LlmResponse.output(null, Map.of("count", count), TextBodies.counts(input, null));
	}

}
