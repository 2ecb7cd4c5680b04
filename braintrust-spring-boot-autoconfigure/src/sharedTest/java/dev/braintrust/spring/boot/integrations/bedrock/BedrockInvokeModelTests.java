package dev.braintrust.spring.boot.integrations.bedrock;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.braintrust.spring.boot.testsupport.MockLlmServer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelResponse;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelWithResponseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.PayloadPart;
import software.amazon.awssdk.services.bedrockruntime.model.ResponseStream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * InvokeModel and InvokeModelWithResponseStream of each model family whose body the
 * integration reads (Anthropic Messages, Amazon Nova and Titan, Meta Llama, Mistral's
 * text and chat formats, OpenAI's open-weight models, Cohere's chat and embeddings), and
 * of a family it does not read, through the real AWS SDK clients against a local server
 * replaying Bedrock's bodies and event-stream framing.
 */
class BedrockInvokeModelTests {

	private static final String CLAUDE = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final AttributeKey<String> OPERATION = AttributeKey.stringKey("gen_ai.operation.name");

	private static final AttributeKey<String> PROVIDER = AttributeKey.stringKey("gen_ai.provider.name");

	private static final AttributeKey<String> REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");

	private static final AttributeKey<String> RESPONSE_MODEL = AttributeKey.stringKey("gen_ai.response.model");

	private static final AttributeKey<String> RESPONSE_ID = AttributeKey.stringKey("gen_ai.response.id");

	private static final AttributeKey<Boolean> STREAM = AttributeKey.booleanKey("gen_ai.request.stream");

	private static final AttributeKey<Long> MAX_TOKENS = AttributeKey.longKey("gen_ai.request.max_tokens");

	private static final AttributeKey<Double> TEMPERATURE = AttributeKey.doubleKey("gen_ai.request.temperature");

	private static final AttributeKey<Double> TOP_P = AttributeKey.doubleKey("gen_ai.request.top_p");

	private static final AttributeKey<Double> TOP_K = AttributeKey.doubleKey("gen_ai.request.top_k");

	private static final AttributeKey<List<String>> STOP_SEQUENCES = AttributeKey
		.stringArrayKey("gen_ai.request.stop_sequences");

	private static final AttributeKey<List<String>> FINISH_REASONS = AttributeKey
		.stringArrayKey("gen_ai.response.finish_reasons");

	private static final AttributeKey<Long> INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");

	private static final AttributeKey<Long> OUTPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.output_tokens");

	private static final AttributeKey<Long> CACHE_READ = AttributeKey.longKey("gen_ai.usage.cache_read.input_tokens");

	private static final AttributeKey<Double> TIME_TO_FIRST_CHUNK = AttributeKey
		.doubleKey("gen_ai.response.time_to_first_chunk");

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

	// ---- Anthropic Messages ----

	@Test
	void anthropicBodyIsReadInAnthropicsShape() {
		this.server.onPost("/model/").json("bedrock/invoke-anthropic.json");
		contextRunner().run((context) -> {
			BedrockRuntimeClient client = context.getBean(BedrockRuntimeClient.class);
			String body = """
					{"anthropic_version":"bedrock-2023-05-31","max_tokens":300,"temperature":0.3,
					 "system":"You are a helpful assistant",
					 "messages":[{"role":"user","content":[{"type":"text","text":"What is the capital of France?"}]}],
					 "tools":[{"name":"get_weather","description":"The weather of a city",
					           "input_schema":{"type":"object"}}]}""";
			InvokeModelResponse response = client.invokeModel((request) -> request.modelId(CLAUDE)
				.contentType("application/json")
				.body(SdkBytes.fromUtf8String(body)));
			assertThat(response.body().asUtf8String()).contains("msg_bdrk_01RZ8dGrDCz6kB1C9RAk6TVP");
			assertThat(this.server.takeRequest().path()).isEqualTo("/model/" + CLAUDE + "/invoke");
			SpanData span = onlySpan();
			assertThat(span.getName()).isEqualTo("chat " + CLAUDE);
			assertThat(span.getAttributes().get(PROVIDER)).isEqualTo("aws.bedrock");
			assertThat(span.getAttributes().get(MAX_TOKENS)).isEqualTo(300L);
			assertThat(span.getAttributes().get(FINISH_REASONS)).containsExactly("end_turn");
			assertThat(span.getAttributes().get(INPUT_TOKENS)).isEqualTo(1521L);
			assertThat(span.getAttributes().get(CACHE_READ)).isEqualTo(1500L);
			assertThat(read(span, SPAN_ATTRIBUTES).get("name").asString()).isEqualTo("bedrock.invoke-model");
			String input = span.getAttributes().get(INPUT_JSON);
			assertThat(input).contains("What is the capital of France?").contains("You are a helpful assistant");
			assertThat(span.getAttributes().get(OUTPUT_JSON)).contains("The capital of France is Paris.");
			assertThat(span.getAttributes().get(METADATA)).contains("get_weather");
		});
	}

