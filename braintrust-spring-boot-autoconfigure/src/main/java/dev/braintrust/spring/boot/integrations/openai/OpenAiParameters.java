package dev.braintrust.spring.boot.integrations.openai;

import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.core.ObjectMappers;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.embeddings.EmbeddingCreateParams;

/**
 * The request parameters of a request body: every property the SDK's own mapper writes
 * (additional properties included), in its order and under its wire names, but the ones
 * that are not parameters (the model, the messages or input, the tools).
 * <p>
 * They are read from the body's wire JSON, written by a copy of the SDK's mapper that
 * leaves those properties out, so that a request's content is not converted to get its
 * parameters. The properties are also left out by name when reading the JSON, so what is
 * read stays the same should the SDK stop writing its bodies as Jackson beans.
 */
final class OpenAiParameters {

	static final Set<String> CHAT_COMPLETIONS = Set.of("model", "messages", "tools", "stream");

	static final Set<String> EMBEDDINGS = Set.of("model", "input");

	private static final ObjectMapper mapper = mapper();

	private OpenAiParameters() {
	}

	private static ObjectMapper mapper() {
		ObjectMapper mapper = ObjectMappers.jsonMapper().copy();
		ignore(mapper, ChatCompletionCreateParams.Body.class, CHAT_COMPLETIONS);
		ignore(mapper, EmbeddingCreateParams.Body.class, EMBEDDINGS);
		return mapper;
	}

	private static void ignore(ObjectMapper mapper, Class<?> body, Set<String> properties) {
		mapper.configOverride(body).setIgnorals(JsonIgnoreProperties.Value.forIgnoredProperties(properties));
	}

	static Map<String, Object> of(ChatCompletionCreateParams.Body body) {
		return OpenAiJson.parameters(tree(body), CHAT_COMPLETIONS);
	}

	static Map<String, Object> of(EmbeddingCreateParams.Body body) {
		return OpenAiJson.parameters(tree(body), EMBEDDINGS);
	}

	// The body's wire JSON without the properties that are not parameters.
	static JsonNode tree(Object body) {
		return mapper.valueToTree(body);
	}

}
