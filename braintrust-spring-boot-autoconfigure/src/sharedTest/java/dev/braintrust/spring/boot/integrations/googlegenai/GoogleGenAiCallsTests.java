package dev.braintrust.spring.boot.integrations.googlegenai;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.google.genai.AsyncChat;
import com.google.genai.Chat;
import com.google.genai.Client;
import com.google.genai.ResponseStream;
import com.google.genai.types.EmbedContentConfig;
import com.google.genai.types.EmbedContentResponse;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.HttpRetryOptions;
import dev.braintrust.spring.boot.autoconfigure.BraintrustAutoConfiguration;
import dev.braintrust.spring.boot.autoconfigure.BraintrustTracingAutoConfiguration;
import dev.braintrust.spring.boot.autoconfigure.integrations.GoogleGenAiAutoConfiguration;
import dev.braintrust.spring.boot.integration.IntegrationRegistry;
import dev.braintrust.spring.boot.testsupport.MockLlmServer;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static dev.braintrust.spring.boot.integrations.googlegenai.GoogleGenAiIntegrationTests.FINISH_REASONS;
import static dev.braintrust.spring.boot.integrations.googlegenai.GoogleGenAiIntegrationTests.GENERATE_PATH;
import static dev.braintrust.spring.boot.integrations.googlegenai.GoogleGenAiIntegrationTests.INPUT_JSON;
import static dev.braintrust.spring.boot.integrations.googlegenai.GoogleGenAiIntegrationTests.INPUT_TOKENS;
import static dev.braintrust.spring.boot.integrations.googlegenai.GoogleGenAiIntegrationTests.METADATA;
import static dev.braintrust.spring.boot.integrations.googlegenai.GoogleGenAiIntegrationTests.METRICS;
import static dev.braintrust.spring.boot.integrations.googlegenai.GoogleGenAiIntegrationTests.MODEL;
import static dev.braintrust.spring.boot.integrations.googlegenai.GoogleGenAiIntegrationTests.OUTPUT_JSON;
import static dev.braintrust.spring.boot.integrations.googlegenai.GoogleGenAiIntegrationTests.OUTPUT_TOKENS;
import static dev.braintrust.spring.boot.integrations.googlegenai.GoogleGenAiIntegrationTests.PROVIDER;
import static dev.braintrust.spring.boot.integrations.googlegenai.GoogleGenAiIntegrationTests.SPAN_ATTRIBUTES;
import static dev.braintrust.spring.boot.integrations.googlegenai.GoogleGenAiIntegrationTests.STREAM;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The calls the integration traces besides a blocking {@code generateContent}: streams,
 * asynchronous calls, chat sessions and embeddings, and a Vertex AI client, through the
 * real SDK client against a local server.
 */
class GoogleGenAiCallsTests {

	private static final String STREAM_PATH = "/v1beta/models/" + MODEL + ":streamGenerateContent";

	private static final String EMBEDDING_MODEL = "text-embedding-004";

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final AttributeKey<Double> TIME_TO_FIRST_CHUNK = AttributeKey
		.doubleKey("gen_ai.response.time_to_first_chunk");

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