	@Test
	void anthropicStreamIsAggregated() throws Exception {
		this.server.onPost("/model/")
			.frames(BedrockEvents.CONTENT_TYPE, BedrockEvents.frames("bedrock/invoke-stream-anthropic.events"));
		contextRunner().run((context) -> {
			List<ResponseStream> received = stream(context.getBean(BedrockRuntimeAsyncClient.class), CLAUDE, """
					{"anthropic_version":"bedrock-2023-05-31","max_tokens":300,
					 "messages":[{"role":"user","content":"What is the capital of France?"}]}""");
			assertThat(received).hasSize(7);
			assertThat(this.server.takeRequest().path()).isEqualTo("/model/" + CLAUDE + "/invoke-with-response-stream");
			SpanData span = onlySpan();
			assertThat(span.getAttributes().get(STREAM)).isTrue();
			assertThat(span.getAttributes().get(TIME_TO_FIRST_CHUNK)).isNotNull().isPositive();
			assertThat(span.getAttributes().get(FINISH_REASONS)).containsExactly("end_turn");
			assertThat(span.getAttributes().get(INPUT_TOKENS)).isEqualTo(225L);
			assertThat(span.getAttributes().get(OUTPUT_TOKENS)).isEqualTo(9L);
			assertThat(span.getAttributes().get(CACHE_READ)).isEqualTo(200L);
			assertThat(read(span, SPAN_ATTRIBUTES).get("name").asString())
				.isEqualTo("bedrock.invoke-model-with-response-stream");
			assertThat(span.getAttributes().get(INPUT_JSON)).contains("What is the capital of France?");
			assertThat(span.getAttributes().get(OUTPUT_JSON)).contains("The capital of France is Paris.");
		});
	}

	// ---- Amazon Nova ----

	@Test
	void novaBodyIsReadInConversesShape() {
		this.server.onPost("/model/").json("bedrock/invoke-nova.json");
		contextRunner().run((context) -> {
			String model = "us.amazon.nova-pro-v1:0";
			invoke(context.getBean(BedrockRuntimeClient.class), model, """
					{"schemaVersion":"messages-v1",
					 "system":[{"text":"You are a weather assistant"}],
					 "messages":[
					   {"role":"user","content":[{"text":"What is the weather in Paris?"},
					     {"image":{"format":"png","source":{"bytes":"iVBORw0KGgo="}}}]}],
					 "inferenceConfig":{"maxTokens":300,"temperature":0.7,"topP":0.9,"topK":20,"stopSequences":["END"]},
					 "toolConfig":{"tools":[{"toolSpec":{"name":"get_weather","description":"The weather of a city",
					   "inputSchema":{"json":{"type":"object","properties":{"city":{"type":"string"}}}}}}]}}""");
			SpanData span = onlySpan();
			assertThat(span.getName()).isEqualTo("chat " + model);
			assertThat(span.getAttributes().get(MAX_TOKENS)).isEqualTo(300L);
			assertThat(span.getAttributes().get(TEMPERATURE)).isEqualTo(0.7);
			assertThat(span.getAttributes().get(TOP_P)).isEqualTo(0.9);
			assertThat(span.getAttributes().get(TOP_K)).isEqualTo(20.0);
			assertThat(span.getAttributes().get(STOP_SEQUENCES)).containsExactly("END");
			assertThat(span.getAttributes().get(FINISH_REASONS)).containsExactly("tool_use");
			// Bedrock's input tokens exclude the cache reads; the span's include them.
			assertThat(span.getAttributes().get(INPUT_TOKENS)).isEqualTo(1432L);
			assertThat(span.getAttributes().get(OUTPUT_TOKENS)).isEqualTo(37L);
			assertThat(span.getAttributes().get(CACHE_READ)).isEqualTo(1000L);
			JsonNode input = read(span, INPUT_JSON);
			assertThat(input.toString()).contains("You are a weather assistant")
				.contains("What is the weather in Paris?")
				.contains("[image: png, 8 bytes]")
				.doesNotContain("iVBORw0KGgo=");
			JsonNode output = read(span, OUTPUT_JSON);
			assertThat(output.toString()).contains("Let me check the weather in Paris.")
				.contains("tooluse_kZJMlvQmRJ6eAyJE5GIl7Q")
				.contains("get_weather");
			assertThat(read(span, METADATA).get("tools").toString()).contains("get_weather");
		});
	}

