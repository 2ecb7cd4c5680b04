package dev.braintrust.spring.boot.trace;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * What {@code braintrust.metadata} keeps of a request's parameters, in the wire names of
 * the OpenAI (chat completions, Responses), Anthropic and Spring AI requests: an explicit
 * list, as Braintrust's instrumentation guide asks of every integration, so that a
 * request is never copied into the metadata whole. A parameter this list does not know is
 * left out: a new field of a provider's API is content until shown otherwise
 * ({@code user}, {@code metadata}, {@code prediction}, {@code safety_identifier},
 * {@code prompt}, {@code conversation}, {@code instructions}, ... all are).
 * <p>
 * With content captured, a listed parameter is kept whole. Without, each kept value is
 * also checked for its type: a number must be a number, an enumerated value a short token
 * without spaces, so that a parameter holding free text (a wrong type, a future variant)
 * is left out as well; objects keep only their known fields ({@code response_format} only
 * its {@code type}, a tool its name).
 */
final class MetadataAllowList {

	/**
	 * A value's expected type, or, for an object, the rules of its fields (a map) and,
	 * for a list of objects, the rule of its elements (a one-element list).
	 */
	private enum Kind {

		/**
		 * A number.
		 */
		NUMBER,

		/**
		 * A boolean.
		 */
		BOOLEAN,

		/**
		 * An enumerated value: a short token without spaces, or a list of those.
		 */
		TOKEN,

		/**
		 * A name or stop sequence the application chose: any string, or a list of
		 * strings.
		 */
		TEXT

	}

	private static final Pattern TOKEN_PATTERN = Pattern.compile("[A-Za-z0-9_.:/-]{1,64}");

	private static final JsonFactory JSON_FACTORY = new JsonFactory();

	private static final int MAX_READ_DEPTH = 4;

	private static final Map<String, Object> TOOL_CHOICE = Map.of("type", Kind.TOKEN, "mode", Kind.TOKEN, "name",
			Kind.TEXT, "function", Map.of("name", Kind.TEXT), "disable_parallel_tool_use", Kind.BOOLEAN);

	/**
	 * The request parameters kept, by wire name.
	 */
	private static final Map<String, Object> PARAMETERS = Map.ofEntries(Map.entry("temperature", Kind.NUMBER),
			Map.entry("top_p", Kind.NUMBER), Map.entry("top_k", Kind.NUMBER), Map.entry("max_tokens", Kind.NUMBER),
			Map.entry("max_completion_tokens", Kind.NUMBER), Map.entry("max_output_tokens", Kind.NUMBER),
			Map.entry("frequency_penalty", Kind.NUMBER), Map.entry("presence_penalty", Kind.NUMBER),
			Map.entry("seed", Kind.NUMBER), Map.entry("n", Kind.NUMBER), Map.entry("top_logprobs", Kind.NUMBER),
			Map.entry("candidate_count", Kind.NUMBER), Map.entry("thinking_budget", Kind.NUMBER),
			Map.entry("response_mime_type", Kind.TOKEN), Map.entry("task_type", Kind.TOKEN),
			Map.entry("max_tool_calls", Kind.NUMBER), Map.entry("dimensions", Kind.NUMBER),
			Map.entry("stop", Kind.TEXT), Map.entry("stop_sequences", Kind.TEXT), Map.entry("stream", Kind.BOOLEAN),
			Map.entry("logprobs", Kind.BOOLEAN), Map.entry("parallel_tool_calls", Kind.BOOLEAN),
			Map.entry("store", Kind.BOOLEAN), Map.entry("background", Kind.BOOLEAN),
			Map.entry("service_tier", Kind.TOKEN), Map.entry("reasoning_effort", Kind.TOKEN),
			Map.entry("verbosity", Kind.TOKEN), Map.entry("truncation", Kind.TOKEN),
			Map.entry("encoding_format", Kind.TOKEN), Map.entry("modalities", Kind.TOKEN),
			Map.entry("prompt_cache_retention", Kind.TOKEN), Map.entry("response_format", Map.of("type", Kind.TOKEN)),
			Map.entry("text", Map.of("format", Map.of("type", Kind.TOKEN), "verbosity", Kind.TOKEN)),
			Map.entry("reasoning", Map.of("effort", Kind.TOKEN, "summary", Kind.TOKEN)),
			Map.entry("thinking", Map.of("type", Kind.TOKEN, "budget_tokens", Kind.NUMBER)),
			Map.entry("tool_choice", TOOL_CHOICE), Map.entry("stream_options", Map.of("include_usage", Kind.BOOLEAN)),
			Map.entry("speed", Kind.TOKEN), Map.entry("inference_geo", Kind.TOKEN),
			Map.entry("output_config", Map.of("effort", Kind.TOKEN, "format", Map.of("type", Kind.TOKEN))));

	/**
	 * The whole {@code braintrust.metadata} document: the parameters, and what the span
	 * handler adds to them.
	 */
	private static final Map<String, Object> METADATA;

	static {
		Map<String, Object> metadata = new LinkedHashMap<>(PARAMETERS);
		metadata.put("provider", Kind.TEXT);
		metadata.put("model", Kind.TEXT);
		metadata.put("tool_call_id", Kind.TEXT);
		metadata.put("tools", List.of(Map.of("type", Kind.TOKEN, "function", Map.of("name", Kind.TEXT))));
		METADATA = Map.copyOf(metadata);
	}

	private MetadataAllowList() {
	}

	/**
	 * The request parameters that are not content.
	 * @param parameters the request parameters by wire name
	 * @return the kept parameters, in their order
	 */
	static Map<String, Object> parameters(Map<String, Object> parameters) {
		return filterObject(parameters, PARAMETERS);
	}

