package dev.braintrust.spring.boot.integrations.openai;

import java.util.List;
import java.util.Map;

import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.embeddings.EmbeddingModel;
import dev.braintrust.spring.boot.trace.LlmOperation;
import dev.braintrust.spring.boot.trace.LlmRequest;
import dev.braintrust.spring.boot.trace.LlmResponse;
import dev.braintrust.spring.boot.trace.TokenUsage;
import org.jspecify.annotations.Nullable;

/**
 * Embeddings ({@code POST /embeddings}): the input texts, and a summary of the vectors
 * (how many, of which dimension) rather than the vectors themselves.
 */
final class EmbeddingsMapping {

	/**
	 * The span's name in Braintrust, as Braintrust's SDKs name embeddings calls.
	 */
	static final String DISPLAY_NAME = "Embedding";

	private EmbeddingsMapping() {
	}

	static LlmRequest request(EmbeddingCreateParams params, OpenAiEndpoint endpoint) {
		EmbeddingCreateParams.Body body = params._body();
		LlmRequest.Builder request = endpoint.request(LlmOperation.EMBEDDINGS)
			.displayName(DISPLAY_NAME)
			.model(body._model().asKnown().map(EmbeddingModel::asString).orElse(null))
			.input(body._input().asKnown().map(EmbeddingsMapping::inputs).orElse(null));
		OpenAiParameters.of(body).forEach(request::parameter);
		return request.build();
	}

	// The input texts or tokens, as a list.
	private static @Nullable Object inputs(EmbeddingCreateParams.Input input) {
		if (input.isString()) {
			return List.of(input.asString());
		}
		if (input.isArrayOfStrings()) {
			return input.asArrayOfStrings();
		}
		if (input.isArrayOfTokens()) {
			return input.asArrayOfTokens();
		}
		if (input.isArrayOfTokenArrays()) {
			return input.asArrayOfTokenArrays();
		}
		return OpenAiJson.value(OpenAiJson.tree(input));
	}

	// Typed accessors: the wire JSON of a response would copy every vector. The output is
	// the count of embeddings, never a vector (Braintrust's embeddings spec).
	static LlmResponse response(CreateEmbeddingResponse response) {
		CreateEmbeddingResponse.Usage usage = response.usage();
		return LlmResponse.output(response.model(), Map.of("count", response.data().size()),
				new TokenUsage(usage.promptTokens(), null, usage.totalTokens(), null, null, null));
	}

}
