package dev.braintrust.spring.boot.integrations.bedrock;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import dev.braintrust.spring.boot.autoconfigure.BraintrustAutoConfiguration;
import dev.braintrust.spring.boot.autoconfigure.BraintrustTracingAutoConfiguration;
import dev.braintrust.spring.boot.autoconfigure.integrations.BedrockAutoConfiguration;
import dev.braintrust.spring.boot.integration.BraintrustInstrumented;
import dev.braintrust.spring.boot.integration.IntegrationInfo;
import dev.braintrust.spring.boot.integration.IntegrationRegistry;
import dev.braintrust.spring.boot.integration.IntegrationStatus;
import dev.braintrust.spring.boot.testsupport.MockLlmServer;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.AccessDeniedException;
import software.amazon.awssdk.services.bedrockruntime.model.BedrockRuntimeException;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamOutput;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.ImageBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ImageFormat;
import software.amazon.awssdk.services.bedrockruntime.model.ImageSource;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelResponse;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelWithResponseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.PayloadPart;
import software.amazon.awssdk.services.bedrockruntime.model.ResponseStream;
import software.amazon.awssdk.services.bedrockruntime.model.SystemContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ThrottlingException;
import software.amazon.awssdk.services.bedrockruntime.model.TokenUsage;
import software.amazon.awssdk.services.bedrockruntime.model.Tool;
import software.amazon.awssdk.services.bedrockruntime.model.ToolInputSchema;
import software.amazon.awssdk.services.bedrockruntime.model.ToolResultBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ToolResultContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ToolSpecification;
import software.amazon.awssdk.services.bedrockruntime.model.ToolUseBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ValidationException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static dev.braintrust.spring.boot.testsupport.SpanContract.assertAttributeNames;
import static dev.braintrust.spring.boot.testsupport.SpanContract.assertSpanOrigin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The Bedrock integration against the real AWS SDK clients (blocking over the SDK's
 * default HTTP client, asynchronous over Netty) talking to a local server that replays
 * Bedrock Runtime's payloads, including ConverseStream's event-stream framing.
 */
class BedrockIntegrationTests {

	private static final String MODEL = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";

	private static final JsonMapper json = JsonMapper.builder().build();

	// Prompt-cache counts arrived in SDK versions after the oldest the integration
	// supports, which does not read them from the response.
	private static final boolean CACHE_COUNTS = TokenUsage.builder()
		.build()
		.sdkFields()
		.stream()
		.anyMatch((field) -> field.memberName().equalsIgnoreCase("cacheReadInputTokens"));

	private static final AttributeKey<String> PROVIDER = AttributeKey.stringKey("gen_ai.provider.name");

	private static final AttributeKey<String> REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");

	private static final AttributeKey<Boolean> STREAM = AttributeKey.booleanKey("gen_ai.request.stream");

	private static final AttributeKey<Long> MAX_TOKENS = AttributeKey.longKey("gen_ai.request.max_tokens");

	private static final AttributeKey<Double> TEMPERATURE = AttributeKey.doubleKey("gen_ai.request.temperature");

	private static final AttributeKey<Double> TOP_P = AttributeKey.doubleKey("gen_ai.request.top_p");

	private static final AttributeKey<List<String>> STOP_SEQUENCES = AttributeKey
		.stringArrayKey("gen_ai.request.stop_sequences");

	private static final AttributeKey<List<String>> FINISH_REASONS = AttributeKey
		.stringArrayKey("gen_ai.response.finish_reasons");

	private static final AttributeKey<Long> INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");

	private static final AttributeKey<Long> OUTPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.output_tokens");

	private static final AttributeKey<Long> CACHE_READ = AttributeKey.longKey("gen_ai.usage.cache_read.input_tokens");

	private static final AttributeKey<Long> CACHE_CREATION = AttributeKey
		.longKey("gen_ai.usage.cache_creation.input_tokens");

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

	private final MockLlmServer server = MockLlmServer.start();

	@AfterEach
	void stop() {
		this.server.close();
		this.openTelemetry.close();
	}

	private ApplicationContextRunner contextRunner() {
		return BedrockClients.contextRunner(this.server, this.openTelemetry);
	}

	// ---- Converse ----

