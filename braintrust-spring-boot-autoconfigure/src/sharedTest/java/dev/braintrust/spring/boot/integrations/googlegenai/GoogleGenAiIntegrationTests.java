package dev.braintrust.spring.boot.integrations.googlegenai;

import java.util.List;
import java.util.Map;

import com.google.genai.Client;
import com.google.genai.errors.ApiException;
import com.google.genai.errors.ClientException;
import com.google.genai.errors.ServerException;
import com.google.genai.types.Content;
import com.google.genai.types.FunctionDeclaration;
import com.google.genai.types.GenerateContentConfig;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.HttpRetryOptions;
import com.google.genai.types.Part;
import com.google.genai.types.ThinkingConfig;
import com.google.genai.types.Tool;
import dev.braintrust.spring.boot.autoconfigure.BraintrustAutoConfiguration;
import dev.braintrust.spring.boot.autoconfigure.BraintrustTracingAutoConfiguration;
import dev.braintrust.spring.boot.autoconfigure.integrations.GoogleGenAiAutoConfiguration;
import dev.braintrust.spring.boot.integration.IntegrationInfo;
import dev.braintrust.spring.boot.integration.IntegrationRegistry;
import dev.braintrust.spring.boot.integration.IntegrationStatus;
import dev.braintrust.spring.boot.integration.PatchedBean;
import dev.braintrust.spring.boot.testsupport.MockLlmServer;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static dev.braintrust.spring.boot.testsupport.SpanContract.assertAttributeNames;
import static dev.braintrust.spring.boot.testsupport.SpanContract.assertSpanOrigin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The Google GenAI integration against the real SDK client, built with its base URL on a
 * local server that replays the Gemini API's payloads.
 */
class GoogleGenAiIntegrationTests {

	static final String MODEL = "gemini-2.5-flash";

	static final String GENERATE_PATH = "/v1beta/models/" + MODEL + ":generateContent";

	private static final JsonMapper json = JsonMapper.builder().build();

	static final AttributeKey<String> PROVIDER = AttributeKey.stringKey("gen_ai.provider.name");

	static final AttributeKey<String> REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");

	static final AttributeKey<Boolean> STREAM = AttributeKey.booleanKey("gen_ai.request.stream");

	static final AttributeKey<List<String>> FINISH_REASONS = AttributeKey
		.stringArrayKey("gen_ai.response.finish_reasons");

	static final AttributeKey<Long> INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");

	static final AttributeKey<Long> OUTPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.output_tokens");

	static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

	static final AttributeKey<String> INPUT_JSON = AttributeKey.stringKey("braintrust.input_json");

	static final AttributeKey<String> OUTPUT_JSON = AttributeKey.stringKey("braintrust.output_json");

	static final AttributeKey<String> METADATA = AttributeKey.stringKey("braintrust.metadata");

	static final AttributeKey<String> METRICS = AttributeKey.stringKey("braintrust.metrics");

	static final AttributeKey<String> SPAN_ATTRIBUTES = AttributeKey.stringKey("braintrust.span_attributes");

	private final InMemorySpanExporter exporter = InMemorySpanExporter.create();