	@Test
	void novaStreamIsAggregatedWithItsToolCall() throws Exception {
		this.server.onPost("/model/")
			.frames(BedrockEvents.CONTENT_TYPE, BedrockEvents.frames("bedrock/invoke-stream-nova.events"));
		contextRunner().run((context) -> {
			List<ResponseStream> received = stream(context.getBean(BedrockRuntimeAsyncClient.class),
					"amazon.nova-lite-v1:0", """
							{"schemaVersion":"messages-v1",
							 "messages":[{"role":"user","content":[{"text":"What is the capital of France?"}]}],
							 "inferenceConfig":{"maxTokens":256}}""");
			assertThat(received).hasSize(10);
			SpanData span = onlySpan();
			assertThat(span.getAttributes().get(TIME_TO_FIRST_CHUNK)).isNotNull().isPositive();
			assertThat(span.getAttributes().get(FINISH_REASONS)).containsExactly("tool_use");
			assertThat(span.getAttributes().get(INPUT_TOKENS)).isEqualTo(412L);
			assertThat(span.getAttributes().get(OUTPUT_TOKENS)).isEqualTo(31L);
			String output = span.getAttributes().get(OUTPUT_JSON);
			assertThat(output).contains("The capital of France is Paris.")
				.contains("tooluse_Jr0cV1eXQd2aVZ1Gs3v8kw")
				.contains("get_weather")
				.contains("\"input\":{\"city\":\"Paris\"}");
		});
	}

	// ---- text prompts: Llama, Mistral, Titan ----

	@Test
	void llamaPromptAndGenerationAreTheUserAndAssistantMessages() {
		this.server.onPost("/model/").json("bedrock/invoke-llama.json");
		contextRunner().run((context) -> {
			String model = "meta.llama3-8b-instruct-v1:0";
			invoke(context.getBean(BedrockRuntimeClient.class), model,
					"""
							{"prompt":"<|begin_of_text|><|start_header_id|>user<|end_header_id|>What is the capital of France?<|eot_id|>",
							 "max_gen_len":128,"temperature":0.5,"top_p":0.9}""");
			SpanData span = onlySpan();
			assertThat(span.getAttributes().get(MAX_TOKENS)).isEqualTo(128L);
			assertThat(span.getAttributes().get(TEMPERATURE)).isEqualTo(0.5);
			assertThat(span.getAttributes().get(FINISH_REASONS)).containsExactly("stop");
			assertThat(span.getAttributes().get(INPUT_TOKENS)).isEqualTo(24L);
			assertThat(span.getAttributes().get(OUTPUT_TOKENS)).isEqualTo(8L);
			JsonNode input = read(span, INPUT_JSON);
			assertThat(input.get(0).get("role").asString()).isEqualTo("user");
			assertThat(input.get(0).get("content").asString()).contains("What is the capital of France?");
			JsonNode output = read(span, OUTPUT_JSON);
			assertThat(output.get(0).get("message").get("content").asString())
				.isEqualTo("The capital of France is Paris.");
			assertThat(output.get(0).get("finish_reason").asString()).isEqualTo("stop");
		});
	}

