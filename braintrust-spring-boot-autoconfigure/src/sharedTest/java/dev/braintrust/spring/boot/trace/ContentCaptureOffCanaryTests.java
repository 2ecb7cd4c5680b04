package dev.braintrust.spring.boot.trace;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.models.messages.MessageCreateParams;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.responses.ResponseCreateParams;
import dev.braintrust.spring.boot.autoconfigure.BraintrustAutoConfiguration;
import dev.braintrust.spring.boot.autoconfigure.BraintrustTracingAutoConfiguration;
import dev.braintrust.spring.boot.autoconfigure.integrations.AnthropicAutoConfiguration;
import dev.braintrust.spring.boot.autoconfigure.integrations.OpenAiAutoConfiguration;
import dev.braintrust.spring.boot.testsupport.MockLlmServer;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.assertj.core.api.ThrowingConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * With {@code capture-content=false}, nothing of a request's content reaches a span.
 * Every field of the request bodies of the OpenAI chat completions, OpenAI Responses and
 * Anthropic messages APIs, as the SDKs know them, is set: the parameters that are not
 * content (the allow-list of {@code braintrust.metadata}) to ordinary values, every other
 * field to a canary string (or a structure holding canaries where the field has one). The
 * requests go through the SDKs' real clients to a local server; no attribute, event,
 * status or name of any exported span may hold a canary, also when the server answers
 * with an error that quotes one.
 */
class ContentCaptureOffCanaryTests {

	private static final String CANARY = "cnry7";

	private static final Map<String, Object> WEATHER_SCHEMA = Map.of("type", "object", "properties",
			Map.of("city", Map.of("type", "string", "description", canary("schema"))));

	private final TestTracing tracing = new TestTracing();