	@Test
	void converseIsOneSpanFieldByField() {
		this.server.onPost("/model/").json("bedrock/converse-basic.json");
		contextRunner().run((context) -> {
			BedrockRuntimeClient client = context.getBean(BedrockRuntimeClient.class);
			ConverseResponse response = client.converse(basicRequest());
			assertThat(response.output().message().content().get(0).text())
				.isEqualTo("The capital of France is Paris.");
			MockLlmServer.RecordedRequest sent = this.server.takeRequest();
			assertThat(sent.path()).isEqualTo("/model/" + MODEL + "/converse");
			SpanData span = onlySpan();
			assertThat(span.getName()).isEqualTo("chat " + MODEL);
			assertThat(span.getAttributes().get(PROVIDER)).isEqualTo("aws.bedrock");
			assertThat(span.getAttributes().get(REQUEST_MODEL)).isEqualTo(MODEL);
			assertThat(span.getAttributes().get(MAX_TOKENS)).isEqualTo(512L);
			assertThat(span.getAttributes().get(TEMPERATURE)).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-6));
			assertThat(span.getAttributes().get(TOP_P)).isCloseTo(0.9, org.assertj.core.data.Offset.offset(1e-6));
			assertThat(span.getAttributes().get(STOP_SEQUENCES)).containsExactly("END");
			assertThat(span.getAttributes().get(FINISH_REASONS)).containsExactly("end_turn");
			// Bedrock's inputTokens exclude the cache: 14 + 100 read + 20 written.
			assertThat(span.getAttributes().get(INPUT_TOKENS)).isEqualTo(CACHE_COUNTS ? 134L : 14L);
			assertThat(span.getAttributes().get(OUTPUT_TOKENS)).isEqualTo(8L);
			assertThat(span.getAttributes().get(CACHE_READ)).isEqualTo(CACHE_COUNTS ? 100L : null);
			assertThat(span.getAttributes().get(CACHE_CREATION)).isEqualTo(CACHE_COUNTS ? 20L : null);
			assertThat(span.getAttributes().get(SERVER_ADDRESS)).isEqualTo("127.0.0.1");
			assertThat(span.getAttributes().get(SERVER_PORT)).isEqualTo((long) this.server.port());
			assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
			JsonNode attributes = json.readTree(span.getAttributes().get(SPAN_ATTRIBUTES));
			assertThat(attributes.get("name").asString()).isEqualTo("bedrock.converse");
			assertThat(attributes.get("type").asString()).isEqualTo("llm");
			JsonNode input = json.readTree(span.getAttributes().get(INPUT_JSON));
			assertThat(input.get(0).get("role").asString()).isEqualTo("system");
			assertThat(input.get(0).get("content").get(0).get("text").asString())
				.isEqualTo("You are a helpful assistant");
			assertThat(input.get(1).get("role").asString()).isEqualTo("user");
			assertThat(input.get(1).get("content").get(0).get("text").asString())
				.isEqualTo("What is the capital of France?");
			JsonNode output = json.readTree(span.getAttributes().get(OUTPUT_JSON));
			assertThat(output.get(0).get("role").asString()).isEqualTo("assistant");
			assertThat(output.get(0).get("content").get(0).get("text").asString())
				.isEqualTo("The capital of France is Paris.");
			JsonNode metadata = json.readTree(span.getAttributes().get(METADATA));
			assertThat(metadata.get("provider").asString()).isEqualTo("bedrock");
			assertThat(metadata.get("model").asString()).isEqualTo(MODEL);
			assertThat(metadata.get("max_tokens").asLong()).isEqualTo(512);
			JsonNode metrics = json.readTree(span.getAttributes().get(METRICS));
			assertThat(metrics.get("completion_tokens").asLong()).isEqualTo(8);
			// The provider's total is kept as it reported it.
			assertThat(metrics.get("tokens").asLong()).isEqualTo(142);
			assertSpanOrigin(span, "bedrock");
			if (CACHE_COUNTS) {
				assertThat(metrics.get("prompt_tokens").asLong()).isEqualTo(134);
				assertThat(metrics.get("prompt_cached_tokens").asLong()).isEqualTo(100);
				assertThat(metrics.get("prompt_cache_creation_tokens").asLong()).isEqualTo(20);
				assertAttributeNames(span, "gen_ai.operation.name", "gen_ai.provider.name", "gen_ai.request.model",
						"gen_ai.request.temperature", "gen_ai.request.max_tokens", "gen_ai.request.top_p",
						"gen_ai.request.stop_sequences", "gen_ai.request.stream", "gen_ai.response.finish_reasons",
						"gen_ai.usage.input_tokens", "gen_ai.usage.output_tokens",
						"gen_ai.usage.cache_read.input_tokens", "gen_ai.usage.cache_creation.input_tokens",
						"server.address", "server.port", "braintrust.span_attributes", "braintrust.context_json",
						"braintrust.input_json", "braintrust.output_json", "braintrust.metadata", "braintrust.metrics");
			}
		});
	}

	@Test
	void toolUseToolResultsAndImagesAreRecordedInConverseShape() {
		this.server.onPost("/model/").json("bedrock/converse-tool-use.json");
		contextRunner().run((context) -> {
			BedrockRuntimeClient client = context.getBean(BedrockRuntimeClient.class);
			ConverseResponse response = client
				.converse(
						ConverseRequest.builder()
							.modelId(MODEL)
							.messages(
									Message.builder()
										.role(ConversationRole.USER)
										.content(
												ContentBlock
													.fromText("What is in this picture, and what is the weather?"),
												ContentBlock.fromImage(ImageBlock.builder()
													.format(ImageFormat.PNG)
													.source(ImageSource
														.fromBytes(SdkBytes.fromByteArray(new byte[2048])))
													.build()))
										.build(),
									Message.builder()
										.role(ConversationRole.ASSISTANT)
										.content(ContentBlock.fromToolUse(ToolUseBlock.builder()
											.toolUseId("tooluse_1")
											.name("get_weather")
											.input(Document.mapBuilder().putString("city", "Paris").build())
											.build()))
										.build(),
									Message.builder()
										.role(ConversationRole.USER)
										.content(ContentBlock.fromToolResult(ToolResultBlock
											.builder()
											.toolUseId("tooluse_1")
											.content(ToolResultContentBlock.fromText("18 degrees, sunny"))
											.build()))
										.build())
							.toolConfig(
									(tools) -> tools.tools(Tool.fromToolSpec(ToolSpecification.builder()
										.name("get_weather")
										.description("The weather of a city")
										.inputSchema(ToolInputSchema.fromJson(Document.mapBuilder()
											.putString("type", "object")
											.putDocument("properties", Document.mapBuilder()
												.putDocument("city",
														Document.mapBuilder().putString("type", "string").build())
												.build())
											.build()))
										.build())))
							.build());
			assertThat(response.stopReasonAsString()).isEqualTo("tool_use");
			SpanData span = onlySpan();
			JsonNode input = json.readTree(span.getAttributes().get(INPUT_JSON));
			assertThat(input).hasSize(3);
			JsonNode image = input.get(0).get("content").get(1);
			assertThat(image.toString()).contains("[image: png, 2048 bytes]").doesNotContain("AAAA");
			JsonNode toolUse = input.get(1).get("content").get(0);
			assertThat(toolUse.get("type").asString()).isEqualTo("tool_use");
			assertThat(toolUse.get("toolUseId").asString()).isEqualTo("tooluse_1");
			assertThat(toolUse.get("input").get("city").asString()).isEqualTo("Paris");
			JsonNode toolResult = input.get(2).get("content").get(0);
			assertThat(toolResult.get("type").asString()).isEqualTo("tool_result");
			assertThat(toolResult.get("toolUseId").asString()).isEqualTo("tooluse_1");
			assertThat(toolResult.toString()).contains("18 degrees, sunny");
			JsonNode output = json.readTree(span.getAttributes().get(OUTPUT_JSON)).get(0).get("content");
			assertThat(output.get(0).get("text").asString()).isEqualTo("Let me check the weather.");
			assertThat(output.get(1).get("name").asString()).isEqualTo("get_weather");
			assertThat(output.get(1).get("input").get("unit").asString()).isEqualTo("celsius");
			assertThat(span.getAttributes().get(FINISH_REASONS)).containsExactly("tool_use");
			assertThat(span.getAttributes().get(INPUT_TOKENS)).isEqualTo(380L);
			assertThat(span.getAttributes().get(CACHE_READ)).isNull();
			JsonNode tools = json.readTree(span.getAttributes().get(METADATA)).get("tools");
			assertThat(tools.toString()).contains("get_weather").contains("The weather of a city");
		});
	}

	@Test
	void builderConsumerOverloadIsTracedOnce() {
		this.server.onPost("/model/").json("bedrock/converse-basic.json");
		contextRunner().run((context) -> {
			BedrockRuntimeClient client = context.getBean(BedrockRuntimeClient.class);
			ConverseResponse response = client.converse((request) -> request.modelId(MODEL)
				.messages(Message.builder().role(ConversationRole.USER).content(ContentBlock.fromText("Hi")).build()));
			assertThat(response.stopReasonAsString()).isEqualTo("end_turn");
			SpanData span = onlySpan();
			assertThat(span.getAttributes().get(REQUEST_MODEL)).isEqualTo(MODEL);
			assertThat(this.server.takeRequest().path()).isEqualTo("/model/" + MODEL + "/converse");
		});
	}

	@Test
	void asyncConverseCompletesAfterTheSpanEnded() throws Exception {
		this.server.onPost("/model/").json("bedrock/converse-basic.json");
		contextRunner().run((context) -> {
			BedrockRuntimeAsyncClient client = context.getBean(BedrockRuntimeAsyncClient.class);
			ConverseResponse response = client.converse(basicRequest()).get(10, TimeUnit.SECONDS);
			assertThat(response.stopReasonAsString()).isEqualTo("end_turn");
			SpanData span = onlySpan();
			assertThat(span.getAttributes().get(OUTPUT_TOKENS)).isEqualTo(8L);
			assertThat(span.getAttributes().get(STREAM)).isFalse();
		});
	}

	@Test
	void contentIsNotRecordedWhenCaptureIsOff() {
		this.server.onPost("/model/").json("bedrock/converse-basic.json");
		contextRunner().withPropertyValues("braintrust.integrations.bedrock.capture-content=false").run((context) -> {
			context.getBean(BedrockRuntimeClient.class).converse(basicRequest());
			SpanData span = onlySpan();
			assertThat(span.getAttributes().get(INPUT_JSON)).isNull();
			assertThat(span.getAttributes().get(OUTPUT_JSON)).isNull();
			assertThat(span.getAttributes().asMap().values().toString()).doesNotContain("Paris")
				.doesNotContain("capital of France");
			assertThat(span.getAttributes().get(OUTPUT_TOKENS)).isEqualTo(8L);
		});
	}

	// ---- ConverseStream ----

	@Test
	void converseStreamAggregatesTextWithTimeToFirstToken() throws Exception {
		this.server.onPost("/model/")
			.frames(BedrockEvents.CONTENT_TYPE, BedrockEvents.frames("bedrock/converse-stream-basic.events"));
		contextRunner().run((context) -> {
			BedrockRuntimeAsyncClient client = context.getBean(BedrockRuntimeAsyncClient.class);
			Collector collector = new Collector();
			client.converseStream(streamRequest(), collector.handler()).get(10, TimeUnit.SECONDS);
			assertThat(collector.events).hasSize(6);
			assertThat(collector.completed).isTrue();
			assertThat(this.server.takeRequest().path()).isEqualTo("/model/" + MODEL + "/converse-stream");
			SpanData span = onlySpan();
			assertThat(span.getAttributes().get(STREAM)).isTrue();
			assertThat(span.getAttributes().get(TIME_TO_FIRST_CHUNK)).isNotNull().isPositive();
			assertThat(span.getAttributes().get(FINISH_REASONS)).containsExactly("end_turn");
			assertThat(span.getAttributes().get(INPUT_TOKENS)).isEqualTo(14L);
			assertThat(span.getAttributes().get(OUTPUT_TOKENS)).isEqualTo(8L);
			JsonNode attributes = json.readTree(span.getAttributes().get(SPAN_ATTRIBUTES));
			assertThat(attributes.get("name").asString()).isEqualTo("bedrock.converse-stream");
			JsonNode output = json.readTree(span.getAttributes().get(OUTPUT_JSON));
			assertThat(output.get(0).get("content").get(0).get("text").asString())
				.isEqualTo("The capital of France is Paris.");
			assertSpanOrigin(span, "bedrock");
			assertAttributeNames(span, "gen_ai.operation.name", "gen_ai.provider.name", "gen_ai.request.model",
					"gen_ai.request.max_tokens", "gen_ai.request.stream", "gen_ai.response.finish_reasons",
					"gen_ai.response.time_to_first_chunk", "gen_ai.usage.input_tokens", "gen_ai.usage.output_tokens",
					"server.address", "server.port", "braintrust.span_attributes", "braintrust.context_json",
					"braintrust.input_json", "braintrust.output_json", "braintrust.metadata", "braintrust.metrics");
		});
	}

	@Test
	void converseStreamAggregatesToolUseDeltas() throws Exception {
		this.server.onPost("/model/")
			.frames(BedrockEvents.CONTENT_TYPE, BedrockEvents.frames("bedrock/converse-stream-tool-use.events"));
		contextRunner().run((context) -> {
			BedrockRuntimeAsyncClient client = context.getBean(BedrockRuntimeAsyncClient.class);
			Collector collector = new Collector();
			client
				.converseStream((request) -> request.modelId(MODEL).messages(userMessage("Weather in Paris?")),
						collector.handler())
				.get(10, TimeUnit.SECONDS);
			assertThat(collector.events).hasSize(9);
			SpanData span = onlySpan();
			assertThat(span.getAttributes().get(FINISH_REASONS)).containsExactly("tool_use");
			assertThat(span.getAttributes().get(INPUT_TOKENS)).isEqualTo(CACHE_COUNTS ? 430L : 380L);
			assertThat(span.getAttributes().get(CACHE_READ)).isEqualTo(CACHE_COUNTS ? 50L : null);
			JsonNode content = json.readTree(span.getAttributes().get(OUTPUT_JSON)).get(0).get("content");
			assertThat(content.get(0).get("text").asString()).isEqualTo("Checking.");
			assertThat(content.get(1).get("type").asString()).isEqualTo("tool_use");
			assertThat(content.get(1).get("toolUseId").asString()).isEqualTo("tooluse_abc123");
			assertThat(content.get(1).get("name").asString()).isEqualTo("get_weather");
			assertThat(content.get(1).get("input").get("city").asString()).isEqualTo("Paris");
		});
	}

	@Test
	void converseStreamFailingMidwayEndsTheSpanWithTheError() {
		this.server.onPost("/model/")
			.frames(BedrockEvents.CONTENT_TYPE, BedrockEvents.frames("bedrock/converse-stream-error-midway.events"));
		contextRunner().run((context) -> {
			BedrockRuntimeAsyncClient client = context.getBean(BedrockRuntimeAsyncClient.class);
			Collector collector = new Collector();
			CompletableFuture<Void> future = client.converseStream(streamRequest(), collector.handler());
			assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> future.get(10, TimeUnit.SECONDS))
				.withCauseInstanceOf(BedrockRuntimeException.class);
			// The SDK hands the handler the exception wrapped in a CompletionException
			// (a ModelStreamErrorException; older SDKs make it a
			// BedrockRuntimeException).
			assertThat(collector.failure.get())
				.satisfies((failure) -> assertThat((failure instanceof BedrockRuntimeException)
						|| (failure.getCause() instanceof BedrockRuntimeException))
					.isTrue());
			SpanData span = onlySpan();
			assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
			assertThat(span.getAttributes().get(ERROR_TYPE)).isEqualTo("server_error");
			JsonNode output = json.readTree(span.getAttributes().get(OUTPUT_JSON));
			assertThat(output.get(0).get("content").get(0).get("text").asString()).isEqualTo("The capital");
		});
	}

	@Test
	void converseStreamCancelledBySubscriberEndsTheSpanOnce() throws Exception {
		this.server.onPost("/model/")
			.frames(BedrockEvents.CONTENT_TYPE, BedrockEvents.frames("bedrock/converse-stream-basic.events"))
			.eventDelay(Duration.ofMillis(50));
		contextRunner().run((context) -> {
			BedrockRuntimeAsyncClient client = context.getBean(BedrockRuntimeAsyncClient.class);
			CountDownLatch cancelled = new CountDownLatch(1);
			List<ConverseStreamOutput> received = new CopyOnWriteArrayList<>();
			ConverseStreamResponseHandler handler = ConverseStreamResponseHandler.builder()
				.onEventStream((publisher) -> publisher.subscribe(new Subscriber<ConverseStreamOutput>() {

					private Subscription subscription;

					@Override
					public void onSubscribe(Subscription subscription) {
						this.subscription = subscription;
						subscription.request(1);
					}

					@Override
					public void onNext(ConverseStreamOutput event) {
						received.add(event);
						if (received.size() == 2) {
							this.subscription.cancel();
							cancelled.countDown();
						}
						else {
							this.subscription.request(1);
						}
					}

					@Override
					public void onError(Throwable error) {
					}

					@Override
					public void onComplete() {
					}

				}))
				.build();
			client.converseStream(streamRequest(), handler);
			assertThat(cancelled.await(10, TimeUnit.SECONDS)).isTrue();
			SpanData span = onlySpan();
			assertThat(span.getEvents()).anyMatch((event) -> event.getName().equals("cancelled"));
			assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
			JsonNode output = json.readTree(span.getAttributes().get(OUTPUT_JSON));
			assertThat(output.get(0).get("content").get(0).get("text").asString()).isEqualTo("The capital");
		});
	}

	// ---- errors ----

	@Test
	void throttlingIsARateLimitAndReachesTheCallerUnchanged() {
		this.server.onPost("/model/")
			.status(429)
			.header("x-amzn-ErrorType", "ThrottlingException")
			.json("bedrock/error-throttling.json");
		contextRunner().run((context) -> {
			BedrockRuntimeClient client = context.getBean(BedrockRuntimeClient.class);
			assertThatExceptionOfType(ThrottlingException.class).isThrownBy(() -> client.converse(basicRequest()))
				.withMessageContaining("Too many requests");
			SpanData span = onlySpan();
			assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
			assertThat(span.getAttributes().get(ERROR_TYPE)).isEqualTo("rate_limit");
		});
	}

	@Test
	void accessDeniedIsPermissionDenied() {
		this.server.onPost("/model/")
			.status(403)
			.header("x-amzn-ErrorType", "AccessDeniedException")
			.json("bedrock/error-access-denied.json");
		contextRunner().run((context) -> {
			BedrockRuntimeClient client = context.getBean(BedrockRuntimeClient.class);
			assertThatExceptionOfType(AccessDeniedException.class).isThrownBy(() -> client.converse(basicRequest()));
			assertThat(onlySpan().getAttributes().get(ERROR_TYPE)).isEqualTo("permission_denied");
		});
	}

	@Test
	void validationErrorsAreContextLengthExceededOrBadRequest() {
		this.server.onPost("/model/")
			.once()
			.status(400)
			.header("x-amzn-ErrorType", "ValidationException")
			.json("bedrock/error-input-too-long.json");
		this.server.onPost("/model/")
			.status(400)
			.header("x-amzn-ErrorType", "ValidationException")
			.json("bedrock/error-validation.json");
		contextRunner().run((context) -> {
			BedrockRuntimeAsyncClient client = context.getBean(BedrockRuntimeAsyncClient.class);
			assertThatExceptionOfType(ExecutionException.class)
				.isThrownBy(() -> client.converse(basicRequest()).get(10, TimeUnit.SECONDS))
				.withCauseInstanceOf(ValidationException.class);
			assertThatExceptionOfType(ExecutionException.class)
				.isThrownBy(() -> client.converse(basicRequest()).get(10, TimeUnit.SECONDS))
				.withCauseInstanceOf(ValidationException.class);
			List<SpanData> spans = this.exporter.getFinishedSpanItems();
			assertThat(spans).hasSize(2);
			assertThat(spans.get(0).getAttributes().get(ERROR_TYPE)).isEqualTo("context_length_exceeded");
			assertThat(spans.get(1).getAttributes().get(ERROR_TYPE)).isEqualTo("bad_request");
		});
	}

	// ---- what is not traced, switches, classpath ----

	@Test
	void integrationSwitchedOffAtRuntimePassesThrough() {
		this.server.onPost("/model/").json("bedrock/converse-basic.json");
		contextRunner().run((context) -> {
			IntegrationRegistry registry = context.getBean(IntegrationRegistry.class);
			BedrockRuntimeClient client = context.getBean(BedrockRuntimeClient.class);
			registry.setEnabled("bedrock", false);
			assertThat(client.converse(basicRequest()).stopReasonAsString()).isEqualTo("end_turn");
			assertThat(this.exporter.getFinishedSpanItems()).isEmpty();
			registry.setEnabled("bedrock", true);
			client.converse(basicRequest());
			assertThat(this.exporter.getFinishedSpanItems()).hasSize(1);
		});
	}

	@Test
	void disabledIntegrationLeavesTheClientsUnwrapped() {
		contextRunner().withPropertyValues("braintrust.integrations.bedrock.enabled=false").run((context) -> {
			assertThat(AopUtils.isAopProxy(context.getBean(BedrockRuntimeClient.class))).isFalse();
			assertThat(context.getBean(BedrockRuntimeAsyncClient.class)).isNotInstanceOf(BraintrustInstrumented.class);
			IntegrationInfo info = context.getBean(IntegrationRegistry.class).find("bedrock").orElseThrow();
			assertThat(info.status()).isEqualTo(IntegrationStatus.DISABLED);
		});
	}

	@Test
	void clientBeansKeepTheirTypeAndAreReported() {
		contextRunner().run((context) -> {
			assertThat(context.getBean("bedrockClient")).isInstanceOf(BedrockRuntimeClient.class);
			assertThat(context.getBean("bedrockAsyncClient")).isInstanceOf(BedrockRuntimeAsyncClient.class);
			assertThat(AopUtils.isAopProxy(context.getBean(BedrockRuntimeClient.class))).isTrue();
			assertThat(AopUtils.isAopProxy(context.getBean(BedrockRuntimeAsyncClient.class))).isTrue();
			IntegrationInfo info = context.getBean(IntegrationRegistry.class).find("bedrock").orElseThrow();
			assertThat(info.status()).isEqualTo(IntegrationStatus.ACTIVE);
			assertThat(info.compatible()).isTrue();
			assertThat(context).hasSingleBean(BedrockErrorClassifier.class);
		});
	}

	@Test
	void withoutTheSdkTheIntegrationIsReportedNotAvailable() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(BraintrustAutoConfiguration.class,
					BraintrustTracingAutoConfiguration.class, BedrockAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader(BedrockRuntimeClient.class))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(BedrockErrorClassifier.class);
				IntegrationInfo info = context.getBean(IntegrationRegistry.class).find("bedrock").orElseThrow();
				assertThat(info.status()).isEqualTo(IntegrationStatus.NOT_AVAILABLE);
			});
	}

	// ---- helpers ----

	private SpanData onlySpan() {
		assertThat(this.exporter.getFinishedSpanItems()).hasSize(1);
		return this.exporter.getFinishedSpanItems().get(0);
	}

	private static Message userMessage(String text) {
		return Message.builder().role(ConversationRole.USER).content(ContentBlock.fromText(text)).build();
	}

	private static ConverseRequest basicRequest() {
		return ConverseRequest.builder()
			.modelId(MODEL)
			.system(SystemContentBlock.fromText("You are a helpful assistant"))
			.messages(userMessage("What is the capital of France?"))
			.inferenceConfig((config) -> config.maxTokens(512).temperature(0.5f).topP(0.9f).stopSequences("END"))
			.build();
	}

	private static ConverseStreamRequest streamRequest() {
		return ConverseStreamRequest.builder()
			.modelId(MODEL)
			.messages(userMessage("What is the capital of France?"))
			.inferenceConfig((config) -> config.maxTokens(256))
			.build();
	}

	/** A caller's handler that collects what the SDK hands it. */
	static final class Collector {

		final List<ConverseStreamOutput> events = new CopyOnWriteArrayList<>();

		final AtomicReference<Throwable> failure = new AtomicReference<>();

		volatile boolean completed;

		ConverseStreamResponseHandler handler() {
			return ConverseStreamResponseHandler.builder()
				.subscriber(this.events::add)
				.onError(this.failure::set)
				.onComplete(() -> this.completed = true)
				.build();
		}

	}

}