	private ApplicationContextRunner contextRunner() {
		Client client = GoogleGenAiIntegrationTests.geminiClient(this.server);
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(BraintrustAutoConfiguration.class,
					BraintrustTracingAutoConfiguration.class, GoogleGenAiAutoConfiguration.class))
			.withBean(OpenTelemetry.class, () -> this.openTelemetry)
			.withBean("genAiClient", Client.class, () -> client);
	}

	// ---- streams ----

	@Test
	void aStreamIsAggregatedWithItsTimeToFirstTokenAndTheUsageOfItsLastChunk() {
		this.server.onPost(STREAM_PATH).sse("googlegenai/generate-content-stream.sse");
		contextRunner().run((context) -> {
			StringBuilder text = new StringBuilder();
			try (ResponseStream<GenerateContentResponse> stream = context.getBean(Client.class).models
				.generateContentStream(MODEL, "What is the capital of France?", null)) {
				for (GenerateContentResponse chunk : stream) {
					text.append(chunk.text());
				}
			}
			assertThat(text).hasToString("The capital of France is Paris.");
			assertThat(this.server.takeRequest().query()).isEqualTo("alt=sse");
			SpanData span = onlySpan();
			assertStreamSpan(span);
		});
	}

	private static void assertStreamSpan(SpanData span) {
		assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
		assertThat(span.getAttributes().get(STREAM)).isTrue();
		assertThat(span.getAttributes().get(TIME_TO_FIRST_CHUNK)).isNotNull().isPositive();
		assertThat(span.getAttributes().get(FINISH_REASONS)).containsExactly("STOP");
		assertThat(span.getAttributes().get(INPUT_TOKENS)).isEqualTo(14L);
		assertThat(span.getAttributes().get(OUTPUT_TOKENS)).isEqualTo(33L);
		assertThat(span.getAttributes().get(AttributeKey.stringKey("gen_ai.response.id")))
			.isEqualTo("w8NHaYq6NvKfjMcP8b6F-Qs");
		JsonNode candidate = json.readTree(span.getAttributes().get(OUTPUT_JSON)).get("candidates").get(0);
		assertThat(candidate.get("content").get("parts").get(0).get("text").asString())
			.isEqualTo("The capital of France is Paris.");
		assertThat(json.readTree(span.getAttributes().get(METRICS)).get("time_to_first_token").asDouble()).isPositive();
		assertThat(json.readTree(span.getAttributes().get(SPAN_ATTRIBUTES)).get("name").asString())
			.isEqualTo("generate_content");
	}

	@Test
	void aStreamClosedBeforeItsEndIsCancelledWithWhatArrived() {
		this.server.onPost(STREAM_PATH)
			.sse("googlegenai/generate-content-stream.sse")
			.eventDelay(Duration.ofMillis(300));
		contextRunner().run((context) -> {
			try (ResponseStream<GenerateContentResponse> stream = context.getBean(Client.class).models
				.generateContentStream(MODEL, "What is the capital of France?", null)) {
				Iterator<GenerateContentResponse> chunks = stream.iterator();
				assertThat(chunks.next().text()).isEqualTo("The capital");
			}
			SpanData span = onlySpan();
			assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
			assertThat(span.getAttributes().get(TIME_TO_FIRST_CHUNK)).isNotNull();
			JsonNode candidate = json.readTree(span.getAttributes().get(OUTPUT_JSON)).get("candidates").get(0);
			String version = context.getBean(IntegrationRegistry.class)
				.find("google-genai")
				.orElseThrow()
				.library()
				.version();
			if (version != null && version.startsWith("1.")) {
				// The 1.x SDK's stream reads the rest of the response when it is closed:
				// the call is then complete.
				assertThat(candidate.get("content").get("parts").get(0).get("text").asString())
					.isEqualTo("The capital of France is Paris.");
			}
			else {
				assertThat(span.getEvents()).anySatisfy((event) -> assertThat(event.getName()).isEqualTo("cancelled"));
				assertThat(candidate.get("content").get("parts").get(0).get("text").asString())
					.isEqualTo("The capital");
			}
		});
	}

	// ---- asynchronous calls ----

	@Test
	void anAsynchronousCallIsAChildOfTheCallersSpan() {
		this.server.onPost(GENERATE_PATH).json("googlegenai/generate-content-basic.json");
		contextRunner().run((context) -> {
			Span parent = this.openTelemetry.getTracer("test").spanBuilder("request").startSpan();
			GenerateContentResponse response;
			try (Scope scope = parent.makeCurrent()) {
				response = context.getBean(Client.class).async.models
					.generateContent(MODEL, "What is the capital of France?", null)
					.get(10, TimeUnit.SECONDS);
			}
			finally {
				parent.end();
			}
			assertThat(response.text()).isEqualTo("The capital of France is Paris.");
			SpanData span = llmSpans().get(0);
			assertThat(span.getParentSpanId()).isEqualTo(parent.getSpanContext().getSpanId());
			assertThat(span.getTraceId()).isEqualTo(parent.getSpanContext().getTraceId());
			assertThat(span.getAttributes().get(STREAM)).isFalse();
			assertThat(span.getAttributes().get(OUTPUT_TOKENS)).isEqualTo(33L);
		});
	}

	@Test
	void anAsynchronousStreamIsAggregatedAsABlockingOne() {
		this.server.onPost(STREAM_PATH).sse("googlegenai/generate-content-stream.sse");
		contextRunner().run((context) -> {
			Span parent = this.openTelemetry.getTracer("test").spanBuilder("request").startSpan();
			ResponseStream<GenerateContentResponse> stream;
			try (Scope scope = parent.makeCurrent()) {
				stream = context.getBean(Client.class).async.models
					.generateContentStream(MODEL, "What is the capital of France?", null)
					.get(10, TimeUnit.SECONDS);
			}
			finally {
				parent.end();
			}
			try (stream) {
				stream.forEach((chunk) -> {
				});
			}
			SpanData span = llmSpans().get(0);
			assertThat(span.getParentSpanId()).isEqualTo(parent.getSpanContext().getSpanId());
			assertStreamSpan(span);
		});
	}

	// ---- chat sessions ----

	@Test
	void eachMessageOfAChatSessionIsASpanWithTheSessionsHistory() {
		this.server.onPost(GENERATE_PATH).json("googlegenai/generate-content-basic.json");
		contextRunner().run((context) -> {
			Chat chat = context.getBean(Client.class).chats.create(MODEL);
			chat.sendMessage("What is the capital of France?");
			chat.sendMessage("And of Italy?");
			List<SpanData> spans = llmSpans();
			assertThat(spans).hasSize(2);
			JsonNode contents = json.readTree(spans.get(1).getAttributes().get(INPUT_JSON)).get("contents");
			assertThat(contents).hasSize(3);
			assertThat(contents.get(0).get("parts").get(0).get("text").asString())
				.isEqualTo("What is the capital of France?");
			assertThat(contents.get(1).get("role").asString()).isEqualTo("model");
			assertThat(contents.get(1).get("parts").get(0).get("text").asString())
				.isEqualTo("The capital of France is Paris.");
			assertThat(contents.get(2).get("parts").get(0).get("text").asString()).isEqualTo("And of Italy?");
		});
	}

	@Test
	void aChatSessionsStreamedAndAsynchronousMessagesAreSpans() {
		this.server.onPost(STREAM_PATH).sse("googlegenai/generate-content-stream.sse");
		this.server.onPost(GENERATE_PATH).json("googlegenai/generate-content-basic.json");
		contextRunner().run((context) -> {
			Client client = context.getBean(Client.class);
			Chat chat = client.chats.create(MODEL);
			try (ResponseStream<GenerateContentResponse> stream = chat.sendMessageStream("Hello")) {
				stream.forEach((chunk) -> {
				});
			}
			AsyncChat asyncChat = client.async.chats.create(MODEL);
			asyncChat.sendMessage("Hello").get(10, TimeUnit.SECONDS);
			List<SpanData> spans = llmSpans();
			assertThat(spans).hasSize(2);
			assertStreamSpan(spans.get(0));
			assertThat(spans.get(1).getAttributes().get(STREAM)).isFalse();
		});
	}

	// ---- embeddings ----

	@Test
	void embedContentIsAnEmbeddingsSpan() {
		this.server.onPost("/v1beta/models/" + EMBEDDING_MODEL + ":batchEmbedContents")
			.json("googlegenai/batch-embed-contents.json");
		contextRunner().run((context) -> {
			EmbedContentResponse response = context.getBean(Client.class).models.embedContent(EMBEDDING_MODEL,
					List.of("Paris", "Rome"), null);
			assertThat(response.embeddings().orElseThrow()).hasSize(2);
			SpanData span = onlySpan();
			assertThat(span.getName()).isEqualTo("embeddings " + EMBEDDING_MODEL);
			assertThat(span.getAttributes().get(PROVIDER)).isEqualTo("gcp.gemini");
			assertThat(json.readTree(span.getAttributes().get(SPAN_ATTRIBUTES)).get("name").asString())
				.isEqualTo("embed_content");
			JsonNode input = json.readTree(span.getAttributes().get(INPUT_JSON));
			assertThat(input).isEqualTo(json.readTree("{\"inputs\":[{\"content\":\"Paris\"},{\"content\":\"Rome\"}]}"));
			assertThat(json.readTree(span.getAttributes().get(OUTPUT_JSON))).as("a count, never a vector")
				.isEqualTo(json.readTree("{\"count\":2}"));
		});
	}

	@Test
	void withoutContentCaptureAnEmbeddingsSpanKeepsItsDimensionsAndTaskType() {
		this.server.onPost("/v1beta/models/" + EMBEDDING_MODEL + ":batchEmbedContents")
			.json("googlegenai/batch-embed-contents.json");
		contextRunner().withPropertyValues("braintrust.integrations.google-genai.capture-content=false")
			.run((context) -> {
				context.getBean(Client.class).models.embedContent(EMBEDDING_MODEL, List.of("Paris", "Rome"),
						EmbedContentConfig.builder().outputDimensionality(256).taskType("RETRIEVAL_DOCUMENT").build());
				SpanData span = onlySpan();
				assertThat(span.getAttributes().get(INPUT_JSON)).isNull();
				assertThat(span.getAttributes().get(AttributeKey.longKey("gen_ai.embeddings.dimension.count")))
					.isEqualTo(256L);
				JsonNode metadata = json.readTree(span.getAttributes().get(METADATA));
				assertThat(metadata.get("dimensions").asLong()).isEqualTo(256);
				assertThat(metadata.get("task_type").asString()).isEqualTo("RETRIEVAL_DOCUMENT");
				assertThat(span.getAttributes().get(OUTPUT_JSON)).isNull();
			});
	}

	// ---- Vertex AI ----

	@Test
	void aVertexAiClientsCallsAreVertexAiSpans() {
		this.server.onPost("/").json("googlegenai/generate-content-basic.json");
		Client vertex = Client.builder()
			.vertexAI(true)
			.apiKey("test-api-key")
			.httpOptions(HttpOptions.builder()
				.baseUrl(this.server.baseUrl())
				.retryOptions(HttpRetryOptions.builder().attempts(1).build())
				.build())
			.build();
		contextRunner().withBean("vertexClient", Client.class, () -> vertex).run((context) -> {
			GenerateContentResponse response = ((Client) context.getBean("vertexClient")).models.generateContent(MODEL,
					"What is the capital of France?", null);
			assertThat(response.text()).isEqualTo("The capital of France is Paris.");
			assertThat(this.server.takeRequest().path()).contains("/models/" + MODEL + ":generateContent");
			SpanData span = onlySpan();
			assertThat(span.getAttributes().get(PROVIDER)).isEqualTo("gcp.vertex_ai");
			assertThat(span.getAttributes().get(AttributeKey.stringKey("gen_ai.request.model"))).isEqualTo(MODEL);
			assertThat(json.readTree(span.getAttributes().get(METADATA)).get("provider").asString())
				.isEqualTo("vertex");
		});
	}

	// ---- helpers ----

	private List<SpanData> llmSpans() {
		return this.exporter.getFinishedSpanItems()
			.stream()
			.filter((span) -> span.getAttributes().get(PROVIDER) != null)
			.toList();
	}

	private SpanData onlySpan() {
		assertThat(this.exporter.getFinishedSpanItems()).hasSize(1);
		return this.exporter.getFinishedSpanItems().get(0);
	}

}