	/**
	 * The request parameters {@code braintrust.metadata} keeps when content is captured:
	 * those of the list, whole (a {@code response_format} with its schema, a
	 * {@code tool_choice} with its function), as Braintrust's instrumentation guide asks
	 * of every integration ("an explicit allowlist": never a spread of the request).
	 * @param parameters the request parameters by wire name
	 * @return the kept parameters, in their order
	 */
	static Map<String, Object> parametersWithContent(Map<String, Object> parameters) {
		Map<String, Object> kept = null;
		for (Map.Entry<String, Object> parameter : parameters.entrySet()) {
			if (!PARAMETERS.containsKey(parameter.getKey())) {
				if (kept == null) {
					kept = new LinkedHashMap<>(parameters);
				}
				kept.remove(parameter.getKey());
			}
		}
		return (kept != null) ? kept : parameters;
	}

	/**
	 * A whole metadata document (parsed) reduced to what is not content.
	 * @param metadata the metadata
	 * @return the kept fields, in their order
	 */
	static Map<String, Object> metadata(Map<String, ?> metadata) {
		return filterObject(metadata, METADATA);
	}

	/**
	 * A {@code braintrust.metadata} document reduced to what is not content.
	 * @param json the document as the span handler wrote it
	 * @return the reduced document, or {@code null} when it does not parse as a JSON
	 * object
	 */
	static @Nullable String metadataJson(String json) {
		Map<String, Object> metadata;
		try (JsonParser parser = JSON_FACTORY.createParser(ObjectReadContext.empty(), json)) {
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				return null;
			}
			metadata = readObject(parser, 0);
		}
		catch (RuntimeException ex) {
			// JacksonException included: a document that does not parse is dropped.
			return null;
		}
		JsonWriter writer = new JsonWriter(json.length(), Integer.MAX_VALUE);
		writer.anyValue(metadata(metadata), false);
		return writer.toString();
	}

	// The allow-list is three levels deep: deeper values are skipped, not read.
	private static Map<String, Object> readObject(JsonParser parser, int depth) {
		Map<String, Object> object = new LinkedHashMap<>();
		while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
			String name = parser.currentName();
			Object value = readValue(parser, parser.nextToken(), depth + 1);
			if (value != null) {
				object.put(name, value);
			}
		}
		return object;
	}

	private static @Nullable Object readValue(JsonParser parser, @Nullable JsonToken token, int depth) {
		if (token == null) {
			return null;
		}
		if ((token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) && depth > MAX_READ_DEPTH) {
			parser.skipChildren();
			return null;
		}
		return switch (token) {
			case START_OBJECT -> readObject(parser, depth);
			case START_ARRAY -> {
				List<Object> list = new ArrayList<>();
				for (JsonToken element = parser.nextToken(); element != null
						&& element != JsonToken.END_ARRAY; element = parser.nextToken()) {
					Object value = readValue(parser, element, depth + 1);
					if (value != null) {
						list.add(value);
					}
				}
				yield list;
			}
			case VALUE_STRING -> parser.getString();
			case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> parser.getNumberValue();
			case VALUE_TRUE -> Boolean.TRUE;
			case VALUE_FALSE -> Boolean.FALSE;
			default -> null;
		};
	}

	private static Map<String, Object> filterObject(Map<?, ?> object, Map<String, Object> rules) {
		Map<String, Object> kept = new LinkedHashMap<>();
		for (Map.Entry<?, ?> field : object.entrySet()) {
			Object rule = rules.get(String.valueOf(field.getKey()));
			Object value = (rule != null) ? filter(field.getValue(), rule) : null;
			if (value != null) {
				kept.put(String.valueOf(field.getKey()), value);
			}
		}
		return kept;
	}

	@SuppressWarnings("unchecked")
	private static @Nullable Object filter(@Nullable Object value, Object rule) {
		if (value == null) {
			return null;
		}
		if (rule instanceof Kind kind) {
			return filterValue(value, kind);
		}
		if (rule instanceof List<?> elementRule) {
			if (!(value instanceof Iterable<?> elements)) {
				return null;
			}
			List<Object> kept = new ArrayList<>();
			for (Object element : elements) {
				Object filtered = filter(element, elementRule.get(0));
				if (filtered != null) {
					kept.add(filtered);
				}
			}
			return kept;
		}
		Map<String, Object> fields = (Map<String, Object>) rule;
		if (value instanceof Map<?, ?> object) {
			Map<String, Object> kept = filterObject(object, fields);
			return kept.isEmpty() ? null : kept;
		}
		// An object parameter may also be given as its short form ("tool_choice":
		// "auto").
		return filterValue(value, Kind.TOKEN);
	}

	private static @Nullable Object filterValue(Object value, Kind kind) {
		return switch (kind) {
			case NUMBER -> (value instanceof Number) ? value : null;
			case BOOLEAN -> (value instanceof Boolean) ? value : null;
			case TOKEN, TEXT -> {
				if (value instanceof String string) {
					yield accepts(string, kind) ? string : null;
				}
				if (value instanceof Iterable<?> elements) {
					List<String> kept = new ArrayList<>();
					for (Object element : elements) {
						if (element instanceof String string && accepts(string, kind)) {
							kept.add(string);
						}
					}
					yield kept.isEmpty() ? null : kept;
				}
				yield null;
			}
		};
	}

	private static boolean accepts(String string, Kind kind) {
		return kind == Kind.TEXT || TOKEN_PATTERN.matcher(string).matches();
	}

}