	@Test
	void llamaStreamTakesItsCountsFromTheInvocationMetrics() throws Exception {
		this.server.onPost("/model/")
			.frames(BedrockEvents.CONTENT_TYPE, BedrockEvents.frames("bedrock/invoke-stream-llama.events"));
		contextRunner().run((context) -> {
			List<ResponseStream> received = stream(context.getBean(BedrockRuntimeAsyncClient.class),
					"meta.llama3-8b-instruct-v1:0", "{\"prompt\":\"What is the capital of France?\"}");
			assertThat(received).hasSize(3);
			SpanData span = onlySpan();
			assertThat(span.getAttributes().get(TIME_TO_FIRST_CHUNK)).isNotNull().isPositive();
			assertThat(span.getAttributes().get(FINISH_REASONS)).containsExactly("stop");
			assertThat(span.getAttributes().get(INPUT_TOKENS)).isEqualTo(24L);
			assertThat(span.getAttributes().get(OUTPUT_TOKENS)).isEqualTo(8L);
			assertThat(read(span, OUTPUT_JSON).get(0).get("message").get("content").asString())
				.isEqualTo("The capital of France is Paris.");
		});
	}

	@Test
	void mistralTextCompletionTakesItsCountsFromTheResponseHeaders() throws Exception {
		this.server.onPost("/model/")
			.header(InvokeModelMapping.INPUT_TOKEN_COUNT, "21")
			.header(InvokeModelMapping.OUTPUT_TOKEN_COUNT, "9")
			.json("bedrock/invoke-mistral.json");
		contextRunner().run((context) -> {
			BedrockRuntimeAsyncClient client = context.getBean(BedrockRuntimeAsyncClient.class);
			client.invokeModel(
					(request) -> request.modelId("mistral.mistral-7b-instruct-v0:2").body(SdkBytes.fromUtf8String("""
							{"prompt":"<s>[INST] What is the capital of France? [/INST]",
							 "max_tokens":200,"top_k":50,"stop":["</s>"]}""")))
				.get(10, TimeUnit.SECONDS);
			SpanData span = onlySpan();
			assertThat(span.getAttributes().get(MAX_TOKENS)).isEqualTo(200L);
			assertThat(span.getAttributes().get(TOP_K)).isEqualTo(50.0);
			assertThat(span.getAttributes().get(STOP_SEQUENCES)).containsExactly("</s>");
			assertThat(span.getAttributes().get(FINISH_REASONS)).containsExactly("stop");
			assertThat(span.getAttributes().get(INPUT_TOKENS)).isEqualTo(21L);
			assertThat(span.getAttributes().get(OUTPUT_TOKENS)).isEqualTo(9L);
			assertThat(span.getAttributes().get(OUTPUT_JSON)).contains("The capital of France is Paris.");
		});
	}

	@Test
	void titanTextIsReadWithItsCounts() throws Exception {
		this.server.onPost("/model/").json("bedrock/invoke-titan.json");
		contextRunner().run((context) -> {
			BedrockRuntimeAsyncClient client = context.getBean(BedrockRuntimeAsyncClient.class);
			InvokeModelResponse response = client.invokeModel((request) -> request
				.modelId("amazon.titan-text-express-v1")
				.body(SdkBytes.fromUtf8String("""
						{"inputText":"What is the capital of France?",
						 "textGenerationConfig":{"maxTokenCount":512,"temperature":0.2,"stopSequences":["User:"]}}""")))
				.get(10, TimeUnit.SECONDS);
			assertThat(response.body().asUtf8String()).contains("Paris is the capital.");
			SpanData span = onlySpan();
			assertThat(span.getAttributes().get(REQUEST_MODEL)).isEqualTo("amazon.titan-text-express-v1");
			assertThat(span.getAttributes().get(MAX_TOKENS)).isEqualTo(512L);
			assertThat(span.getAttributes().get(STOP_SEQUENCES)).containsExactly("User:");
			assertThat(span.getAttributes().get(FINISH_REASONS)).containsExactly("FINISH");
			assertThat(span.getAttributes().get(INPUT_TOKENS)).isEqualTo(9L);
			assertThat(span.getAttributes().get(OUTPUT_TOKENS)).isEqualTo(7L);
			assertThat(span.getAttributes().get(INPUT_JSON)).contains("What is the capital of France?");
			assertThat(span.getAttributes().get(OUTPUT_JSON)).contains("Paris is the capital.");
			assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
		});
	}

