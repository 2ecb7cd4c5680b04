package dev.braintrust.spring.boot.integrations.openai;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import dev.braintrust.spring.boot.trace.LlmOperation;
import dev.braintrust.spring.boot.trace.LlmRequest;
import dev.braintrust.spring.boot.trace.LlmResponse;
import dev.braintrust.spring.boot.trace.TokenUsage;

import static dev.braintrust.spring.boot.integrations.openai.OpenAiJson.text;

/**
 * Embeddings ({@code POST /embeddings}): the input texts, and a summary of the vectors
 * (how many, of which dimension) rather than the vectors themselves.
 */
final class EmbeddingsMapping {

	private static final Set<String> NOT_PARAMETERS = Set.of("model", "input");

	private static final OpenAiTyped.ParameterReader PARAMETERS = OpenAiTyped.parameterReader(NOT_PARAMETERS);

	private EmbeddingsMapping() {
	}

	/**
	 * The request, read through the SDK's typed accessors; a request they do not know is
	 * read through its wire JSON.
	 */
	static LlmRequest request(EmbeddingCreateParams params, OpenAiEndpoint endpoint) {
		try {
			return requestTyped(params, endpoint);
		}
		catch (RuntimeException | LinkageError ex) {
			return requestJson(params, endpoint);
		}
	}

	static LlmRequest requestTyped(EmbeddingCreateParams params, OpenAiEndpoint endpoint) {
		EmbeddingCreateParams.Body body = params._body();
		Map<String, Object> parameters = PARAMETERS.read(body, body._additionalProperties());
		EmbeddingCreateParams.Input input = body.input();
		Object inputs;
		if (input.isString()) {
			inputs = List.of(input.asString());
		}
		else if (input.isArrayOfStrings()) {
			inputs = input.asArrayOfStrings();
		}
		else if (input.isArrayOfTokens()) {
			inputs = input.asArrayOfTokens();
		}
		else if (input.isArrayOfTokenArrays()) {
			inputs = input.asArrayOfTokenArrays();
		}
		else {
			throw new OpenAiTyped.Unsupported();
		}
		LlmRequest.Builder request = endpoint.request(LlmOperation.EMBEDDINGS)
			.model(body.model().asString())
			.input(inputs);
		parameters.forEach(request::parameter);
		return request.build();
	}

	static LlmRequest requestJson(EmbeddingCreateParams params, OpenAiEndpoint endpoint) {
		JsonNode body = OpenAiJson.tree(params._body());
		Object input = OpenAiJson.value(body.get("input"));
		LlmRequest.Builder request = endpoint.request(LlmOperation.EMBEDDINGS)
			.model(text(body, "model"))
			.input((input instanceof String text) ? List.of(text) : input);
		OpenAiJson.parameters(body, NOT_PARAMETERS).forEach(request::parameter);
		return request.build();
	}

	// Typed accessors: the wire JSON of a response would copy every vector.
	static LlmResponse response(CreateEmbeddingResponse response) {
		Map<String, Object> summary = new LinkedHashMap<>();
		summary.put("embeddings", response.data().size());
		if (!response.data().isEmpty()) {
			summary.put("dimensions", response.data().get(0).embedding().size());
		}
		CreateEmbeddingResponse.Usage usage = response.usage();
		return LlmResponse.output(response.model(), summary,
				new TokenUsage(usage.promptTokens(), null, usage.totalTokens(), null, null, null, Map.of()));
	}

}
