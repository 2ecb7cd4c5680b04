package dev.braintrust.spring.boot.integrations.openai;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

import com.openai.core.JsonField;
import com.openai.core.JsonValue;
import com.openai.models.ReasoningEffort;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.embeddings.EmbeddingCreateParams;
import org.jspecify.annotations.Nullable;

/**
 * The request parameters of a request body that {@code braintrust.metadata} keeps (the
 * list Braintrust's instrumentation guide and the tracer's allow-list name: sampling,
 * limits, tool and output controls), read through the body's public {@code JsonField}
 * accessors under their wire names, plus its additional properties (which the tracer's
 * allow-list filters again). Nothing else of the request is read or converted: its
 * messages, tools and other parameters ({@code user}, {@code metadata},
 * {@code prediction}, ...) are not parameters the metadata keeps.
 * <p>
 * They are read in the order the SDK writes them (alphabetical). Each accessor is looked
 * up once; one an older SDK does not have is left out (that SDK does not send the
 * parameter either, or sends it as an additional property).
 */
final class OpenAiParameters {

	private static final List<Parameter<ChatCompletionCreateParams.Body>> CHAT_COMPLETIONS = parameters(List.of(
			() -> Parameter.of("frequency_penalty", ChatCompletionCreateParams.Body::_frequencyPenalty),
			() -> Parameter.of("logprobs", ChatCompletionCreateParams.Body::_logprobs),
			() -> Parameter.of("max_completion_tokens", ChatCompletionCreateParams.Body::_maxCompletionTokens),
			() -> Parameter.of("max_tokens", ChatCompletionCreateParams.Body::_maxTokens),
			() -> Parameter.of("modalities", ChatCompletionCreateParams.Body::_modalities),
			() -> Parameter.of("n", ChatCompletionCreateParams.Body::_n),
			() -> Parameter.of("parallel_tool_calls", ChatCompletionCreateParams.Body::_parallelToolCalls),
			() -> Parameter.of("presence_penalty", ChatCompletionCreateParams.Body::_presencePenalty),
			() -> Parameter.token("prompt_cache_retention", ChatCompletionCreateParams.Body::_promptCacheRetention,
					ChatCompletionCreateParams.PromptCacheRetention::asString),
			() -> Parameter.token("reasoning_effort", ChatCompletionCreateParams.Body::_reasoningEffort,
					ReasoningEffort::asString),
			() -> Parameter.of("response_format", ChatCompletionCreateParams.Body::_responseFormat),
			() -> Parameter.of("seed", ChatCompletionCreateParams.Body::_seed),
			() -> Parameter.token("service_tier", ChatCompletionCreateParams.Body::_serviceTier,
					ChatCompletionCreateParams.ServiceTier::asString),
			() -> Parameter.of("stop", ChatCompletionCreateParams.Body::_stop),
			() -> Parameter.of("store", ChatCompletionCreateParams.Body::_store),
			() -> Parameter.of("stream_options", ChatCompletionCreateParams.Body::_streamOptions),
			() -> Parameter.of("temperature", ChatCompletionCreateParams.Body::_temperature),
			() -> Parameter.of("tool_choice", ChatCompletionCreateParams.Body::_toolChoice),
			() -> Parameter.of("top_logprobs", ChatCompletionCreateParams.Body::_topLogprobs),
			() -> Parameter.of("top_p", ChatCompletionCreateParams.Body::_topP), () -> Parameter.token("verbosity",
					ChatCompletionCreateParams.Body::_verbosity, ChatCompletionCreateParams.Verbosity::asString)));

	private static final List<Parameter<EmbeddingCreateParams.Body>> EMBEDDINGS = parameters(
			List.of(() -> Parameter.of("dimensions", EmbeddingCreateParams.Body::_dimensions),
					() -> Parameter.token("encoding_format", EmbeddingCreateParams.Body::_encodingFormat,
							EmbeddingCreateParams.EncodingFormat::asString)));

	private OpenAiParameters() {
	}

	static Map<String, Object> of(ChatCompletionCreateParams.Body body) {
		return read(body, CHAT_COMPLETIONS, body._additionalProperties());
	}

	static Map<String, Object> of(EmbeddingCreateParams.Body body) {
		return read(body, EMBEDDINGS, body._additionalProperties());
	}

