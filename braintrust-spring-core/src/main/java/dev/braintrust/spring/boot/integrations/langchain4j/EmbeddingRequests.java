package dev.braintrust.spring.boot.integrations.langchain4j;

import java.util.ArrayList;
import java.util.List;

import dev.braintrust.spring.boot.trace.LlmResponse;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.model.embedding.request.EmbeddingInput;
import dev.langchain4j.model.embedding.request.EmbeddingRequest;
import dev.langchain4j.model.embedding.response.EmbeddingResponse;
import org.jspecify.annotations.Nullable;

/**
 * Reads the embedding request and response types of LangChain4j 1.18 and later; loaded
 * only when a call passes an {@code EmbeddingRequest}, so that older versions never need
 * them.
 */
final class EmbeddingRequests {

	private EmbeddingRequests() {
	}

	static List<String> texts(Object request) {
		List<EmbeddingInput> inputs = ((EmbeddingRequest) request).inputs();
		List<String> texts = new ArrayList<>(inputs.size());
		for (EmbeddingInput input : inputs) {
			String text = input.text();
			texts.add((text != null) ? text : "");
		}
		return texts;
	}

	static LlmResponse response(Object result, @Nullable String requestedModel) {
		EmbeddingResponse response = (EmbeddingResponse) result;
		List<Embedding> embeddings = response.embeddings();
		int count = (embeddings != null) ? embeddings.size() : 0;
		String model = (response.modelName() != null) ? response.modelName() : requestedModel;
		return LlmResponse.output(model, LangChain4jChatMapping.embeddingsSummary(count),
				LangChain4jUsage.of(response.tokenUsage()));
	}

}