	private final OpenTelemetrySdk openTelemetry = OpenTelemetrySdk.builder()
		.setTracerProvider(
				SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(this.exporter)).build())
		.build();

	private final MockLlmServer server = MockLlmServer.start();

	@AfterEach
	void stop() {
		this.server.close();
		this.openTelemetry.close();
	}

	static Client geminiClient(MockLlmServer server) {
		return Client.builder()
			.apiKey("test-api-key")
			.httpOptions(HttpOptions.builder()
				.baseUrl(server.baseUrl())
				.apiVersion("v1beta")
				.retryOptions(HttpRetryOptions.builder().attempts(1).build())
				.build())
			.build();
	}

	private ApplicationContextRunner contextRunner() {
		Client client = geminiClient(this.server);
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(BraintrustAutoConfiguration.class,
					BraintrustTracingAutoConfiguration.class, GoogleGenAiAutoConfiguration.class))
			.withBean(OpenTelemetry.class, () -> this.openTelemetry)
			.withBean("genAiClient", Client.class, () -> client);
	}

	// ---- generateContent ----

	@Test
	void generateContentIsOneSpanFieldByField() {
		this.server.onPost(GENERATE_PATH).json("googlegenai/generate-content-basic.json");
		contextRunner().run((context) -> {
			Client client = context.getBean(Client.class);
			GenerateContentResponse response = client.models.generateContent(MODEL, "What is the capital of France?",
					fullConfig());
			assertThat(response.text()).isEqualTo("The capital of France is Paris.");
			MockLlmServer.RecordedRequest sent = this.server.takeRequest();
			assertThat(sent.header("x-goog-api-key")).isEqualTo("test-api-key");

			SpanData span = onlySpan();
			assertThat(span.getName()).isEqualTo("chat " + MODEL);
			assertThat(span.getKind()).isEqualTo(SpanKind.CLIENT);
			assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
			assertAttributeNames(span, "gen_ai.operation.name", "gen_ai.provider.name", "gen_ai.request.model",
					"gen_ai.request.stream", "gen_ai.request.temperature", "gen_ai.request.top_p",
					"gen_ai.request.top_k", "gen_ai.request.max_tokens", "gen_ai.request.stop_sequences",
					"gen_ai.request.seed", "gen_ai.request.choice.count", "gen_ai.response.model", "gen_ai.response.id",
					"gen_ai.response.finish_reasons", "gen_ai.usage.input_tokens", "gen_ai.usage.output_tokens",
					"gen_ai.usage.cache_read.input_tokens", "gen_ai.usage.reasoning.output_tokens", "server.address",
					"server.port", "braintrust.span_attributes", "braintrust.context_json", "braintrust.input_json",
					"braintrust.output_json", "braintrust.metadata", "braintrust.metrics");
			assertSpanOrigin(span, "google-genai");
			assertThat(span.getAttributes().get(PROVIDER)).isEqualTo("gcp.gemini");
			assertThat(span.getAttributes().get(REQUEST_MODEL)).isEqualTo(MODEL);
			assertThat(span.getAttributes().get(STREAM)).isFalse();
			assertThat(span.getAttributes().get(FINISH_REASONS)).containsExactly("STOP");
			assertThat(span.getAttributes().get(INPUT_TOKENS)).isEqualTo(14L);
			assertThat(span.getAttributes().get(OUTPUT_TOKENS)).isEqualTo(33L);
			assertThat(span.getAttributes().get(AttributeKey.stringKey("gen_ai.response.id")))
				.isEqualTo("p8NHaZ3vL4-bjMcP1uKb-AQ");
			assertThat(json.readTree(span.getAttributes().get(SPAN_ATTRIBUTES)).get("name").asString())
				.isEqualTo("generate_content");

			JsonNode input = json.readTree(span.getAttributes().get(INPUT_JSON));
			assertThat(input.get("model").asString()).isEqualTo(MODEL);
			assertThat(input.get("contents").get(0).get("role").asString()).isEqualTo("user");
			assertThat(input.get("contents").get(0).get("parts").get(0).get("text").asString())
				.isEqualTo("What is the capital of France?");
			assertThat(input.get("config").get("systemInstruction").get("parts").get(0).get("text").asString())
				.isEqualTo("You are a helpful assistant");
			JsonNode output = json.readTree(span.getAttributes().get(OUTPUT_JSON));
			JsonNode candidate = output.get("candidates").get(0);
			assertThat(candidate.get("content").get("role").asString()).isEqualTo("model");
			assertThat(candidate.get("content").get("parts").get(0).get("text").asString())
				.isEqualTo("The capital of France is Paris.");
			assertThat(candidate.get("finishReason").asString()).isEqualTo("STOP");

			JsonNode metadata = json.readTree(span.getAttributes().get(METADATA));
			assertThat(metadata.get("provider").asString()).isEqualTo("google");
			assertThat(metadata.get("model").asString()).isEqualTo(MODEL);
			assertThat(metadata.get("temperature").asDouble()).isEqualTo(0.2,
					org.assertj.core.data.Offset.offset(1e-6));
			assertThat(metadata.get("top_k").asDouble()).isEqualTo(40.0);
			assertThat(metadata.get("max_output_tokens").asLong()).isEqualTo(256);
			assertThat(metadata.get("stop_sequences").get(0).asString()).isEqualTo("END");
			assertThat(metadata.get("candidate_count").asLong()).isEqualTo(1);
			assertThat(metadata.get("seed").asLong()).isEqualTo(7);
			assertThat(metadata.get("thinking_budget").asLong()).isEqualTo(128);
			assertThat(metadata.get("response_mime_type").asString()).isEqualTo("text/plain");
			JsonNode metrics = json.readTree(span.getAttributes().get(METRICS));
			assertThat(metrics.get("prompt_tokens").asLong()).isEqualTo(14);
			assertThat(metrics.get("completion_tokens").asLong()).isEqualTo(33);
			assertThat(metrics.get("tokens").asLong()).isEqualTo(47);
			assertThat(metrics.get("prompt_cached_tokens").asLong()).isEqualTo(4);
			assertThat(metrics.get("completion_reasoning_tokens").asLong()).isEqualTo(26);
		});
	}

	@Test
	void functionCallsAndResponsesAreToolCallsToolResultsAndTools() {
		this.server.onPost(GENERATE_PATH).json("googlegenai/generate-content-function-call.json");
		contextRunner().run((context) -> {
			Client client = context.getBean(Client.class);
			List<Content> contents = List.of(Content.fromParts(Part.fromText("What is the weather in Paris?")),
					Content.builder()
						.role("model")
						.parts(Part.fromFunctionCall("get_weather", Map.of("city", "Lyon")))
						.build(),
					Content.builder()
						.role("user")
						.parts(Part.fromFunctionResponse("get_weather", Map.of("temperature", 21)),
								Part.fromBytes(new byte[] { 1, 2, 3, 4 }, "image/png"))
						.build());
			GenerateContentConfig config = GenerateContentConfig.builder()
				.tools(Tool.builder()
					.functionDeclarations(
							FunctionDeclaration.builder()
								.name("get_weather")
								.description("The weather in a city")
								.parametersJsonSchema(Map.of("type", "object", "properties",
										Map.of("city", Map.of("type", "string"))))))
				.build();
			GenerateContentResponse response = client.models.generateContent(MODEL, contents, config);
			assertThat(response.functionCalls()).hasSize(1);

			SpanData span = onlySpan();
			JsonNode input = json.readTree(span.getAttributes().get(INPUT_JSON)).get("contents");
			assertThat(input.get(1).get("role").asString()).isEqualTo("model");
			assertThat(input.get(1).get("parts").get(0).get("functionCall").get("name").asString())
				.isEqualTo("get_weather");
			assertThat(input.get(1).get("parts").get(0).get("functionCall").get("args").get("city").asString())
				.isEqualTo("Lyon");
			JsonNode functionResponse = input.get(2).get("parts").get(0).get("functionResponse");
			assertThat(functionResponse.get("name").asString()).isEqualTo("get_weather");
			assertThat(functionResponse.get("response").get("temperature").asInt()).isEqualTo(21);
			assertThat(input.get(3).get("parts").get(0).get("text").asString())
				.isEqualTo("[inline data: image/png, 4 bytes]");
			JsonNode call = json.readTree(span.getAttributes().get(OUTPUT_JSON))
				.get("candidates")
				.get(0)
				.get("content")
				.get("parts")
				.get(0)
				.get("functionCall");
			assertThat(call.get("name").asString()).isEqualTo("get_weather");
			assertThat(call.get("args").get("city").asString()).isEqualTo("Paris");
			JsonNode tool = json.readTree(span.getAttributes().get(METADATA)).get("tools").get(0);
			assertThat(tool.get("function").get("name").asString()).isEqualTo("get_weather");
			assertThat(tool.get("function").get("description").asString()).isEqualTo("The weather in a city");
			assertThat(tool.get("function").get("parameters").get("type").asString()).isEqualTo("object");
		});
	}

	@Test
	void withoutContentCaptureTheSpanKeepsParametersAndUsageOnly() {
		this.server.onPost(GENERATE_PATH).json("googlegenai/generate-content-basic.json");
		contextRunner().withPropertyValues("braintrust.integrations.google-genai.capture-content=false")
			.run((context) -> {
				context.getBean(Client.class).models.generateContent(MODEL, "What is the capital of France?",
						fullConfig());
				SpanData span = onlySpan();
				assertThat(span.getAttributes().get(INPUT_JSON)).isNull();
				assertThat(span.getAttributes().get(OUTPUT_JSON)).isNull();
				assertThat(span.getAttributes().asMap().values().toString()).doesNotContain("capital")
					.doesNotContain("helpful");
				JsonNode metadata = json.readTree(span.getAttributes().get(METADATA));
				assertThat(metadata.get("max_output_tokens").asLong()).isEqualTo(256);
				assertThat(metadata.get("thinking_budget").asLong()).isEqualTo(128);
				assertThat(span.getAttributes().get(INPUT_TOKENS)).isEqualTo(14L);
			});
	}

	// ---- errors and safety ----

	@ParameterizedTest
	@CsvSource({ "error-rate-limit.json, 429, rate_limit", "error-unauthenticated.json, 401, authentication",
			"error-permission-denied.json, 403, permission_denied", "error-not-found.json, 404, not_found",
			"error-context-length.json, 400, context_length_exceeded", "error-server.json, 503, server_error" })
	void errorsReachTheCallerUnchangedAndAreClassifiedByStatus(String resource, int status, String errorType) {
		this.server.onPost(GENERATE_PATH).status(status).json("googlegenai/" + resource);
		Class<? extends ApiException> type = (status >= 500) ? ServerException.class : ClientException.class;
		Client client = geminiClient(this.server);
		String uninstrumented = messageOf(() -> client.models.generateContent(MODEL, "Hello", null));
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(BraintrustAutoConfiguration.class,
					BraintrustTracingAutoConfiguration.class, GoogleGenAiAutoConfiguration.class))
			.withBean(OpenTelemetry.class, () -> this.openTelemetry)
			.withBean("genAiClient", Client.class, () -> client)
			.run((context) -> {
				assertThatExceptionOfType(type)
					.isThrownBy(() -> context.getBean(Client.class).models.generateContent(MODEL, "Hello", null))
					.satisfies((ex) -> assertThat(ex.code()).isEqualTo(status))
					.withMessage(uninstrumented);
				SpanData span = onlySpan();
				assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
				assertThat(span.getAttributes().get(ERROR_TYPE)).isEqualTo(errorType);
				assertThat(span.getEvents()).anySatisfy((event) -> assertThat(event.getName()).isEqualTo("exception"));
				IntegrationInfo info = context.getBean(IntegrationRegistry.class).find("google-genai").orElseThrow();
				assertThat(info.errors()).isEqualTo(1);
			});
	}

	private static String messageOf(Runnable call) {
		try {
			call.run();
		}
		catch (RuntimeException ex) {
			return ex.getMessage();
		}
		throw new AssertionError("no exception");
	}

	@Test
	void aLargeResponseIsReadWhereItIsBufferedAndReachesTheSdkWhole() {
		String text = "Paris, \"the city of light\", is the capital of France.\n".repeat(4_000);
		this.server.onPost(GENERATE_PATH)
			.jsonBody(json.writeValueAsString(Map.of("candidates",
					List.of(Map.of("content", Map.of("parts", List.of(Map.of("text", text)), "role", "model"),
							"finishReason", "STOP", "index", 0)),
					"usageMetadata", Map.of("promptTokenCount", 5, "candidatesTokenCount", 50_000), "responseId",
					"large-1")));
		contextRunner().run((context) -> {
			GenerateContentResponse response = context.getBean(Client.class).models.generateContent(MODEL, "Hello",
					null);
			assertThat(response.text()).isEqualTo(text);

			SpanData span = onlySpan();
			assertThat(span.getAttributes().get(AttributeKey.stringKey("gen_ai.response.id"))).isEqualTo("large-1");
			assertThat(span.getAttributes().get(OUTPUT_TOKENS)).isEqualTo(50_000L);
			String outputText = json.readTree(span.getAttributes().get(OUTPUT_JSON))
				.get("candidates")
				.get(0)
				.get("content")
				.get("parts")
				.get(0)
				.get("text")
				.asString();
			assertThat(text).startsWith(outputText.substring(0, outputText.indexOf("...[truncated ")));
			assertThat(outputText).endsWith(" chars]");
		});
	}

	@Test
	void aResponseBlockedBySafetyIsAContentFilterWithoutFailingTheCall() {
		this.server.onPost(GENERATE_PATH).json("googlegenai/generate-content-safety.json");
		contextRunner().run((context) -> {
			GenerateContentResponse response = context.getBean(Client.class).models.generateContent(MODEL,
					"Something dangerous", null);
			assertThat(response.finishReason().toString()).isEqualTo("SAFETY");
			SpanData span = onlySpan();
			assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
			assertThat(span.getAttributes().get(FINISH_REASONS)).containsExactly("content_filter");
			assertThat(span.getAttributes().get(ERROR_TYPE)).isNull();
		});
	}

	@Test
	void aBlockedPromptIsAContentFilterWithoutFailingTheCall() {
		this.server.onPost(GENERATE_PATH).json("googlegenai/generate-content-prompt-blocked.json");
		contextRunner().run((context) -> {
			GenerateContentResponse response = context.getBean(Client.class).models.generateContent(MODEL,
					"Something prohibited", null);
			assertThat(response.candidates().orElse(List.of())).isEmpty();
			SpanData span = onlySpan();
			assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
			assertThat(span.getAttributes().get(FINISH_REASONS)).containsExactly("content_filter");
			assertThat(span.getAttributes().get(INPUT_TOKENS)).isEqualTo(9L);
		});
	}

	@Test
	void aConnectionFailureIsRecordedAndReachesTheCaller() {
		this.server.onPost(GENERATE_PATH).dropConnection();
		contextRunner().run((context) -> {
			assertThatExceptionOfType(RuntimeException.class)
				.isThrownBy(() -> context.getBean(Client.class).models.generateContent(MODEL, "Hello", null));
			SpanData span = onlySpan();
			assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
			assertThat(span.getAttributes().get(ERROR_TYPE)).isNotNull();
		});
	}

	// ---- the bean, the registry and the switches ----

	@Test
	void theClientKeepsItsClassAndIdentityAndIsReportedWithItsTechnique() {
		contextRunner().run((context) -> {
			Client client = context.getBean(Client.class);
			assertThat(client.getClass()).isEqualTo(Client.class);
			assertThat(GoogleGenAiPatcher.isInstrumented(ClientTransport.httpClient(client))).isTrue();
			IntegrationInfo info = context.getBean(IntegrationRegistry.class).find("google-genai").orElseThrow();
			assertThat(info.status()).isEqualTo(IntegrationStatus.ACTIVE);
			assertThat(info.displayName()).isEqualTo("Google GenAI SDK");
			assertThat(info.library().coordinates()).isEqualTo("com.google.genai:google-genai");
			assertThat(info.library().version()).isNotBlank();
			assertThat(info.compatible()).isTrue();
			assertThat(info.patchedBeans())
				.containsExactly(new PatchedBean("genAiClient", Client.class.getName(), "okhttp-interceptor"));
			assertThat(context).hasSingleBean(GoogleGenAiErrorClassifier.class);
		});
	}

	@Test
	void aClientInstrumentedTwiceHasOneInterceptor() {
		this.server.onPost(GENERATE_PATH).json("googlegenai/generate-content-basic.json");
		Client client = geminiClient(this.server);
		ApplicationContextRunner runner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(BraintrustAutoConfiguration.class,
					BraintrustTracingAutoConfiguration.class, GoogleGenAiAutoConfiguration.class))
			.withBean(OpenTelemetry.class, () -> this.openTelemetry)
			.withBean("genAiClient", Client.class, () -> client);
		runner.run((first) -> runner.run((second) -> {
			OkHttpClient transport = ClientTransport.httpClient(client);
			assertThat(transport.interceptors().stream().filter(GenAiTransportInterceptor.class::isInstance))
				.hasSize(1);
			client.models.generateContent(MODEL, "Hello", null);
			assertThat(this.exporter.getFinishedSpanItems()).hasSize(1);
		}));
	}

	@Test
	void integrationSwitchedOffAtRuntimePassesThrough() {
		this.server.onPost(GENERATE_PATH).json("googlegenai/generate-content-basic.json");
		contextRunner().run((context) -> {
			IntegrationRegistry registry = context.getBean(IntegrationRegistry.class);
			Client client = context.getBean(Client.class);
			registry.setEnabled("google-genai", false);
			assertThat(client.models.generateContent(MODEL, "Hello", null).text())
				.isEqualTo("The capital of France is Paris.");
			assertThat(this.exporter.getFinishedSpanItems()).isEmpty();
			registry.setEnabled("google-genai", true);
			client.models.generateContent(MODEL, "Hello", null);
			assertThat(this.exporter.getFinishedSpanItems()).hasSize(1);
		});
	}

	@Test
	void disabledAtStartupNothingIsPatched() {
		this.server.onPost(GENERATE_PATH).json("googlegenai/generate-content-basic.json");
		contextRunner().withPropertyValues("braintrust.integrations.google-genai.enabled=false").run((context) -> {
			Client client = context.getBean(Client.class);
			assertThat(GoogleGenAiPatcher.isInstrumented(ClientTransport.httpClient(client))).isFalse();
			client.models.generateContent(MODEL, "Hello", null);
			assertThat(this.exporter.getFinishedSpanItems()).isEmpty();
			IntegrationInfo info = context.getBean(IntegrationRegistry.class).find("google-genai").orElseThrow();
			assertThat(info.status()).isEqualTo(IntegrationStatus.DISABLED);
			assertThat(info.patchedBeans()).isEmpty();
		});
	}

	@Test
	void withoutTheSdkTheIntegrationIsReportedNotAvailable() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(BraintrustAutoConfiguration.class,
					BraintrustTracingAutoConfiguration.class, GoogleGenAiAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader(Client.class))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(GoogleGenAiErrorClassifier.class);
				IntegrationInfo info = context.getBean(IntegrationRegistry.class).find("google-genai").orElseThrow();
				assertThat(info.status()).isEqualTo(IntegrationStatus.NOT_AVAILABLE);
			});
	}

	@Test
	void otherServicesPassThroughUntraced() {
		this.server.on("GET", "/v1beta/models/" + MODEL)
			.jsonBody("{\"name\":\"models/" + MODEL
					+ "\",\"displayName\":\"Gemini 2.5 Flash\",\"inputTokenLimit\":1048576}");
		contextRunner().run((context) -> {
			assertThat(context.getBean(Client.class).models.get(MODEL, null).displayName())
				.contains("Gemini 2.5 Flash");
			assertThat(this.exporter.getFinishedSpanItems()).isEmpty();
		});
	}

	// ---- helpers ----

	static GenerateContentConfig fullConfig() {
		return GenerateContentConfig.builder()
			.systemInstruction(Content.fromParts(Part.fromText("You are a helpful assistant")))
			.temperature(0.2f)
			.topP(0.9f)
			.topK(40f)
			.maxOutputTokens(256)
			.stopSequences(List.of("END"))
			.candidateCount(1)
			.seed(7)
			.thinkingConfig(ThinkingConfig.builder().thinkingBudget(128))
			.responseMimeType("text/plain")
			.build();
	}

	private SpanData onlySpan() {
		assertThat(this.exporter.getFinishedSpanItems()).hasSize(1);
		return this.exporter.getFinishedSpanItems().get(0);
	}

}