	private static <B> Map<String, Object> read(B body, List<Parameter<B>> parameters,
			Map<String, JsonValue> additionalProperties) {
		Map<String, Object> values = new LinkedHashMap<>();
		for (Parameter<B> parameter : parameters) {
			Object value = parameter.read(body);
			if (value != null) {
				values.put(parameter.name, value);
			}
		}
		for (Map.Entry<String, JsonValue> property : additionalProperties.entrySet()) {
			Object value = value(property.getValue());
			if (value != null) {
				values.put(property.getKey(), value);
			}
		}
		return values;
	}

	// An accessor an older SDK does not have fails to link when its method reference is
	// first evaluated: that parameter is left out.
	static <B> List<Parameter<B>> parameters(List<Supplier<Parameter<B>>> declared) {
		List<Parameter<B>> parameters = new ArrayList<>(declared.size());
		for (Supplier<Parameter<B>> parameter : declared) {
			try {
				parameters.add(parameter.get());
			}
			catch (LinkageError ex) {
				// Not in this SDK version
			}
		}
		return List.copyOf(parameters);
	}

	/**
	 * A value as the tracer takes it: strings, numbers, booleans, lists and maps.
	 */
	static @Nullable Object value(@Nullable JsonValue json) {
		return (json != null) ? json.accept(JsonToValue.INSTANCE) : null;
	}

	static final class Parameter<B> {

		final String name;

		private final Function<B, JsonField<?>> field;

		private final @Nullable Function<Object, String> token;

		private Parameter(String name, Function<B, JsonField<?>> field, @Nullable Function<Object, String> token) {
			this.name = name;
			this.field = field;
			this.token = token;
		}

		static <B> Parameter<B> of(String name, Function<B, JsonField<?>> field) {
			return new Parameter<>(name, field, null);
		}

		// An SDK enum: its wire string, without converting it through JSON.
		@SuppressWarnings("unchecked")
		static <B, T> Parameter<B> token(String name, Function<B, JsonField<T>> field, Function<T, String> token) {
			return new Parameter<>(name, (Function<B, JsonField<?>>) (Function<?, ?>) field,
					(Function<Object, String>) token);
		}

		@Nullable Object read(B body) {
			JsonField<?> field = this.field.apply(body);
			if (field.isMissing() || field.isNull()) {
				return null;
			}
			Object known = field.asKnown().orElse(null);
			if (known == null) {
				return value(field.asUnknown().orElse(null));
			}
			if (known instanceof String || known instanceof Boolean || known instanceof Long
					|| known instanceof Double) {
				return known;
			}
			if (known instanceof Integer number) {
				return number.longValue();
			}
			if (this.token != null) {
				return this.token.apply(known);
			}
			// An object or a union (response_format, tool_choice, stop, ...): converted
			// as
			// the SDK writes it.
			return value(JsonValue.from(known));
		}

	}

	private static final class JsonToValue implements JsonValue.Visitor<@Nullable Object> {

		static final JsonToValue INSTANCE = new JsonToValue();

		@Override
		public @Nullable Object visitNull() {
			return null;
		}

		@Override
		public @Nullable Object visitMissing() {
			return null;
		}

		@Override
		public Object visitBoolean(boolean value) {
			return value;
		}

		@Override
		public Object visitNumber(Number value) {
			return (value instanceof Integer || value instanceof Short || value instanceof Byte) ? value.longValue()
					: (value instanceof Float) ? value.doubleValue() : value;
		}

		@Override
		public Object visitString(String value) {
			return value;
		}

		@Override
		public Object visitArray(List<? extends JsonValue> values) {
			List<@Nullable Object> list = new ArrayList<>(values.size());
			for (JsonValue value : values) {
				list.add(value.accept(this));
			}
			return list;
		}

		@Override
		public Object visitObject(Map<String, ? extends JsonValue> values) {
			Map<String, @Nullable Object> map = new LinkedHashMap<>();
			for (Map.Entry<String, ? extends JsonValue> value : values.entrySet()) {
				map.put(value.getKey(), value.getValue().accept(this));
			}
			return map;
		}

		@Override
		public @Nullable Object visitDefault() {
			return null;
		}

	}

}
