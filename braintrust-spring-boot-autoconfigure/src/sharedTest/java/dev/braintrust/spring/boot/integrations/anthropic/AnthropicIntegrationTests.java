package dev.braintrust.spring.boot.integrations.anthropic;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.AnthropicClientAsync;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClientAsync;
import com.anthropic.core.JsonValue;
import com.anthropic.core.ObjectMappers;
import com.anthropic.core.http.AsyncStreamResponse;
import com.anthropic.core.http.HttpResponseFor;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.AnthropicIoException;
import com.anthropic.errors.AnthropicServiceException;
import com.anthropic.errors.BadRequestException;
import com.anthropic.errors.RateLimitException;
import com.anthropic.errors.SseException;
import com.anthropic.errors.UnauthorizedException;
import com.anthropic.models.beta.messages.BetaMessage;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.MessageParam;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolChoiceAny;
import com.anthropic.models.messages.ToolChoiceTool;
import com.anthropic.services.blocking.MessageService;
import dev.braintrust.spring.boot.autoconfigure.BraintrustAutoConfiguration;
import dev.braintrust.spring.boot.autoconfigure.BraintrustTracingAutoConfiguration;
import dev.braintrust.spring.boot.autoconfigure.integrations.AnthropicAutoConfiguration;
import dev.braintrust.spring.boot.integration.BraintrustInstrumented;
import dev.braintrust.spring.boot.integration.IntegrationInfo;
import dev.braintrust.spring.boot.integration.IntegrationRegistry;
import dev.braintrust.spring.boot.integration.IntegrationStatus;
import dev.braintrust.spring.boot.testsupport.MockLlmServer;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ContextConsumer;

import static dev.braintrust.spring.boot.testsupport.SpanContract.assertAttributeNames;
import static dev.braintrust.spring.boot.testsupport.SpanContract.assertSpanOrigin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The Anthropic integration against a real {@code AnthropicOkHttpClient} talking to a
 * local server that replays the API's payloads.
 */
class AnthropicIntegrationTests {

	private static final String MODEL = "claude-sonnet-4-5-20250929";

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final AttributeKey<String> OPERATION = AttributeKey.stringKey("gen_ai.operation.name");

	private static final AttributeKey<String> PROVIDER = AttributeKey.stringKey("gen_ai.provider.name");

	private static final AttributeKey<String> REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");

	private static final AttributeKey<Boolean> STREAM = AttributeKey.booleanKey("gen_ai.request.stream");

	private static final AttributeKey<Long> MAX_TOKENS = AttributeKey.longKey("gen_ai.request.max_tokens");

	private static final AttributeKey<Double> TEMPERATURE = AttributeKey.doubleKey("gen_ai.request.temperature");

	private static final AttributeKey<Double> TOP_P = AttributeKey.doubleKey("gen_ai.request.top_p");

	private static final AttributeKey<Double> TOP_K = AttributeKey.doubleKey("gen_ai.request.top_k");

	private static final AttributeKey<List<String>> STOP_SEQUENCES = AttributeKey
		.stringArrayKey("gen_ai.request.stop_sequences");

	private static final AttributeKey<String> RESPONSE_MODEL = AttributeKey.stringKey("gen_ai.response.model");

	private static final AttributeKey<String> RESPONSE_ID = AttributeKey.stringKey("gen_ai.response.id");

	private static final AttributeKey<List<String>> FINISH_REASONS = AttributeKey
		.stringArrayKey("gen_ai.response.finish_reasons");

	private static final AttributeKey<Long> INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");

	private static final AttributeKey<Long> OUTPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.output_tokens");

	private static final AttributeKey<Double> TIME_TO_FIRST_CHUNK = AttributeKey
		.doubleKey("gen_ai.response.time_to_first_chunk");

	private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

	private static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");

	private static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");

	private static final AttributeKey<String> SPAN_ATTRIBUTES = AttributeKey.stringKey("braintrust.span_attributes");

	private static final AttributeKey<String> INPUT_JSON = AttributeKey.stringKey("braintrust.input_json");

	private static final AttributeKey<String> OUTPUT_JSON = AttributeKey.stringKey("braintrust.output_json");

	private static final AttributeKey<String> METADATA = AttributeKey.stringKey("braintrust.metadata");

	private static final AttributeKey<String> METRICS = AttributeKey.stringKey("braintrust.metrics");

	private final InMemorySpanExporter exporter = InMemorySpanExporter.create();