	private final MockLlmServer server = MockLlmServer.start();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(BraintrustAutoConfiguration.class, BraintrustTracingAutoConfiguration.class,
						OpenAiAutoConfiguration.class, AnthropicAutoConfiguration.class))
		.withPropertyValues("braintrust.trace.capture-content=false", "braintrust.trace.gen-ai-content=true")
		.withBean(OpenTelemetry.class, () -> this.tracing.openTelemetry)
		.withBean(OpenAIClient.class,
				() -> OpenAIOkHttpClient.builder()
					.baseUrl(this.server.baseUrl() + "/v1")
					.apiKey("sk-test-key")
					.maxRetries(0)
					.timeout(Duration.ofSeconds(5))
					.build())
		.withBean(AnthropicClient.class,
				() -> AnthropicOkHttpClient.builder()
					.baseUrl(this.server.baseUrl())
					.apiKey("sk-ant-test")
					.maxRetries(0)
					.timeout(Duration.ofSeconds(5))
					.build());

	@AfterEach
	void close() {
		this.server.close();
		this.tracing.close();
	}

	private static String canary(String field) {
		return CANARY + "-" + field;
	}

	@Test
	void openAiChatCompletionWritesNoCanary() {
		this.server.onPost("/v1/chat/completions").json("openai/chat-basic.json");
		Map<String, Object> body = body(ChatCompletionCreateParams.Body.class, chatParameters(),
				Map.of("messages",
						List.of(Map.of("role", "system", "content", canary("system")),
								Map.of("role", "user", "content", canary("user-message"))),
						"metadata", Map.of("customer", canary("metadata")), "prediction",
						Map.of("type", "content", "content", canary("prediction")), "response_format",
						Map.of("type", "json_schema", "json_schema",
								Map.of("name", canary("schema-name"), "description", canary("schema-description"),
										"schema", WEATHER_SCHEMA)),
						"tools",
						List.of(Map.of("type", "function", "function",
								Map.of("name", "get_weather", "description", canary("tool"), "parameters",
										WEATHER_SCHEMA))),
						"web_search_options", Map.of("user_location",
								Map.of("type", "approximate", "approximate", Map.of("city", canary("city"))))));
		SpanData span = call((context) -> context.getBean(OpenAIClient.class)
			.chat()
			.completions()
			.create(ChatCompletionCreateParams.builder()
				.body(com.openai.core.ObjectMappers.jsonMapper()
					.readValue(json(body), ChatCompletionCreateParams.Body.class))
				.build()));
		assertNoCanary(span);
		JsonNode metadata = TestTracing.parse(span.getAttributes().get(AttributeKey.stringKey("braintrust.metadata")));
		assertThat(metadata.get("provider").asString()).isEqualTo("openai");
		assertThat(metadata.get("model").asString()).as("the model that answered").isEqualTo("gpt-4o-mini-2024-07-18");
		assertThat(metadata.get("temperature").asDouble()).isEqualTo(0.5);
		assertThat(metadata.get("service_tier").asString()).isEqualTo("flex");
		assertThat(metadata.get("reasoning_effort").asString()).isEqualTo("low");
		assertThat(metadata.get("stop").get(0).asString()).isEqualTo("END");
		assertThat(metadata.get("response_format")).isEqualTo(TestTracing.parse("{\"type\":\"json_schema\"}"));
		assertThat(metadata.get("tool_choice"))
			.isEqualTo(TestTracing.parse("{\"type\":\"function\",\"function\":{\"name\":\"get_weather\"}}"));
		assertThat(metadata.get("tools"))
			.isEqualTo(TestTracing.parse("[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\"}}]"));
		assertThat(span.getAttributes().get(AttributeKey.doubleKey("gen_ai.request.temperature"))).isEqualTo(0.5);
	}

	@Test
	void openAiResponsesWritesNoCanary() {
		this.server.onPost("/v1/responses").json("openai/responses-basic.json");
		Map<String, Object> kept = new LinkedHashMap<>();
		kept.put("model", "o4-mini");
		kept.put("background", false);
		kept.put("max_output_tokens", 1024);
		kept.put("max_tool_calls", 3);
		kept.put("parallel_tool_calls", true);
		kept.put("prompt_cache_retention", "24h");
		kept.put("service_tier", "flex");
		kept.put("store", false);
		kept.put("stream_options", Map.of("include_obfuscation", false));
		kept.put("temperature", 0.5);
		kept.put("tool_choice", Map.of("type", "function", "name", "get_weather"));
		kept.put("top_logprobs", 2);
		kept.put("top_p", 0.9);
		kept.put("truncation", "auto");
		Map<String, Object> body = body(ResponseCreateParams.Body.class, kept, Map.of("conversation",
				Map.of("id", canary("conversation")), "input",
				List.of(Map.of("role", "user", "content", canary("input"))), "metadata",
				Map.of("customer", canary("metadata")), "prompt",
				Map.of("id", canary("prompt-id"), "variables", Map.of("name", canary("prompt-variable"))), "reasoning",
				Map.of("effort", "low", "summary", "auto", "generate_summary", canary("generate-summary")), "text",
				Map.of("format", Map.of("type", "json_schema", "name", canary("format-name"), "schema", WEATHER_SCHEMA),
						"verbosity", "low"),
				"tools", List.of(Map.of("type", "function", "name", "get_weather", "description", canary("tool"),
						"parameters", WEATHER_SCHEMA, "strict", false))));
		SpanData span = call((context) -> context.getBean(OpenAIClient.class)
			.responses()
			.create(ResponseCreateParams.builder()
				.body(com.openai.core.ObjectMappers.jsonMapper().readValue(json(body), ResponseCreateParams.Body.class))
				.build()));
		assertNoCanary(span);
		JsonNode metadata = TestTracing.parse(span.getAttributes().get(AttributeKey.stringKey("braintrust.metadata")));
		assertThat(metadata.get("model").asString()).as("the model that answered").isEqualTo("o4-mini-2025-04-16");
		assertThat(metadata.get("max_output_tokens").asLong()).isEqualTo(1024);
		assertThat(metadata.get("reasoning")).isEqualTo(TestTracing.parse("{\"effort\":\"low\",\"summary\":\"auto\"}"));
		assertThat(metadata.get("text"))
			.isEqualTo(TestTracing.parse("{\"format\":{\"type\":\"json_schema\"},\"verbosity\":\"low\"}"));
		assertThat(metadata.get("tools"))
			.isEqualTo(TestTracing.parse("[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\"}}]"));
	}

	@Test
	void anthropicMessageWritesNoCanary() {
		this.server.onPost("/v1/messages").json("anthropic/message-basic.json");
		Map<String, Object> kept = new LinkedHashMap<>();
		kept.put("model", "claude-sonnet-4-5");
		kept.put("max_tokens", 1024);
		kept.put("inference_geo", "us");
		kept.put("output_config", Map.of("effort", "low"));
		kept.put("service_tier", "auto");
		kept.put("speed", "standard");
		kept.put("stop_sequences", List.of("END"));
		kept.put("thinking", Map.of("type", "enabled", "budget_tokens", 512));
		kept.put("tool_choice", Map.of("type", "tool", "name", "get_weather", "disable_parallel_tool_use", true));
		Map<String, Object> body = body(MessageCreateParams.Body.class, kept, Map.of("messages",
				List.of(Map.of("role", "user", "content", canary("user-message"))), "metadata",
				Map.of("user_id", canary("user-id")), "system", canary("system"), "tools",
				List.of(Map.of("name", "get_weather", "description", canary("tool"), "input_schema", WEATHER_SCHEMA))));
		SpanData span = call((context) -> context.getBean(AnthropicClient.class)
			.messages()
			.create(MessageCreateParams.builder()
				.body(com.anthropic.core.ObjectMappers.jsonMapper()
					.readValue(json(body), MessageCreateParams.Body.class))
				.build()));
		assertNoCanary(span);
		JsonNode metadata = TestTracing.parse(span.getAttributes().get(AttributeKey.stringKey("braintrust.metadata")));
		assertThat(metadata.get("provider").asString()).isEqualTo("anthropic");
		assertThat(metadata.get("max_tokens").asLong()).isEqualTo(1024);
		assertThat(metadata.get("thinking"))
			.isEqualTo(TestTracing.parse("{\"type\":\"enabled\",\"budget_tokens\":512}"));
		assertThat(metadata.get("tool_choice"))
			.isEqualTo(TestTracing.parse("{\"type\":\"function\",\"function\":{\"name\":\"get_weather\"}}"));
		assertThat(metadata.get("parallel_tool_calls").asBoolean()).isFalse();
		assertThat(metadata.get("tools"))
			.isEqualTo(TestTracing.parse("[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\"}}]"));
	}

	@Test
	void providerErrorQuotingTheRequestLeavesOnlyTheExceptionType() {
		this.server.onPost("/v1/chat/completions")
			.status(400)
			.jsonBody("{\"error\":{\"message\":\"Invalid value for 'user': '" + canary("user")
					+ "' is not allowed.\",\"type\":\"invalid_request_error\",\"param\":\"user\",\"code\":null}}");
		this.server.onPost("/v1/messages")
			.status(400)
			.jsonBody("{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"messages.0: "
					+ canary("user-message") + " is not valid\"}}");
		List<SpanData> spans = new ArrayList<>();
		this.runner.run((context) -> {
			Throwable openAiFailure = catchThrowable(() -> context.getBean(OpenAIClient.class)
				.chat()
				.completions()
				.create(ChatCompletionCreateParams.builder()
					.model("gpt-4o-mini")
					.addUserMessage(canary("user-message"))
					.user(canary("user"))
					.build()));
			Throwable anthropicFailure = catchThrowable(() -> context.getBean(AnthropicClient.class)
				.messages()
				.create(MessageCreateParams.builder()
					.model("claude-sonnet-4-5")
					.maxTokens(64)
					.addUserMessage(canary("user-message"))
					.build()));
			// The caller still gets the provider's message.
			assertThat(openAiFailure).hasMessageContaining(canary("user"));
			assertThat(anthropicFailure).hasMessageContaining(canary("user-message"));
			spans.addAll(this.tracing.spans());
		});
		assertThat(spans).hasSize(2).allSatisfy((span) -> {
			assertNoCanary(span);
			assertThat(span.getAttributes().get(AttributeKey.stringKey("error.type"))).isEqualTo("bad_request");
			assertThat(span.getEvents()).singleElement().satisfies((event) -> {
				assertThat(event.getName()).isEqualTo("exception");
				assertThat(event.getAttributes().get(AttributeKey.stringKey("exception.type"))).endsWith("Exception");
				assertThat(event.getAttributes().get(AttributeKey.stringKey("exception.message"))).isNull();
				assertThat(event.getAttributes().get(AttributeKey.stringKey("exception.stacktrace"))).isNull();
			});
		});
	}

	/**
	 * Makes one call in a running application and returns its span, read before the
	 * application closes the OpenTelemetry SDK (which clears the in-memory exporter).
	 */
	private SpanData call(ThrowingConsumer<AssertableApplicationContext> call) {
		List<SpanData> spans = new ArrayList<>();
		this.runner.run((context) -> {
			call.accept(context);
			spans.addAll(this.tracing.spans());
		});
		assertThat(spans).hasSize(1);
		return spans.get(0);
	}

	private static Map<String, Object> chatParameters() {
		Map<String, Object> kept = new LinkedHashMap<>();
		kept.put("model", "gpt-4o-mini");
		kept.put("frequency_penalty", 0.1);
		kept.put("logprobs", true);
		kept.put("max_completion_tokens", 256);
		kept.put("max_tokens", 256);
		kept.put("modalities", List.of("text"));
		kept.put("n", 1);
		kept.put("parallel_tool_calls", true);
		kept.put("presence_penalty", 0.2);
		kept.put("prompt_cache_retention", "24h");
		kept.put("reasoning_effort", "low");
		kept.put("seed", 42);
		kept.put("service_tier", "flex");
		kept.put("stop", List.of("END"));
		kept.put("store", false);
		kept.put("stream_options", Map.of("include_usage", true));
		kept.put("temperature", 0.5);
		kept.put("tool_choice", Map.of("type", "function", "function", Map.of("name", "get_weather")));
		kept.put("top_logprobs", 2);
		kept.put("top_p", 0.9);
		kept.put("verbosity", "low");
		return kept;
	}

	/**
	 * A request body that sets every field the SDK's body class knows: the given
	 * parameters, the given structures, and a canary string in every other field.
	 */
	private static Map<String, Object> body(Class<?> bodyClass, Map<String, Object> parameters,
			Map<String, Object> structures) {
		Set<String> fields = wireFields(bodyClass);
		assertThat(fields).as("fields of %s", bodyClass.getName())
			.hasSizeGreaterThan(10)
			.containsAll(parameters.keySet())
			.containsAll(structures.keySet());
		Map<String, Object> body = new LinkedHashMap<>();
		for (String field : fields) {
			if (parameters.containsKey(field)) {
				body.put(field, parameters.get(field));
			}
			else {
				body.put(field, structures.getOrDefault(field, canary(field)));
			}
		}
		return body;
	}

	/**
	 * The wire names of a body's fields: the names its {@code _field()} accessors are
	 * bound to.
	 */
	private static Set<String> wireFields(Class<?> bodyClass) {
		Set<String> names = new TreeSet<>();
		for (Method method : bodyClass.getMethods()) {
			JsonProperty property = method.getAnnotation(JsonProperty.class);
			if (property != null && method.getName().startsWith("_")) {
				names.add(property.value());
			}
		}
		return names;
	}

	private static String json(Object value) {
		return TestTracing.json.writeValueAsString(value);
	}

	private static void assertNoCanary(SpanData span) {
		List<String> texts = new ArrayList<>();
		texts.add(span.getName());
		texts.add(span.getStatus().getDescription());
		addValues(texts, span.getAttributes());
		for (EventData event : span.getEvents()) {
			texts.add(event.getName());
			addValues(texts, event.getAttributes());
		}
		assertThat(texts).as("names, status, attributes and events of span %s", span.getName())
			.noneSatisfy((text) -> assertThat(text).containsIgnoringCase(CANARY));
		assertThat(span.getAttributes().get(AttributeKey.stringKey("braintrust.input_json"))).isNull();
		assertThat(span.getAttributes().get(AttributeKey.stringKey("gen_ai.input.messages"))).isNull();
	}

	private static void addValues(List<String> texts, Attributes attributes) {
		attributes.forEach((key, value) -> texts.add(key.getKey() + "=" + value));
	}

}