	// ---- OpenAI's chat format: Mistral Large, gpt-oss ----

	@Test
	void mistralChatBodyIsReadWithItsToolCalls() {
		this.server.onPost("/model/").json("bedrock/invoke-mistral-chat.json");
		contextRunner().run((context) -> {
			invoke(context.getBean(BedrockRuntimeClient.class), "mistral.mistral-large-2407-v1:0", """
					{"messages":[{"role":"system","content":"You are a weather assistant"},
					             {"role":"user","content":"What is the weather in Paris?"}],
					 "max_tokens":512,"temperature":0.1,
					 "tools":[{"type":"function","function":{"name":"get_weather","description":"The weather of a city",
					   "parameters":{"type":"object","properties":{"city":{"type":"string"}}}}}],
					 "tool_choice":"auto"}""");
			SpanData span = onlySpan();
			assertThat(span.getAttributes().get(MAX_TOKENS)).isEqualTo(512L);
			assertThat(span.getAttributes().get(FINISH_REASONS)).containsExactly("tool_calls");
			JsonNode input = read(span, INPUT_JSON);
			assertThat(input.get(0).get("role").asString()).isEqualTo("system");
			assertThat(input.get(1).get("content").asString()).isEqualTo("What is the weather in Paris?");
			JsonNode toolCall = read(span, OUTPUT_JSON).get(0).get("message").get("tool_calls").get(0);
			assertThat(toolCall.get("id").asString()).isEqualTo("DdBTZ2Kco");
			assertThat(toolCall.get("function").get("name").asString()).isEqualTo("get_weather");
			assertThat(toolCall.get("function").get("arguments").asString()).isEqualTo("{\"city\": \"Paris\"}");
			assertThat(read(span, METADATA).get("tools").toString()).contains("get_weather");
		});
	}

	@Test
	void openAiFormatStreamIsAggregated() throws Exception {
		this.server.onPost("/model/")
			.frames(BedrockEvents.CONTENT_TYPE, BedrockEvents.frames("bedrock/invoke-stream-gpt-oss.events"));
		contextRunner().run((context) -> {
			stream(context.getBean(BedrockRuntimeAsyncClient.class), "openai.gpt-oss-20b-1:0",
					"""
							{"messages":[{"role":"user","content":"What is the capital of France?"}],"max_completion_tokens":100}""");
			SpanData span = onlySpan();
			assertThat(span.getAttributes().get(MAX_TOKENS)).isEqualTo(100L);
			assertThat(span.getAttributes().get(RESPONSE_ID)).isEqualTo("chatcmpl-7c0e1b2a");
			assertThat(span.getAttributes().get(RESPONSE_MODEL)).isEqualTo("openai.gpt-oss-20b-1:0");
			assertThat(span.getAttributes().get(FINISH_REASONS)).containsExactly("stop");
			assertThat(span.getAttributes().get(INPUT_TOKENS)).isEqualTo(77L);
			assertThat(span.getAttributes().get(OUTPUT_TOKENS)).isEqualTo(9L);
			assertThat(read(span, OUTPUT_JSON).get(0).get("message").get("content").asString())
				.isEqualTo("The capital of France is Paris.");
		});
	}

	// ---- Cohere ----

