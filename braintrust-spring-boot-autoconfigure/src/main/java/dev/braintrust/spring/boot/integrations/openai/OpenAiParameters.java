package dev.braintrust.spring.boot.integrations.openai;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import com.openai.core.ObjectMappers;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.embeddings.EmbeddingCreateParams;
import org.jspecify.annotations.Nullable;

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
		return parameters(body, CHAT_COMPLETIONS);
	}

	static Map<String, Object> of(EmbeddingCreateParams.Body body) {
		return parameters(body, EMBEDDINGS);
	}

	// The body's wire JSON read as it is written, into the values OpenAiJson.value reads
	// from a tree, without building the tree.
	private static Map<String, Object> parameters(Object body, Set<String> excluded) {
		Map<String, Object> parameters = new LinkedHashMap<>();
		try (TokenBuffer buffer = new TokenBuffer(mapper, false)) {
			mapper.writeValue(buffer, body);
			try (JsonParser parser = buffer.asParser()) {
				if (parser.nextToken() != JsonToken.START_OBJECT) {
					return parameters;
				}
				while (parser.nextToken() == JsonToken.FIELD_NAME) {
					String name = parser.currentName();
					parser.nextToken();
					Object value = value(parser);
					if (value != null && !excluded.contains(name)) {
						parameters.put(name, value);
					}
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return parameters;
	}

	private static @Nullable Object value(JsonParser parser) throws IOException {
		return switch (parser.currentToken()) {
			case VALUE_STRING -> parser.getText();
			case VALUE_NUMBER_INT -> (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER)
					? parser.getBigIntegerValue() : parser.getLongValue();
			case VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
			case VALUE_TRUE -> Boolean.TRUE;
			case VALUE_FALSE -> Boolean.FALSE;
			case START_ARRAY -> {
				List<@Nullable Object> list = new ArrayList<>();
				while (parser.nextToken() != JsonToken.END_ARRAY) {
					list.add(value(parser));
				}
				yield list;
			}
			case START_OBJECT -> {
				Map<String, @Nullable Object> map = new LinkedHashMap<>();
				while (parser.nextToken() == JsonToken.FIELD_NAME) {
					String name = parser.currentName();
					parser.nextToken();
					map.put(name, value(parser));
				}
				yield map;
			}
			case VALUE_EMBEDDED_OBJECT -> String.valueOf(parser.getEmbeddedObject());
			default -> null;
		};
	}

	// The body's wire JSON without the properties that are not parameters.
	static JsonNode tree(Object body) {
		return mapper.valueToTree(body);
	}

}