	private final OpenTelemetrySdk openTelemetry = OpenTelemetrySdk.builder()
		.setTracerProvider(
				SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(this.exporter)).build())
		.build();

	private MockLlmServer server;

	@BeforeEach
	void startServer() {
		this.server = MockLlmServer.start();
	}

	@AfterEach
	void stop() {
		this.server.close();
		this.openTelemetry.close();
	}

	private ApplicationContextRunner contextRunner() {
		return contextRunner(Duration.ofSeconds(2));
	}

	private ApplicationContextRunner contextRunner(Duration timeout) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(BraintrustAutoConfiguration.class,
					BraintrustTracingAutoConfiguration.class, AnthropicAutoConfiguration.class))
			.withBean(OpenTelemetry.class, () -> this.openTelemetry)
			.withBean("anthropicClient", AnthropicClient.class,
					() -> AnthropicOkHttpClient.builder()
						.baseUrl(this.server.baseUrl())
						.apiKey("sk-ant-test-key")
						.maxRetries(0)
						.timeout(timeout)
						.build())
			.withBean("anthropicClientAsync", AnthropicClientAsync.class,
					() -> AnthropicOkHttpClientAsync.builder()
						.baseUrl(this.server.baseUrl())
						.apiKey("sk-ant-test-key")
						.maxRetries(0)
						.timeout(timeout)
						.build());
	}

	private void run(ContextConsumer<AssertableApplicationContext> test) {
		contextRunner().run(test);
	}

	// ---- basic calls ----

	@Test
	void messageWithSystemPromptAndParametersIsOneSpanFieldByField() {
		this.server.onPost("/v1/messages").json("anthropic/message-basic.json");
		run((context) -> {
			AnthropicClient client = context.getBean(AnthropicClient.class);
			Message message = client.messages()
				.create(MessageCreateParams.builder()
					.model(MODEL)
					.maxTokens(1024)
					.system("You are a helpful assistant")
					.addUserMessage("What is the capital of France?")
					// 3.x dropped the typed setters of the sampling parameters that newer
					// models reject; the API still takes them.
					.putAdditionalBodyProperty("temperature", JsonValue.from(0.7))
					.putAdditionalBodyProperty("top_p", JsonValue.from(0.9))
					.putAdditionalBodyProperty("top_k", JsonValue.from(40))
					.stopSequences(List.of("\n\nHuman:"))
					.build());
			assertThat(message.id()).isEqualTo("msg_01XFDUDYJgAACzvnptvVoYEL");
			assertThat(message.content().get(0).asText().text()).isEqualTo("The capital of France is Paris.");

			SpanData span = onlySpan();
			assertThat(span.getName()).isEqualTo("chat " + MODEL);
			assertThat(span.getKind()).isEqualTo(SpanKind.CLIENT);
			assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
			assertThat(span.getAttributes().get(OPERATION)).isEqualTo("chat");
			assertThat(span.getAttributes().get(PROVIDER)).isEqualTo("anthropic");
			assertThat(span.getAttributes().get(REQUEST_MODEL)).isEqualTo(MODEL);
			assertThat(span.getAttributes().get(MAX_TOKENS)).isEqualTo(1024L);
			assertThat(span.getAttributes().get(TEMPERATURE)).isEqualTo(0.7);
			assertThat(span.getAttributes().get(TOP_P)).isEqualTo(0.9);
			assertThat(span.getAttributes().get(TOP_K)).isEqualTo(40.0);
			assertThat(span.getAttributes().get(STOP_SEQUENCES)).containsExactly("\n\nHuman:");
			assertThat(span.getAttributes().get(RESPONSE_MODEL)).isEqualTo(MODEL);
			assertThat(span.getAttributes().get(RESPONSE_ID)).isEqualTo("msg_01XFDUDYJgAACzvnptvVoYEL");
			assertThat(span.getAttributes().get(FINISH_REASONS)).containsExactly("end_turn");
			assertThat(span.getAttributes().get(INPUT_TOKENS)).isEqualTo(21L);
			assertThat(span.getAttributes().get(OUTPUT_TOKENS)).isEqualTo(10L);
			assertThat(span.getAttributes().get(ERROR_TYPE)).isNull();
			assertThat(span.getAttributes().get(TIME_TO_FIRST_CHUNK)).isNull();
			if (clientsTellTheirBaseUrl()) {
				assertThat(span.getAttributes().get(SERVER_ADDRESS)).isEqualTo("127.0.0.1");
				assertThat(span.getAttributes().get(SERVER_PORT)).isEqualTo((long) this.server.port());
			}
			else {
				assertThat(span.getAttributes().get(SERVER_ADDRESS)).isNull();
			}
			assertThat(jsonAttribute(span, SPAN_ATTRIBUTES))
				.isEqualTo(parse("{\"type\":\"llm\",\"name\":\"anthropic.messages.create\"}"));
			assertThat(jsonAttribute(span, INPUT_JSON)).isEqualTo(parse("""
					[{"role":"user","content":"What is the capital of France?"},
					 {"role":"system","content":"You are a helpful assistant"}]"""));
			assertThat(jsonAttribute(span, OUTPUT_JSON)).isEqualTo(parse("""
					{"role":"assistant","content":[{"type":"text","text":"The capital of France is Paris."}],
					 "stop_reason":"end_turn"}"""));
			assertThat(jsonAttribute(span, METADATA)).isEqualTo(parse("""
					{"provider":"anthropic","model":"claude-sonnet-4-5-20250929","max_tokens":1024,
					 "temperature":0.7,"top_p":0.9,"top_k":40,"stop_sequences":["\\n\\nHuman:"]}"""));
			assertThat(jsonAttribute(span, METRICS)).isEqualTo(parse("""
					{"prompt_tokens":21,"completion_tokens":10,"tokens":31,"prompt_cached_tokens":0,
					 "prompt_cache_creation_5m_tokens":0,"prompt_cache_creation_1h_tokens":0}"""));
			assertSpanOrigin(span, "anthropic");
			List<String> names = new ArrayList<>(List.of("gen_ai.operation.name", "gen_ai.provider.name",
					"gen_ai.request.model", "gen_ai.request.max_tokens", "gen_ai.request.temperature",
					"gen_ai.request.top_p", "gen_ai.request.top_k", "gen_ai.request.stop_sequences",
					"gen_ai.request.stream", "gen_ai.response.model", "gen_ai.response.id",
					"gen_ai.response.finish_reasons", "gen_ai.usage.input_tokens", "gen_ai.usage.output_tokens",
					"gen_ai.usage.cache_read.input_tokens", "gen_ai.usage.cache_creation.input_tokens",
					"braintrust.span_attributes", "braintrust.context_json", "braintrust.input_json",
					"braintrust.output_json", "braintrust.metadata", "braintrust.metrics"));
			if (clientsTellTheirBaseUrl()) {
				names.addAll(List.of("server.address", "server.port"));
			}
			assertAttributeNames(span, names.toArray(String[]::new));
			assertThat(span.getAttributes().asMap().toString()).doesNotContain("sk-ant-test-key");
			// The request went out as the caller built it.
			JsonNode sent = parse(this.server.takeRequest().body());
			assertThat(sent.get("system").asString()).isEqualTo("You are a helpful assistant");
			assertThat(sent.has("stream")).isFalse();
		});
	}

	@Test
	void multiTurnConversationWithImageKeepsEveryMessageAndReplacesInlineImageData() {
		this.server.onPost("/v1/messages").json("anthropic/message-basic.json");
		run((context) -> {
			AnthropicClient client = context.getBean(AnthropicClient.class);
			client.messages()
				.create(MessageCreateParams.builder()
					.model(MODEL)
					.maxTokens(256)
					.addUserMessage("Hello, Claude")
					.addAssistantMessage("Hello! How can I help you today?")
					.addMessage(messageParam(
							"""
									{"role":"user","content":[
									  {"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw0KGgoAAAANSUhEUg=="}},
									  {"type":"image","source":{"type":"url","url":"https://example.com/paris.jpg"}},
									  {"type":"text","text":"Which city is this?"}]}"""))
					.build());
			assertThat(jsonAttribute(onlySpan(), INPUT_JSON)).isEqualTo(parse("""
					[{"role":"user","content":"Hello, Claude"},
					 {"role":"assistant","content":"Hello! How can I help you today?"},
					 {"role":"user","content":[
					   {"type":"image","text":"[image image/png, 24 base64 chars]"},
					   {"type":"image","source":{"type":"url","url":"https://example.com/paris.jpg"}},
					   {"type":"text","text":"Which city is this?"}]}]"""));
		});
	}

	@Test
	void toolChoiceIsRecordedInTheOpenAiValuesBraintrustExpects() {
		this.server.onPost("/v1/messages").json("anthropic/message-tool-use.json");
		run((context) -> {
			AnthropicClient client = context.getBean(AnthropicClient.class);
			client.messages()
				.create(MessageCreateParams.builder()
					.model(MODEL)
					.maxTokens(1024)
					.addTool(tool())
					.toolChoice(ToolChoiceTool.builder().name("get_weather").disableParallelToolUse(true).build())
					.addUserMessage("What's the weather like in Paris?")
					.build());
			client.messages()
				.create(MessageCreateParams.builder()
					.model(MODEL)
					.maxTokens(1024)
					.addTool(tool())
					.toolChoice(ToolChoiceAny.builder().build())
					.addUserMessage("What's the weather like in Paris?")
					.build());
			List<SpanData> spans = spans(2);
			JsonNode forced = jsonAttribute(spans.get(0), METADATA);
			assertThat(forced.get("tool_choice"))
				.isEqualTo(parse("{\"type\":\"function\",\"function\":{\"name\":\"get_weather\"}}"));
			assertThat(forced.get("parallel_tool_calls").asBoolean()).isFalse();
			JsonNode any = jsonAttribute(spans.get(1), METADATA);
			assertThat(any.get("tool_choice").asString()).isEqualTo("required");
			assertThat(any.has("parallel_tool_calls")).isFalse();
			// The request went out as the caller built it.
			assertThat(parse(this.server.takeRequest().body()).get("tool_choice").get("type").asString())
				.isEqualTo("tool");
		});
	}

	@Test
	void toolUseRoundTripBecomesToolCallsAndToolMessages() {
		this.server.onPost("/v1/messages").once().json("anthropic/message-tool-use.json");
		this.server.onPost("/v1/messages").once().json("anthropic/message-tool-result-answer.json");
		run((context) -> {
			AnthropicClient client = context.getBean(AnthropicClient.class);
			Tool weather = tool();
			Message first = client.messages()
				.create(MessageCreateParams.builder()
					.model(MODEL)
					.maxTokens(1024)
					.addTool(weather)
					.addUserMessage("What's the weather like in Paris?")
					.build());
			assertThat(first.stopReason().get().asString()).isEqualTo("tool_use");
			Message second = client.messages()
				.create(MessageCreateParams.builder()
					.model(MODEL)
					.maxTokens(1024)
					.addTool(weather)
					.addUserMessage("What's the weather like in Paris?")
					.addMessage(first)
					.addMessage(messageParam(
							"""
									{"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_01A09q90qw90lq917835lq9",
									  "content":"18°C, partly cloudy"}]}"""))
					.build());
			assertThat(second.stopReason().get().asString()).isEqualTo("end_turn");

			List<SpanData> spans = spans(2);
			SpanData call = spans.get(0);
			assertThat(call.getAttributes().get(FINISH_REASONS)).containsExactly("tool_use");
			assertThat(jsonAttribute(call, OUTPUT_JSON)).isEqualTo(parse("""
					{"role":"assistant","content":[
					   {"type":"text","text":"I'll check the current weather in Paris for you."},
					   {"type":"tool_use","id":"toolu_01A09q90qw90lq917835lq9","name":"get_weather",
					    "input":{"location":"Paris, France","unit":"celsius"}}],
					 "stop_reason":"tool_use"}"""));
			assertThat(jsonAttribute(call, METADATA).get("tools")).isEqualTo(
					parse("""
							[{"type":"function","function":{"name":"get_weather","description":"Get the current weather in a given location",
							  "parameters":{"type":"object","properties":{"location":{"type":"string","description":"The city and country"}},
							  "required":["location"]}}}]"""));
			SpanData answer = spans.get(1);
			assertThat(jsonAttribute(answer, INPUT_JSON)).isEqualTo(parse("""
					[{"role":"user","content":"What's the weather like in Paris?"},
					 {"role":"assistant","content":[
					   {"type":"text","text":"I'll check the current weather in Paris for you."},
					   {"type":"tool_use","id":"toolu_01A09q90qw90lq917835lq9","name":"get_weather",
					    "input":{"location":"Paris, France","unit":"celsius"}}]},
					 {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_01A09q90qw90lq917835lq9",
					   "content":"18°C, partly cloudy"}]}]"""));
			assertThat(outputText(answer)).isEqualTo("It is currently 18°C and partly cloudy in Paris.");
		});
	}

	@Test
	void promptCachingCountsCachedTokensInThePrompt() {
		this.server.onPost("/v1/messages").json("anthropic/message-prompt-caching.json");
		run((context) -> {
			context.getBean(AnthropicClient.class).messages().create(basicParams());
			SpanData span = onlySpan();
			// input_tokens (12) excludes cache reads (1800) and writes (2048).
			assertThat(span.getAttributes().get(INPUT_TOKENS)).isEqualTo(3860L);
			assertThat(span.getAttributes().get(OUTPUT_TOKENS)).isEqualTo(18L);
			assertThat(jsonAttribute(span, METRICS)).isEqualTo(parse("""
					{"prompt_tokens":3860,"completion_tokens":18,"tokens":3878,"prompt_cached_tokens":1800,
					 "prompt_cache_creation_5m_tokens":1536,"prompt_cache_creation_1h_tokens":512}"""));
			// The split replaces the aggregate in Braintrust's metrics; the GenAI
			// attribute keeps it.
			assertThat(span.getAttributes().get(AttributeKey.longKey("gen_ai.usage.cache_creation.input_tokens")))
				.isEqualTo(2048L);
		});
	}

	@Test
	void extendedThinkingIsKeptAsThinkingContentPartBeforeTheAnswer() {
		this.server.onPost("/v1/messages").json("anthropic/message-thinking.json");
		run((context) -> {
			context.getBean(AnthropicClient.class)
				.messages()
				.create(MessageCreateParams.builder()
					.model(MODEL)
					.maxTokens(2048)
					.enabledThinking(1024)
					.addUserMessage("What is 27 * 453?")
					.build());
			SpanData span = onlySpan();
			assertThat(jsonAttribute(span, OUTPUT_JSON)).isEqualTo(parse("""
					{"role":"assistant","content":[
					   {"type":"thinking","thinking":"27 * 453: 27 * 400 = 10800, 27 * 53 = 1431, total 12231."},
					   {"type":"text","text":"27 × 453 = 12,231."}],"stop_reason":"end_turn"}"""));
			assertThat(jsonAttribute(span, METADATA).get("thinking"))
				.isEqualTo(parse("{\"type\":\"enabled\",\"budget_tokens\":1024}"));
		});
	}

	// ---- streaming ----

	@Test
	void streamIsAggregatedIntoOneSpanWithTimeToFirstToken() {
		this.server.onPost("/v1/messages").sse("anthropic/stream-basic.sse");
		run((context) -> {
			List<RawMessageStreamEvent> events = new ArrayList<>();
			try (StreamResponse<RawMessageStreamEvent> stream = context.getBean(AnthropicClient.class)
				.messages()
				.createStreaming(basicParams())) {
				stream.stream().forEach(events::add);
			}
			// The SDK drops ping events.
			assertThat(events).hasSize(8);
			assertThat(events.get(0).isMessageStart()).isTrue();
			SpanData span = onlySpan();
			assertThat(span.getAttributes().get(STREAM)).isTrue();
			assertThat(span.getAttributes().get(RESPONSE_ID)).isEqualTo("msg_01StrEAmx7Rk3pQ2v9HwYzTb");
			assertThat(span.getAttributes().get(FINISH_REASONS)).containsExactly("end_turn");
			assertThat(span.getAttributes().get(INPUT_TOKENS)).isEqualTo(21L);
			assertThat(span.getAttributes().get(OUTPUT_TOKENS)).isEqualTo(10L);
			assertThat(span.getAttributes().get(TIME_TO_FIRST_CHUNK)).isNotNull().isPositive();
			assertThat(jsonAttribute(span, OUTPUT_JSON)).isEqualTo(parse("""
					{"role":"assistant","content":[{"type":"text","text":"The capital of France is Paris."}],
					 "stop_reason":"end_turn"}"""));
			JsonNode metrics = jsonAttribute(span, METRICS);
			assertThat(metrics.get("prompt_tokens").asLong()).isEqualTo(21);
			assertThat(metrics.get("completion_tokens").asLong()).isEqualTo(10);
			assertThat(metrics.get("time_to_first_token").asDouble()).isPositive();
			assertThat(jsonAttribute(span, METADATA).get("stream").asBoolean()).isTrue();
			assertThat(jsonAttribute(span, SPAN_ATTRIBUTES))
				.isEqualTo(parse("{\"type\":\"llm\",\"name\":\"anthropic.messages.stream\"}"));
			assertSpanOrigin(span, "anthropic");
			assertThat(parse(this.server.takeRequest().body()).get("stream").asBoolean()).isTrue();
		});
	}

	@Test
	void streamClosedEarlyEndsTheSpanOnceAsCancelledNotAsAnError() {
		this.server.onPost("/v1/messages").sse("anthropic/stream-basic.sse");
		run((context) -> {
			StreamResponse<RawMessageStreamEvent> stream = context.getBean(AnthropicClient.class)
				.messages()
				.createStreaming(basicParams());
			var iterator = stream.stream().iterator();
			// message_start, content_block_start, the first text delta
			for (int i = 0; i < 3; i++) {
				iterator.next();
			}
			stream.close();
			stream.close();
			SpanData span = onlySpan();
			assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
			assertThat(span.getAttributes().get(ERROR_TYPE)).isNull();
			assertThat(span.getEvents()).extracting(EventData::getName).contains("cancelled");
			assertThat(outputText(span)).isEqualTo("The capital");
		});
	}

	@Test
	void streamWithAHostileBlockIndexDeliversEveryEventAndTheSpanRecordsTheCut() {
		this.server.onPost("/v1/messages").sse("anthropic/stream-hostile-indices.sse");
		run((context) -> {
			List<RawMessageStreamEvent> events;
			try (StreamResponse<RawMessageStreamEvent> stream = context.getBean(AnthropicClient.class)
				.messages()
				.createStreaming(basicParams())) {
				events = stream.stream().toList();
			}
			assertThat(events).hasSize(8);
			SpanData span = onlySpan();
			assertThat(span.getEvents()).extracting(EventData::getName).containsExactly("output_truncated");
			assertThat(outputText(span)).isEqualTo("The capital of France is Paris.");
		});
	}

	@Test
	void closingOnlyTheJavaStreamEndsTheSpanAsCancelled() {
		this.server.onPost("/v1/messages").sse("anthropic/stream-basic.sse");
		run((context) -> {
			StreamResponse<RawMessageStreamEvent> response = context.getBean(AnthropicClient.class)
				.messages()
				.createStreaming(basicParams());
			// A try-with-resources on the Java stream, the response itself left open.
			try (Stream<RawMessageStreamEvent> events = response.stream()) {
				assertThat(events.limit(3).count()).isEqualTo(3);
			}
			SpanData span = onlySpan();
			assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
			assertThat(span.getEvents()).extracting(EventData::getName).contains("cancelled");
			assertThat(outputText(span)).isEqualTo("The capital");
		});
	}

	@Test
	void streamedToolUseBecomesToolCallWithConcatenatedArguments() {
		this.server.onPost("/v1/messages").sse("anthropic/stream-tool-use.sse");
		run((context) -> {
			try (StreamResponse<RawMessageStreamEvent> stream = context.getBean(AnthropicClient.class)
				.messages()
				.createStreaming(MessageCreateParams.builder()
					.model(MODEL)
					.maxTokens(1024)
					.addTool(tool())
					.addUserMessage("What's the weather like in Paris?")
					.build())) {
				stream.stream().count();
			}
			SpanData span = onlySpan();
			assertThat(jsonAttribute(span, OUTPUT_JSON)).isEqualTo(parse("""
					{"role":"assistant","content":[{"type":"text","text":"Let me check the weather."},
					  {"type":"tool_use","id":"toolu_01T1x1fJ34qAmk2tNTrN7Up6","name":"get_weather",
					   "input":{"location":"Paris, France"}}],"stop_reason":"tool_use"}"""));
			assertThat(span.getAttributes().get(INPUT_TOKENS)).isEqualTo(472L);
			assertThat(span.getAttributes().get(OUTPUT_TOKENS)).isEqualTo(89L);
		});
	}

	@Test
	void streamedToolUseCutOffBeforeItsInputRecordsEmptyObjectArguments() {
		this.server.onPost("/v1/messages").sse("anthropic/stream-tool-use-cut-off.sse");
		run((context) -> {
			try (StreamResponse<RawMessageStreamEvent> stream = context.getBean(AnthropicClient.class)
				.messages()
				.createStreaming(MessageCreateParams.builder()
					.model(MODEL)
					.maxTokens(1024)
					.addTool(tool())
					.addUserMessage("What's the weather like in Paris?")
					.build())) {
				stream.stream().count();
			}
			assertThat(jsonAttribute(onlySpan(), OUTPUT_JSON)).isEqualTo(parse("""
					{"role":"assistant","content":[{"type":"text","text":"Let me check the weather."},
					  {"type":"tool_use","id":"toolu_01T1x1fJ34qAmk2tNTrN7Up6","name":"get_weather","input":{}}]}"""));
		});
	}

	@Test
	void streamedThinkingIsAggregatedLikeAMessage() {
		this.server.onPost("/v1/messages").sse("anthropic/stream-thinking.sse");
		run((context) -> {
			try (StreamResponse<RawMessageStreamEvent> stream = context.getBean(AnthropicClient.class)
				.messages()
				.createStreaming(basicParams())) {
				// StreamResponse is Iterable only since 3.x.
				stream.stream().forEach((event) -> assertThat(event).isNotNull());
			}
			assertThat(jsonAttribute(onlySpan(), OUTPUT_JSON)).isEqualTo(parse("""
					{"role":"assistant","content":[
					   {"type":"thinking","thinking":"27 * 453: 27 * 400 = 10800, 27 * 53 = 1431, total 12231."},
					   {"type":"text","text":"27 × 453 = 12,231."}],"stop_reason":"end_turn"}"""));
		});
	}

	// ---- async ----

	@Test
	void asyncCreateIsTracedWhenTheFutureCompletes() {
		this.server.onPost("/v1/messages").json("anthropic/message-basic.json");
		run((context) -> {
			CompletableFuture<Message> future = context.getBean(AnthropicClientAsync.class)
				.messages()
				.create(basicParams());
			assertThat(future.get(5, TimeUnit.SECONDS).id()).isEqualTo("msg_01XFDUDYJgAACzvnptvVoYEL");
			SpanData span = onlySpan();
			assertThat(span.getAttributes().get(FINISH_REASONS)).containsExactly("end_turn");
			assertThat(outputText(span)).isEqualTo("The capital of France is Paris.");
		});
	}

	@Test
	void asyncStreamIsAggregatedBeforeTheSubscriberCompletes() {
		this.server.onPost("/v1/messages").sse("anthropic/stream-basic.sse");
		run((context) -> {
			List<RawMessageStreamEvent> events = new ArrayList<>();
			CountDownLatch completed = new CountDownLatch(1);
			List<Integer> spansAtCompletion = new ArrayList<>();
			AsyncStreamResponse<RawMessageStreamEvent> stream = context.getBean(AnthropicClientAsync.class)
				.messages()
				.createStreaming(basicParams());
			stream.subscribe(new AsyncStreamResponse.Handler<>() {

				@Override
				public void onNext(RawMessageStreamEvent event) {
					events.add(event);
				}

				@Override
				public void onComplete(Optional<Throwable> error) {
					spansAtCompletion.add(AnthropicIntegrationTests.this.exporter.getFinishedSpanItems().size());
					completed.countDown();
				}

			});
			assertThat(completed.await(5, TimeUnit.SECONDS)).isTrue();
			stream.onCompleteFuture().get(5, TimeUnit.SECONDS);
			// The SDK drops ping events.
			assertThat(events).hasSize(8);
			assertThat(spansAtCompletion).containsExactly(1);
			SpanData span = onlySpan();
			assertThat(span.getAttributes().get(STREAM)).isTrue();
			assertThat(span.getAttributes().get(TIME_TO_FIRST_CHUNK)).isPositive();
			assertThat(outputText(span)).isEqualTo("The capital of France is Paris.");
		});
	}

	@Test
	void asyncStreamRejectedByTheApiRecordsTheError() {
		this.server.onPost("/v1/messages").status(429).json("anthropic/error-rate-limit.json");
		run((context) -> {
			AsyncStreamResponse<RawMessageStreamEvent> stream = context.getBean(AnthropicClientAsync.class)
				.messages()
				.createStreaming(basicParams());
			Throwable failure = catchThrowable(() -> stream.onCompleteFuture().get(5, TimeUnit.SECONDS));
			assertThat(failure).isInstanceOf(ExecutionException.class);
			SpanData span = onlySpan();
			assertThat(span.getAttributes().get(ERROR_TYPE)).isEqualTo("rate_limit");
		});
	}

	@Test
	void errorEventMidStreamReachesTheCallerAndEndsTheSpanAsAnErrorWithWhatWasRead() {
		this.server.onPost("/v1/messages").sse("anthropic/stream-error-midway.sse");
		run((context) -> {
			List<RawMessageStreamEvent> events = new ArrayList<>();
			Throwable failure;
			try (StreamResponse<RawMessageStreamEvent> stream = context.getBean(AnthropicClient.class)
				.messages()
				.createStreaming(basicParams())) {
				failure = catchThrowable(() -> stream.stream().forEach(events::add));
			}
			assertThat(failure).isInstanceOf(SseException.class);
			assertThat(((SseException) failure).statusCode()).isEqualTo(200);
			assertThat(events).hasSize(4);
			SpanData span = onlySpan();
			assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
			assertThat(span.getAttributes().get(ERROR_TYPE)).isEqualTo("server_error");
			assertThat(span.getEvents()).extracting(EventData::getName).containsExactly("exception");
			assertThat(span.getAttributes().get(TIME_TO_FIRST_CHUNK)).isPositive();
			assertThat(outputText(span)).isEqualTo("The capital of France");
		});
	}

	@Test
	void errorEventMidAsyncStreamCompletesTheSubscriberWithTheErrorAfterTheSpanEnds() {
		this.server.onPost("/v1/messages").sse("anthropic/stream-error-midway.sse");
		run((context) -> {
			List<RawMessageStreamEvent> events = new ArrayList<>();
			List<Throwable> errors = new ArrayList<>();
			List<Integer> spansAtCompletion = new ArrayList<>();
			CountDownLatch completed = new CountDownLatch(1);
			AsyncStreamResponse<RawMessageStreamEvent> stream = context.getBean(AnthropicClientAsync.class)
				.messages()
				.createStreaming(basicParams());
			stream.subscribe(new AsyncStreamResponse.Handler<>() {

				@Override
				public void onNext(RawMessageStreamEvent event) {
					events.add(event);
				}

				@Override
				public void onComplete(Optional<Throwable> error) {
					error.ifPresent(errors::add);
					spansAtCompletion.add(AnthropicIntegrationTests.this.exporter.getFinishedSpanItems().size());
					completed.countDown();
				}

			});
			assertThat(completed.await(5, TimeUnit.SECONDS)).isTrue();
			assertThat(events).hasSize(4);
			assertThat(errors).singleElement().isInstanceOf(SseException.class);
			assertThat(spansAtCompletion).containsExactly(1);
			Throwable failure = catchThrowable(() -> stream.onCompleteFuture().get(5, TimeUnit.SECONDS));
			assertThat(failure).isInstanceOf(ExecutionException.class).cause().isSameAs(errors.get(0));
			SpanData span = onlySpan();
			assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
			assertThat(span.getAttributes().get(ERROR_TYPE)).isEqualTo("server_error");
			assertThat(outputText(span)).isEqualTo("The capital of France");
		});
	}

	// ---- errors ----

	@Test
	void rateLimitReachesTheCallerUnchangedAndIsClassified() {
		this.server.onPost("/v1/messages")
			.status(429)
			.header("retry-after", "20")
			.header("request-id", "req_011CSHoEeqs5C35K2UUqR7Fy")
			.json("anthropic/error-rate-limit.json");
		assertError(RateLimitException.class, "rate_limit", 429);
	}

	@Test
	void invalidApiKeyIsAnAuthenticationError() {
		this.server.onPost("/v1/messages").status(401).json("anthropic/error-authentication.json");
		assertError(UnauthorizedException.class, "authentication", 401);
	}

	@Test
	void overloadedIsAServerError() {
		this.server.onPost("/v1/messages").status(529).json("anthropic/error-overloaded.json");
		assertError(AnthropicServiceException.class, "server_error", 529);
	}

	@Test
	void promptTooLongIsAContextLengthError() {
		this.server.onPost("/v1/messages").status(400).json("anthropic/error-prompt-too-long.json");
		assertError(BadRequestException.class, "context_length_exceeded", 400);
	}

	@Test
	void timeoutIsClassifiedAsTimeout() {
		this.server.onPost("/v1/messages").delay(Duration.ofSeconds(5)).json("anthropic/message-basic.json");
		contextRunner(Duration.ofMillis(300)).run((context) -> {
			AnthropicClient client = context.getBean(AnthropicClient.class);
			assertThatExceptionOfType(AnthropicIoException.class)
				.isThrownBy(() -> client.messages().create(basicParams()));
			SpanData span = onlySpan();
			assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
			assertThat(span.getAttributes().get(ERROR_TYPE)).isEqualTo("timeout");
		});
	}

	private void assertError(Class<? extends AnthropicServiceException> type, String errorType, int status) {
		run((context) -> {
			AnthropicClient client = context.getBean(AnthropicClient.class);
			Throwable thrown = catchThrowable(() -> client.messages().create(basicParams()));
			assertThat(thrown).isInstanceOf(type);
			assertThat(((AnthropicServiceException) thrown).statusCode()).isEqualTo(status);
			SpanData span = onlySpan();
			assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
			assertThat(span.getAttributes().get(ERROR_TYPE)).isEqualTo(errorType);
			EventData exception = span.getEvents()
				.stream()
				.filter((event) -> event.getName().equals("exception"))
				.findFirst()
				.orElseThrow();
			assertThat(exception.getAttributes().get(AttributeKey.stringKey("exception.type")))
				.isEqualTo(thrown.getClass().getName());
			assertThat(exception.getAttributes().get(AttributeKey.stringKey("exception.message")))
				.isEqualTo(thrown.getMessage());
		});
	}

	// ---- service tree ----

	@Test
	void servicesAreWrappedOnceAndReusedAcrossCalls() {
		this.server.onPost("/v1/messages").json("anthropic/message-basic.json");
		run((context) -> {
			AnthropicClient client = context.getBean(AnthropicClient.class);
			MessageService first = client.messages();
			assertThat(first).isInstanceOf(BraintrustInstrumented.class);
			assertThat(client.messages()).isSameAs(first);
			first.create(basicParams());
			client.messages().create(basicParams());
			assertThat(this.exporter.getFinishedSpanItems()).hasSize(2);
		});
	}

	@Test
	void withOptionsClientIsTraced() {
		this.server.onPost("/v1/messages").json("anthropic/message-basic.json");
		run((context) -> {
			AnthropicClient client = context.getBean(AnthropicClient.class)
				.withOptions((options) -> options.maxRetries(0));
			assertThat(client).isInstanceOf(BraintrustInstrumented.class);
			client.messages().withOptions((options) -> options.maxRetries(0)).create(basicParams());
			assertThat(onlySpan().getAttributes().get(RESPONSE_ID)).isEqualTo("msg_01XFDUDYJgAACzvnptvVoYEL");
		});
	}

	@Test
	void rawResponseCallEndsWhenItsBodyIsParsed() {
		this.server.onPost("/v1/messages").header("request-id", "req_raw").json("anthropic/message-basic.json");
		run((context) -> {
			try (HttpResponseFor<Message> response = context.getBean(AnthropicClient.class)
				.withRawResponse()
				.messages()
				.create(basicParams())) {
				assertThat(response.statusCode()).isEqualTo(200);
				assertThat(response.headers().values("request-id")).containsExactly("req_raw");
				assertThat(this.exporter.getFinishedSpanItems()).isEmpty();
				assertThat(response.parse().id()).isEqualTo("msg_01XFDUDYJgAACzvnptvVoYEL");
				assertThat(response.parse().id()).isEqualTo("msg_01XFDUDYJgAACzvnptvVoYEL");
			}
			assertThat(onlySpan().getAttributes().get(FINISH_REASONS)).containsExactly("end_turn");
		});
	}

	@Test
	void rawStreamingResponseIsTraced() {
		this.server.onPost("/v1/messages").sse("anthropic/stream-basic.sse");
		run((context) -> {
			try (HttpResponseFor<StreamResponse<RawMessageStreamEvent>> response = context
				.getBean(AnthropicClient.class)
				.messages()
				.withRawResponse()
				.createStreaming(basicParams())) {
				try (StreamResponse<RawMessageStreamEvent> stream = response.parse()) {
					stream.stream().count();
				}
			}
			SpanData span = onlySpan();
			assertThat(span.getAttributes().get(STREAM)).isTrue();
			assertThat(span.getAttributes().get(OUTPUT_TOKENS)).isEqualTo(10L);
		});
	}

	@Test
	void betaMessagesAreTraced() {
		this.server.onPost("/v1/messages").json("anthropic/message-basic.json");
		run((context) -> {
			BetaMessage message = context.getBean(AnthropicClient.class)
				.beta()
				.messages()
				.create(com.anthropic.models.beta.messages.MessageCreateParams.builder()
					.model(MODEL)
					.maxTokens(1024)
					.system("You are a helpful assistant")
					.addUserMessage("What is the capital of France?")
					.build());
			assertThat(message.id()).isEqualTo("msg_01XFDUDYJgAACzvnptvVoYEL");
			SpanData span = onlySpan();
			assertThat(jsonAttribute(span, INPUT_JSON)).isEqualTo(parse("""
					[{"role":"user","content":"What is the capital of France?"},
					 {"role":"system","content":"You are a helpful assistant"}]"""));
			assertThat(span.getAttributes().get(INPUT_TOKENS)).isEqualTo(21L);
		});
	}

	@Test
	void asyncClientReachedFromTheSyncClientIsTraced() {
		this.server.onPost("/v1/messages").json("anthropic/message-basic.json");
		run((context) -> {
			context.getBean(AnthropicClient.class).async().messages().create(basicParams()).get(5, TimeUnit.SECONDS);
			assertThat(onlySpan().getAttributes().get(RESPONSE_ID)).isEqualTo("msg_01XFDUDYJgAACzvnptvVoYEL");
		});
	}

	@Test
	void otherServicesPassThroughUntraced() {
		this.server.on("POST", "/v1/messages/count_tokens").jsonBody("{\"input_tokens\":14}");
		run((context) -> {
			long tokens = context.getBean(AnthropicClient.class)
				.messages()
				.countTokens(com.anthropic.models.messages.MessageCountTokensParams.builder()
					.model(MODEL)
					.addUserMessage("Hello")
					.build())
				.inputTokens();
			assertThat(tokens).isEqualTo(14);
			assertThat(this.exporter.getFinishedSpanItems()).isEmpty();
		});
	}

	// ---- switches ----

	@Test
	void runtimeToggleOffTracesNothing() {
		this.server.onPost("/v1/messages").json("anthropic/message-basic.json");
		run((context) -> {
			IntegrationRegistry registry = context.getBean(IntegrationRegistry.class);
			AnthropicClient client = context.getBean(AnthropicClient.class);
			var messages = client.messages();
			registry.setEnabled("anthropic", false);
			assertThat(messages.create(basicParams()).id()).isEqualTo("msg_01XFDUDYJgAACzvnptvVoYEL");
			assertThat(client.messages().create(basicParams()).id()).isEqualTo("msg_01XFDUDYJgAACzvnptvVoYEL");
			assertThat(this.exporter.getFinishedSpanItems()).isEmpty();
			registry.setEnabled("anthropic", true);
			messages.create(basicParams());
			assertThat(this.exporter.getFinishedSpanItems()).hasSize(1);
		});
	}

	@Test
	void disabledIntegrationLeavesTheClientUnwrapped() {
		contextRunner().withPropertyValues("braintrust.integrations.anthropic.enabled=false").run((context) -> {
			AnthropicClient client = context.getBean(AnthropicClient.class);
			assertThat(AopUtils.isAopProxy(client)).isFalse();
			assertThat(client).isNotInstanceOf(BraintrustInstrumented.class);
			IntegrationInfo info = context.getBean(IntegrationRegistry.class).find("anthropic").orElseThrow();
			assertThat(info.status()).isEqualTo(IntegrationStatus.DISABLED);
		});
	}

	@Test
	void clientBeansAreWrappedAndReported() {
		run((context) -> {
			assertThat(AopUtils.isAopProxy(context.getBean(AnthropicClient.class))).isTrue();
			assertThat(AopUtils.isAopProxy(context.getBean(AnthropicClientAsync.class))).isTrue();
			IntegrationInfo info = context.getBean(IntegrationRegistry.class).find("anthropic").orElseThrow();
			assertThat(info.status()).isEqualTo(IntegrationStatus.ACTIVE);
			assertThat(info.compatible()).isTrue();
			assertThat(info.library().version()).startsWith(System.getProperty("anthropic-java.version", ""));
			assertThat(context).hasSingleBean(AnthropicErrorClassifier.class);
		});
	}

	@Test
	void withoutTheSdkTheIntegrationIsReportedNotAvailable() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(BraintrustAutoConfiguration.class,
					BraintrustTracingAutoConfiguration.class, AnthropicAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader(AnthropicClient.class))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(AnthropicErrorClassifier.class);
				IntegrationInfo info = context.getBean(IntegrationRegistry.class).find("anthropic").orElseThrow();
				assertThat(info.status()).isEqualTo(IntegrationStatus.NOT_AVAILABLE);
			});
	}

	// ---- helpers ----

	private static MessageCreateParams basicParams() {
		return MessageCreateParams.builder()
			.model(MODEL)
			.maxTokens(1024)
			.addUserMessage("What is the capital of France?")
			.build();
	}

	private static Tool tool() {
		return readSdk(
				"""
						{"name":"get_weather","description":"Get the current weather in a given location",
						 "input_schema":{"type":"object","properties":{"location":{"type":"string","description":"The city and country"}},
						 "required":["location"]}}""",
				Tool.class);
	}

	private static MessageParam messageParam(String wireJson) {
		return readSdk(wireJson, MessageParam.class);
	}

	// Through the SDK's own JSON mapping: its builders differ between 2.x and 3.x.
	private static <T> T readSdk(String wireJson, Class<T> type) {
		try {
			return ObjectMappers.jsonMapper().readValue(wireJson, type);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	// AnthropicClient.options() appeared in 3.x.
	private static boolean clientsTellTheirBaseUrl() {
		return Arrays.stream(AnthropicClient.class.getMethods())
			.anyMatch((method) -> method.getName().equals("options"));
	}

	private SpanData onlySpan() {
		return spans(1).get(0);
	}

	private List<SpanData> spans(int count) {
		List<SpanData> spans = this.exporter.getFinishedSpanItems();
		assertThat(spans).hasSize(count);
		return spans;
	}

	private static JsonNode jsonAttribute(SpanData span, AttributeKey<String> key) {
		String value = span.getAttributes().get(key);
		assertThat(value).as(key.getKey()).isNotNull();
		return parse(value);
	}

	private static JsonNode parse(String text) {
		return json.readTree(text);
	}

	// The text blocks of the message a span's output holds, joined.
	private static String outputText(SpanData span) {
		StringBuilder text = new StringBuilder();
		for (JsonNode block : jsonAttribute(span, OUTPUT_JSON).get("content")) {
			if ("text".equals(block.get("type").asString())) {
				text.append(block.get("text").asString());
			}
		}
		return text.toString();
	}

}