	@Test
	void cohereChatIsReadWithItsHistoryAndBilledUnits() {
		this.server.onPost("/model/").json("bedrock/invoke-cohere-chat.json");
		contextRunner().run((context) -> {
			invoke(context.getBean(BedrockRuntimeClient.class), "cohere.command-r-plus-v1:0",
					"""
							{"preamble":"You are a geography tutor",
							 "chat_history":[{"role":"USER","message":"Hello"},{"role":"CHATBOT","message":"Hi! Ask me anything."}],
							 "message":"What is the capital of France?","max_tokens":100,"p":0.75,"k":40}""");
			SpanData span = onlySpan();
			assertThat(span.getAttributes().get(TOP_P)).isEqualTo(0.75);
			assertThat(span.getAttributes().get(TOP_K)).isEqualTo(40.0);
			assertThat(span.getAttributes().get(RESPONSE_ID)).isEqualTo("8ad8f2b0-4c1c-4f3e-9a55-2b3c9a1d7e11");
			assertThat(span.getAttributes().get(FINISH_REASONS)).containsExactly("COMPLETE");
			assertThat(span.getAttributes().get(INPUT_TOKENS)).isEqualTo(48L);
			assertThat(span.getAttributes().get(OUTPUT_TOKENS)).isEqualTo(8L);
			JsonNode input = read(span, INPUT_JSON);
			assertThat(input).hasSize(4);
			assertThat(input.get(0).get("role").asString()).isEqualTo("system");
			assertThat(input.get(2).get("role").asString()).isEqualTo("assistant");
			assertThat(input.get(3).get("content").asString()).isEqualTo("What is the capital of France?");
			assertThat(read(span, OUTPUT_JSON).get(0).get("message").get("content").asString())
				.isEqualTo("The capital of France is Paris.");
		});
	}

	@Test
	void cohereStreamIsAggregated() throws Exception {
		this.server.onPost("/model/")
			.frames(BedrockEvents.CONTENT_TYPE, BedrockEvents.frames("bedrock/invoke-stream-cohere.events"));
		contextRunner().run((context) -> {
			List<ResponseStream> received = stream(context.getBean(BedrockRuntimeAsyncClient.class),
					"cohere.command-r-v1:0", "{\"message\":\"What is the capital of France?\"}");
			assertThat(received).hasSize(4);
			SpanData span = onlySpan();
			assertThat(span.getAttributes().get(TIME_TO_FIRST_CHUNK)).isNotNull().isPositive();
			assertThat(span.getAttributes().get(FINISH_REASONS)).containsExactly("COMPLETE");
			assertThat(span.getAttributes().get(INPUT_TOKENS)).isEqualTo(48L);
			assertThat(read(span, OUTPUT_JSON).get(0).get("message").get("content").asString())
				.isEqualTo("The capital of France is Paris.");
		});
	}

	// ---- embeddings ----

	@Test
	void titanEmbeddingsAreAnEmbeddingsSpanWithoutTheVector() {
		this.server.onPost("/model/").json("bedrock/invoke-titan-embed.json");
		contextRunner().run((context) -> {
			String model = "amazon.titan-embed-text-v2:0";
			invoke(context.getBean(BedrockRuntimeClient.class), model,
					"{\"inputText\":\"The capital of France is Paris.\",\"dimensions\":256}");
			SpanData span = onlySpan();
			assertThat(span.getName()).isEqualTo("embeddings " + model);
			assertThat(span.getAttributes().get(OPERATION)).isEqualTo("embeddings");
			assertThat(span.getAttributes().get(INPUT_TOKENS)).isEqualTo(7L);
			assertThat(read(span, INPUT_JSON).toString()).contains("The capital of France is Paris.");
			assertThat(read(span, OUTPUT_JSON).toString()).contains("\"count\":1").doesNotContain("0.0213");
		});
	}

	@Test
	void cohereEmbeddingsCountEveryInput() {
		this.server.onPost("/model/").json("bedrock/invoke-cohere-embed.json");
		contextRunner().run((context) -> {
			invoke(context.getBean(BedrockRuntimeClient.class), "cohere.embed-english-v3", """
					{"texts":["first document","second document"],"input_type":"search_document"}""");
			SpanData span = onlySpan();
			assertThat(span.getAttributes().get(OPERATION)).isEqualTo("embeddings");
			assertThat(read(span, INPUT_JSON).toString()).contains("first document").contains("second document");
			assertThat(read(span, OUTPUT_JSON).toString()).contains("\"count\":2");
		});
	}

	// ---- families not read ----

	@Test
	void aFamilyNotReadIsRecordedWithItsModelAndTheHeadersCounts() {
		this.server.onPost("/model/")
			.header(InvokeModelMapping.INPUT_TOKEN_COUNT, "12")
			.json("bedrock/invoke-stability.json");
		contextRunner().run((context) -> {
			String model = "stability.sd3-5-large-v1:0";
			InvokeModelResponse response = invoke(context.getBean(BedrockRuntimeClient.class), model,
					"{\"text_prompts\":[{\"text\":\"A lighthouse at dawn\"}],\"cfg_scale\":7}");
			assertThat(response.body().asUtf8String()).contains("SUCCESS");
			SpanData span = onlySpan();
			assertThat(span.getAttributes().get(REQUEST_MODEL)).isEqualTo(model);
			assertThat(span.getAttributes().get(INPUT_TOKENS)).isEqualTo(12L);
			assertThat(span.getAttributes().asMap().values().toString()).doesNotContain("lighthouse")
				.doesNotContain("iVBORw0KGgo");
			assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
		});
	}

	@Test
	void aStreamOfAFamilyNotReadDeliversEveryChunk() throws Exception {
		this.server.onPost("/model/")
			.frames(BedrockEvents.CONTENT_TYPE, BedrockEvents.frames("bedrock/invoke-stream-one-chunk.events"));
		contextRunner().run((context) -> {
			List<ResponseStream> received = stream(context.getBean(BedrockRuntimeAsyncClient.class),
					"twelvelabs.pegasus-1-2-v1:0",
					"{\"inputPrompt\":\"What is the capital of France?\",\"mediaSource\":{\"base64String\":\"AAAA\"}}");
			assertThat(received).hasSize(1);
			assertThat(((PayloadPart) received.get(0)).bytes().asUtf8String()).isEqualTo("{\"type\":\"message_stop\"}");
			SpanData span = onlySpan();
			assertThat(span.getAttributes().get(REQUEST_MODEL)).isEqualTo("twelvelabs.pegasus-1-2-v1:0");
			assertThat(span.getAttributes().asMap().values().toString()).doesNotContain("capital");
		});
	}

	@Test
	void withoutContentCaptureTheParametersAndCountsStay() {
		this.server.onPost("/model/").json("bedrock/invoke-llama.json");
		contextRunner().withPropertyValues("braintrust.trace.capture-content=false").run((context) -> {
			invoke(context.getBean(BedrockRuntimeClient.class), "meta.llama3-8b-instruct-v1:0",
					"{\"prompt\":\"What is the capital of France?\",\"max_gen_len\":128}");
			SpanData span = onlySpan();
			assertThat(span.getAttributes().get(INPUT_JSON)).isNull();
			assertThat(span.getAttributes().get(OUTPUT_JSON)).isNull();
			assertThat(span.getAttributes().get(MAX_TOKENS)).isEqualTo(128L);
			assertThat(read(span, METRICS).get("tokens").asLong()).isEqualTo(32L);
			assertThat(span.getAttributes().asMap().values().toString()).doesNotContain("capital");
		});
	}

	// ---- helpers ----

	private static InvokeModelResponse invoke(BedrockRuntimeClient client, String model, String body) {
		return client.invokeModel((request) -> request.modelId(model).body(SdkBytes.fromUtf8String(body)));
	}

	private static List<ResponseStream> stream(BedrockRuntimeAsyncClient client, String model, String body)
			throws Exception {
		List<ResponseStream> received = new CopyOnWriteArrayList<>();
		client
			.invokeModelWithResponseStream((request) -> request.modelId(model).body(SdkBytes.fromUtf8String(body)),
					InvokeModelWithResponseStreamResponseHandler.builder().subscriber(received::add).build())
			.get(10, TimeUnit.SECONDS);
		return received;
	}

	private SpanData onlySpan() {
		assertThat(this.exporter.getFinishedSpanItems()).hasSize(1);
		return this.exporter.getFinishedSpanItems().get(0);
	}

	private static JsonNode read(SpanData span, AttributeKey<String> key) {
		String value = span.getAttributes().get(key);
		assertThat(value).as(key.getKey()).isNotNull();
		return json.readTree(value);
	}

}
