package dev.braintrust.spring.boot.integrations.openai;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import com.openai.client.OpenAIClient;
import com.openai.client.OpenAIClientAsync;
import com.openai.core.JsonValue;
import com.openai.core.http.AsyncStreamResponse;
import com.openai.core.http.StreamResponse;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import com.openai.models.chat.completions.StructuredChatCompletion;
import com.openai.models.chat.completions.StructuredChatCompletionCreateParams;
import dev.braintrust.spring.boot.integration.BraintrustInstrumented;
import dev.braintrust.spring.boot.testsupport.MockLlmServer;
import dev.braintrust.spring.boot.trace.LlmObservation;
import dev.braintrust.spring.boot.trace.LlmOperation;
import dev.braintrust.spring.boot.trace.LlmRequest;
import dev.braintrust.spring.boot.trace.LlmResponse;
import dev.braintrust.spring.boot.trace.LlmTracer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static dev.braintrust.spring.boot.integrations.openai.OpenAiTestSupport.jsonAttribute;
import static dev.braintrust.spring.boot.integrations.openai.OpenAiTestSupport.parse;
import static dev.braintrust.spring.boot.integrations.openai.OpenAiTestSupport.string;
import static dev.braintrust.spring.boot.testsupport.SpanContract.assertAttributeNames;
import static dev.braintrust.spring.boot.testsupport.SpanContract.assertSpanOrigin;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Chat completions through a real SDK client against a local server replaying OpenAI's
 * payloads: one span per call, field by field.
 */
class OpenAiChatCompletionsTests {

	private final MockLlmServer server = MockLlmServer.start();

	private final OpenAiTestSupport support = new OpenAiTestSupport();

	@AfterEach
	void close() {
		this.server.close();
		this.support.openTelemetry.close();
	}

	private static ChatCompletionCreateParams.Builder capitalOfFrance() {
		return ChatCompletionCreateParams.builder()
			.model("gpt-4o-mini")
			.addSystemMessage("You are a helpful assistant")
			.addUserMessage("What is the capital of France?");
	}

	@Test
	void chatCompletionBecomesOneClientSpanWithTheSpanContract() {
		this.server.onPost("/v1/chat/completions").json("openai/chat-basic.json");
		this.support.contextRunner(this.server.baseUrl() + "/v1").run((context) -> {
			OpenAIClient client = context.getBean(OpenAIClient.class);
			ChatCompletion completion = client.chat()
				.completions()
				.create(capitalOfFrance().temperature(0.7).maxCompletionTokens(64L).build());
			assertThat(completion.choices().get(0).message().content()).hasValue("The capital of France is Paris.");

			SpanData span = this.support.onlySpan();
			assertThat(span.getName()).isEqualTo("chat gpt-4o-mini");
			assertThat(span.getKind()).isEqualTo(SpanKind.CLIENT);
			assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
			Attributes attributes = span.getAttributes();
			assertThat(attributes.get(AttributeKey.stringKey("gen_ai.operation.name"))).isEqualTo("chat");
			assertThat(attributes.get(AttributeKey.stringKey("gen_ai.provider.name"))).isEqualTo("openai");
			assertThat(attributes.get(AttributeKey.stringKey("gen_ai.request.model"))).isEqualTo("gpt-4o-mini");
			assertThat(attributes.get(AttributeKey.doubleKey("gen_ai.request.temperature"))).isEqualTo(0.7);
			assertThat(attributes.get(AttributeKey.longKey("gen_ai.request.max_tokens"))).isEqualTo(64L);
			assertThat(attributes.get(AttributeKey.booleanKey("gen_ai.request.stream"))).isFalse();
			assertThat(attributes.get(AttributeKey.stringKey("gen_ai.response.model")))
				.isEqualTo("gpt-4o-mini-2024-07-18");
			assertThat(attributes.get(AttributeKey.stringKey("gen_ai.response.id")))
				.isEqualTo("chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT");
			assertThat(attributes.get(AttributeKey.stringArrayKey("gen_ai.response.finish_reasons")))
				.containsExactly("stop");
			assertThat(attributes.get(AttributeKey.longKey("gen_ai.usage.input_tokens"))).isEqualTo(23L);
			assertThat(attributes.get(AttributeKey.longKey("gen_ai.usage.output_tokens"))).isEqualTo(7L);
			assertThat(attributes.get(AttributeKey.stringKey("server.address"))).isEqualTo("127.0.0.1");
			assertThat(attributes.get(AttributeKey.longKey("server.port"))).isEqualTo(this.server.port());
			assertThat(attributes.get(AttributeKey.stringKey("error.type"))).isNull();
			assertThat(jsonAttribute(span, "braintrust.span_attributes"))
				.isEqualTo(parse("{\"type\":\"llm\",\"name\":\"Chat Completion\"}"));
			assertThat(jsonAttribute(span, "braintrust.input_json"))
				.isEqualTo(parse("[{\"role\":\"system\",\"content\":\"You are a helpful assistant\"},"
						+ "{\"role\":\"user\",\"content\":\"What is the capital of France?\"}]"));
			assertThat(jsonAttribute(span, "braintrust.output_json")).isEqualTo(parse("[{\"index\":0,\"message\":"
					+ "{\"role\":\"assistant\",\"content\":\"The capital of France is Paris.\"},\"finish_reason\":\"stop\"}]"));
			assertThat(jsonAttribute(span, "braintrust.metadata")).isEqualTo(parse(
					"{\"provider\":\"openai\",\"model\":\"gpt-4o-mini-2024-07-18\",\"max_completion_tokens\":64,\"temperature\":0.7}"));
			assertThat(jsonAttribute(span, "braintrust.metrics")).isEqualTo(parse(
					"{\"prompt_tokens\":23,\"completion_tokens\":7,\"tokens\":30,\"prompt_cached_tokens\":4,\"completion_reasoning_tokens\":0,"
							+ "\"prompt_audio_tokens\":0,\"completion_audio_tokens\":0}"));
			assertSpanOrigin(span, "openai");
			assertAttributeNames(span, "gen_ai.operation.name", "gen_ai.provider.name", "gen_ai.request.model",
					"gen_ai.request.temperature", "gen_ai.request.max_tokens", "gen_ai.request.stream",
					"gen_ai.response.model", "gen_ai.response.id", "gen_ai.response.finish_reasons",
					"gen_ai.usage.input_tokens", "gen_ai.usage.output_tokens", "gen_ai.usage.cache_read.input_tokens",
					"gen_ai.usage.reasoning.output_tokens", "server.address", "server.port",
					"braintrust.span_attributes", "braintrust.context_json", "braintrust.input_json",
					"braintrust.output_json", "braintrust.metadata", "braintrust.metrics");
			assertThat(this.server.takeRequest().header("authorization")).isEqualTo("Bearer sk-test-key");
			assertThat(span.getAttributes().asMap().values())
				.noneMatch((value) -> value.toString().contains("sk-test"));
		});
	}

	@Test
	void reasoningTokensOfTheCompletionDetailsAreRecorded() {
		this.server.onPost("/v1/chat/completions").json("openai/chat-reasoning.json");
		this.support.contextRunner(this.server.baseUrl() + "/v1").run((context) -> {
			context.getBean(OpenAIClient.class)
				.chat()
				.completions()
				.create(ChatCompletionCreateParams.builder()
					.model("o4-mini")
					.addDeveloperMessage("Answer in one sentence.")
					.addUserMessage("How do I sort people by last name?")
					.build());
			SpanData span = this.support.onlySpan();
			assertThat(jsonAttribute(span, "braintrust.input_json"))
				.isEqualTo(parse("[{\"role\":\"developer\",\"content\":\"Answer in one sentence.\"},"
						+ "{\"role\":\"user\",\"content\":\"How do I sort people by last name?\"}]"));
			assertThat(jsonAttribute(span, "braintrust.metrics")).isEqualTo(parse(
					"{\"prompt_tokens\":31,\"completion_tokens\":278,\"tokens\":309,\"prompt_cached_tokens\":0,\"completion_reasoning_tokens\":256,"
							+ "\"prompt_audio_tokens\":0,\"completion_audio_tokens\":0}"));
		});
	}

	// The structured create(...) is a default method of the SDK's interface that calls
	// the raw create(...) on the SDK's own service: one span, not two. The parameters are
	// built without the builder's JSON schema generation, whose victools 4.x dependency
	// the Spring AI BOM of this build replaces with 5.x.
	@Test
	void structuredOutputCallIsTracedOnce() {
		this.server.onPost("/v1/chat/completions").json("openai/chat-structured.json");
		this.support.contextRunner(this.server.baseUrl() + "/v1").run((context) -> {
			StructuredChatCompletion<Capital> completion = context.getBean(OpenAIClient.class)
				.chat()
				.completions()
				.create(new StructuredChatCompletionCreateParams<>(Capital.class, capitalOfFrance().build()));
			assertThat(completion.choices().get(0).message().content()).hasValue(new Capital("Paris", "France"));
			SpanData span = this.support.onlySpan();
			assertThat(span.getAttributes().get(AttributeKey.stringKey("gen_ai.response.id")))
				.isEqualTo("chatcmpl-structured1");
			assertThat(jsonAttribute(span, "braintrust.output_json").get(0).get("message").get("content").asText())
				.isEqualTo("{\"city\":\"Paris\",\"country\":\"France\"}");
		});
	}

	record Capital(String city, String country) {
	}

	@Test
	void everyChoiceIsRecordedWithItsFinishReason() {
		this.server.onPost("/v1/chat/completions").json("openai/chat-two-choices.json");
		this.support.contextRunner(this.server.baseUrl() + "/v1").run((context) -> {
			ChatCompletion completion = context.getBean(OpenAIClient.class)
				.chat()
				.completions()
				.create(ChatCompletionCreateParams.builder()
					.model("gpt-4o-mini")
					.addUserMessage("Capital of France?")
					.n(2L)
					.maxCompletionTokens(5L)
					.build());
			assertThat(completion.choices()).hasSize(2);
			SpanData span = this.support.onlySpan();
			assertThat(span.getAttributes().get(AttributeKey.longKey("gen_ai.request.choice.count"))).isEqualTo(2L);
			assertThat(span.getAttributes().get(AttributeKey.stringArrayKey("gen_ai.response.finish_reasons")))
				.containsExactly("stop", "length");
			assertThat(jsonAttribute(span, "braintrust.output_json")).isEqualTo(parse(
					"[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Paris.\"},\"finish_reason\":\"stop\"},"
							+ "{\"index\":1,\"message\":{\"role\":\"assistant\",\"content\":\"The capital of France is\"},"
							+ "\"finish_reason\":\"length\"}]"));
		});
	}

	@Test
	void toolCallsAndTheToolResultAreRecordedAcrossTwoTurns() {
		this.server.onPost("/v1/chat/completions").once().json("openai/chat-tool-calls.json");
		this.server.onPost("/v1/chat/completions").once().json("openai/chat-after-tool.json");
		this.support.contextRunner(this.server.baseUrl() + "/v1").run((context) -> {
			OpenAIClient client = context.getBean(OpenAIClient.class);
			FunctionDefinition weather = FunctionDefinition.builder()
				.name("get_current_weather")
				.description("Get the current weather in a given location")
				.parameters(FunctionParameters.builder()
					.putAdditionalProperty("type", JsonValue.from("object"))
					.putAdditionalProperty("properties", JsonValue.from(Map.of("location", Map.of("type", "string"))))
					.putAdditionalProperty("required", JsonValue.from(List.of("location")))
					.build())
				.build();
			ChatCompletionCreateParams first = ChatCompletionCreateParams.builder()
				.model("gpt-4o-mini")
				.addUserMessage("What's the weather like in Boston today?")
				.addFunctionTool(weather)
				.build();
			ChatCompletion toolCall = client.chat().completions().create(first);
			ChatCompletionCreateParams second = first.toBuilder()
				.addMessage(toolCall.choices().get(0).message())
				.addMessage(ChatCompletionToolMessageParam.builder()
					.toolCallId("call_abc123")
					.content("{\"temperature\":22,\"condition\":\"sunny\"}")
					.build())
				.build();
			ChatCompletion answer = client.chat().completions().create(second);
			assertThat(answer.choices().get(0).message().content()).hasValue("It is 22 degrees and sunny in Boston.");

			List<SpanData> spans = this.support.spans();
			assertThat(spans).hasSize(2);
			SpanData toolTurn = spans.get(0);
			assertThat(toolTurn.getAttributes().get(AttributeKey.stringArrayKey("gen_ai.response.finish_reasons")))
				.containsExactly("tool_calls");
			assertThat(jsonAttribute(toolTurn, "braintrust.output_json")).isEqualTo(parse(
					"[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_abc123\","
							+ "\"type\":\"function\",\"function\":{\"name\":\"get_current_weather\","
							+ "\"arguments\":\"{\\n\\\"location\\\": \\\"Boston, MA\\\"\\n}\"}}]},\"finish_reason\":\"tool_calls\"}]"));
			assertThat(jsonAttribute(toolTurn, "braintrust.metadata").get("tools")).isEqualTo(parse(
					"[{\"type\":\"function\",\"function\":{\"name\":\"get_current_weather\",\"description\":\"Get the current "
							+ "weather in a given location\",\"parameters\":{\"type\":\"object\",\"properties\":{\"location\":"
							+ "{\"type\":\"string\"}},\"required\":[\"location\"]}}}]"));
			SpanData answerTurn = spans.get(1);
			assertThat(jsonAttribute(answerTurn, "braintrust.input_json"))
				.isEqualTo(parse("[{\"role\":\"user\",\"content\":\"What's the weather like in Boston today?\"},"
						+ "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_abc123\",\"type\":\"function\","
						+ "\"function\":{\"name\":\"get_current_weather\",\"arguments\":\"{\\n\\\"location\\\": \\\"Boston, MA\\\"\\n}\"}}]},"
						+ "{\"role\":\"tool\",\"content\":\"{\\\"temperature\\\":22,\\\"condition\\\":\\\"sunny\\\"}\","
						+ "\"tool_call_id\":\"call_abc123\"}]"));
			assertThat(jsonAttribute(answerTurn, "braintrust.metrics").get("prompt_cached_tokens").asLong())
				.isEqualTo(64);
		});
	}

	@Test
	void streamedCompletionIsAggregatedWithTimeToFirstToken() {
		this.server.onPost("/v1/chat/completions").sse("openai/chat-stream.sse");
		this.support.contextRunner(this.server.baseUrl() + "/v1").run((context) -> {
			StringBuilder text = new StringBuilder();
			try (StreamResponse<ChatCompletionChunk> stream = context.getBean(OpenAIClient.class)
				.chat()
				.completions()
				.createStreaming(capitalOfFrance().build())) {
				stream.stream()
					.forEach((chunk) -> chunk.choices()
						.forEach((choice) -> choice.delta().content().ifPresent(text::append)));
			}
			assertThat(text).hasToString("The capital of France is Paris.");
			SpanData span = this.support.onlySpan();
			Attributes attributes = span.getAttributes();
			assertThat(attributes.get(AttributeKey.booleanKey("gen_ai.request.stream"))).isTrue();
			assertThat(attributes.get(AttributeKey.doubleKey("gen_ai.response.time_to_first_chunk"))).isPositive();
			assertThat(attributes.get(AttributeKey.stringKey("gen_ai.response.id")))
				.isEqualTo("chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG");
			assertThat(attributes.get(AttributeKey.stringArrayKey("gen_ai.response.finish_reasons")))
				.containsExactly("stop");
			assertThat(attributes.get(AttributeKey.longKey("gen_ai.usage.input_tokens"))).isNull();
			assertThat(jsonAttribute(span, "braintrust.output_json")).isEqualTo(parse("[{\"index\":0,\"message\":"
					+ "{\"role\":\"assistant\",\"content\":\"The capital of France is Paris.\"},\"finish_reason\":\"stop\"}]"));
			assertThat(jsonAttribute(span, "braintrust.metrics").get("time_to_first_token").asDouble()).isPositive();
			assertThat(jsonAttribute(span, "braintrust.metrics").has("prompt_tokens")).isFalse();
			assertThat(jsonAttribute(span, "braintrust.metadata").get("stream").asBoolean()).isTrue();
			assertThat(span.getEvents()).isEmpty();
		});
	}

	@Test
	void streamWithHostileIndicesDeliversEveryChunkAndTheSpanRecordsTheCut() {
		this.server.onPost("/v1/chat/completions").sse("openai/chat-stream-hostile-indices.sse");
		this.support.contextRunner(this.server.baseUrl() + "/v1").run((context) -> {
			List<ChatCompletionChunk> chunks;
			try (StreamResponse<ChatCompletionChunk> stream = context.getBean(OpenAIClient.class)
				.chat()
				.completions()
				.createStreaming(capitalOfFrance().build())) {
				chunks = stream.stream().toList();
			}
			// What the SDK delivers untraced: every chunk, whatever its indices.
			assertThat(chunks).hasSize(6);
			assertThat(chunks.get(2).choices().get(0).index()).isEqualTo(150_000_000);
			SpanData span = this.support.onlySpan();
			assertThat(span.getEvents()).extracting(EventData::getName).containsExactly("output_truncated");
			assertThat(jsonAttribute(span, "braintrust.output_json")).isEqualTo(parse("[{\"index\":0,\"message\":"
					+ "{\"role\":\"assistant\",\"content\":\"The capital of France is Paris.\"},\"finish_reason\":\"stop\"}]"));
		});
	}

	@Test
	void streamedCompletionTakesItsUsageFromTheFinalChunkWhenIncludeUsageIsSet() {
		this.server.onPost("/v1/chat/completions").sse("openai/chat-stream-usage.sse");
		this.support.contextRunner(this.server.baseUrl() + "/v1").run((context) -> {
			try (StreamResponse<ChatCompletionChunk> stream = context.getBean(OpenAIClient.class)
				.chat()
				.completions()
				.createStreaming(capitalOfFrance()
					.streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
					.build())) {
				assertThat(stream.stream().count()).isEqualTo(7);
			}
			SpanData span = this.support.onlySpan();
			assertThat(span.getAttributes().get(AttributeKey.longKey("gen_ai.usage.input_tokens"))).isEqualTo(23L);
			assertThat(span.getAttributes().get(AttributeKey.longKey("gen_ai.usage.output_tokens"))).isEqualTo(7L);
			assertThat(jsonAttribute(span, "braintrust.metrics").get("tokens").asLong()).isEqualTo(30);
			assertThat(jsonAttribute(span, "braintrust.metadata").get("stream_options"))
				.isEqualTo(parse("{\"include_usage\":true}"));
		});
	}

	@Test
	void streamedToolCallIsAggregatedFromItsArgumentDeltas() {
		this.server.onPost("/v1/chat/completions").sse("openai/chat-stream-tool-calls.sse");
		this.support.contextRunner(this.server.baseUrl() + "/v1").run((context) -> {
			try (StreamResponse<ChatCompletionChunk> stream = context.getBean(OpenAIClient.class)
				.chat()
				.completions()
				.createStreaming(capitalOfFrance().build())) {
				stream.stream().forEach((chunk) -> {
				});
			}
			assertThat(jsonAttribute(this.support.onlySpan(), "braintrust.output_json")).isEqualTo(
					parse("[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":"
							+ "\"call_DdmO9pD3xa9XTPNJ32zg2hcA\",\"type\":\"function\",\"function\":{\"name\":\"get_current_weather\","
							+ "\"arguments\":\"{\\\"location\\\": \\\"Boston, MA\\\"}\"}}]},\"finish_reason\":\"tool_calls\"}]"));
		});
	}

	@Test
	void streamClosedAfterFirstChunkEndsSpanOnceAsCancelledNotAsAnError() {
		this.server.onPost("/v1/chat/completions").sse("openai/chat-stream.sse");
		this.support.contextRunner(this.server.baseUrl() + "/v1").run((context) -> {
			StreamResponse<ChatCompletionChunk> stream = context.getBean(OpenAIClient.class)
				.chat()
				.completions()
				.createStreaming(capitalOfFrance().build());
			List<ChatCompletionChunk> read = new ArrayList<>();
			stream.stream().limit(2).forEach(read::add);
			assertThat(this.support.spans()).isEmpty();
			stream.close();
			stream.close();
			assertThat(read).hasSize(2);
			SpanData span = this.support.onlySpan();
			assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
			assertThat(span.getAttributes().get(AttributeKey.stringKey("error.type"))).isNull();
			assertThat(span.getEvents()).extracting((event) -> event.getName()).containsExactly("cancelled");
			assertThat(jsonAttribute(span, "braintrust.output_json")).isEqualTo(parse(
					"[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"The\"},\"finish_reason\":null}]"));
			assertThat(this.support.listener.finished).singleElement()
				.satisfies((call) -> assertThat(call.cancelled()).isTrue());
		});
	}

	@Test
	void streamClosedBeforeReadingEndsSpanOnceAsCancelled() {
		this.server.onPost("/v1/chat/completions").sse("openai/chat-stream.sse");
		this.support.contextRunner(this.server.baseUrl() + "/v1").run((context) -> {
			context.getBean(OpenAIClient.class).chat().completions().createStreaming(capitalOfFrance().build()).close();
			SpanData span = this.support.onlySpan();
			assertThat(span.getEvents()).extracting((event) -> event.getName()).containsExactly("cancelled");
		});
	}

	@Test
	void asyncCompletionIsTracedWhenItsFutureCompletes() {
		this.server.onPost("/v1/chat/completions").json("openai/chat-basic.json");
		this.support.contextRunner(this.server.baseUrl() + "/v1").run((context) -> {
			ChatCompletion completion = context.getBean(OpenAIClientAsync.class)
				.chat()
				.completions()
				.create(capitalOfFrance().build())
				.get(5, TimeUnit.SECONDS);
			assertThat(completion.id()).isEqualTo("chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT");
			SpanData span = this.support.onlySpan();
			assertThat(span.getName()).isEqualTo("chat gpt-4o-mini");
			assertThat(span.getAttributes().get(AttributeKey.longKey("gen_ai.usage.output_tokens"))).isEqualTo(7L);
			assertThat(jsonAttribute(span, "braintrust.output_json").get(0).get("message").get("content").asText())
				.isEqualTo("The capital of France is Paris.");
		});
	}

	@Test
	void asyncClientOfTheBlockingClientIsTracedToo() {
		this.server.onPost("/v1/chat/completions").json("openai/chat-basic.json");
		this.support.contextRunner(this.server.baseUrl() + "/v1").run((context) -> {
			OpenAIClientAsync async = context.getBean(OpenAIClient.class).async();
			assertThat(async).isInstanceOf(BraintrustInstrumented.class);
			async.chat().completions().create(capitalOfFrance().build()).join();
			assertThat(this.support.onlySpan().getName()).isEqualTo("chat gpt-4o-mini");
		});
	}

	@Test
	void asyncStreamIsTracedThroughItsHandler() {
		this.server.onPost("/v1/chat/completions").sse("openai/chat-stream-usage.sse");
		this.support.contextRunner(this.server.baseUrl() + "/v1").run((context) -> {
			StringBuilder text = new StringBuilder();
			AsyncStreamResponse<ChatCompletionChunk> stream = context.getBean(OpenAIClientAsync.class)
				.chat()
				.completions()
				.createStreaming(capitalOfFrance()
					.streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
					.build());
			stream.subscribe(
					(chunk) -> chunk.choices().forEach((choice) -> choice.delta().content().ifPresent(text::append)))
				.onCompleteFuture()
				.get(5, TimeUnit.SECONDS);
			assertThat(text).hasToString("The capital of France is Paris.");
			SpanData span = this.support.onlySpan();
			assertThat(span.getAttributes().get(AttributeKey.booleanKey("gen_ai.request.stream"))).isTrue();
			assertThat(span.getAttributes().get(AttributeKey.doubleKey("gen_ai.response.time_to_first_chunk")))
				.isPositive();
			assertThat(span.getAttributes().get(AttributeKey.longKey("gen_ai.usage.input_tokens"))).isEqualTo(23L);
			assertThat(jsonAttribute(span, "braintrust.output_json")).isEqualTo(parse("[{\"index\":0,\"message\":"
					+ "{\"role\":\"assistant\",\"content\":\"The capital of France is Paris.\"},\"finish_reason\":\"stop\"}]"));
		});
	}

	@Test
	void asyncStreamClosedByItsHandlerEndsSpanOnceAsCancelled() {
		this.server.onPost("/v1/chat/completions").sse("openai/chat-stream.sse");
		this.support.contextRunner(this.server.baseUrl() + "/v1").run((context) -> {
			AsyncStreamResponse<ChatCompletionChunk> stream = context.getBean(OpenAIClientAsync.class)
				.chat()
				.completions()
				.createStreaming(capitalOfFrance().build());
			List<ChatCompletionChunk> received = new CopyOnWriteArrayList<>();
			stream.subscribe((chunk) -> {
				received.add(chunk);
				if (received.size() == 2) {
					stream.close();
				}
			}).onCompleteFuture().get(5, TimeUnit.SECONDS);
			SpanData span = this.support.onlySpan();
			assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
			assertThat(span.getEvents()).extracting((event) -> event.getName()).containsExactly("cancelled");
			assertThat(jsonAttribute(span, "braintrust.output_json").get(0).get("message").get("content").asText())
				.isEqualTo("The");
		});
	}

	@Test
	void withOptionsReturnsATracedClientWithItsOwnServer() {
		this.server.onPost("/v1/chat/completions").json("openai/chat-basic.json");
		try (MockLlmServer other = MockLlmServer.start()) {
			other.onPost("/v1/chat/completions").json("openai/chat-basic.json");
			this.support.contextRunner(this.server.baseUrl() + "/v1").run((context) -> {
				OpenAIClient client = context.getBean(OpenAIClient.class)
					.withOptions((options) -> options.baseUrl(other.baseUrl() + "/v1"));
				client.chat().completions().create(capitalOfFrance().build());
				SpanData span = this.support.onlySpan();
				assertThat(span.getAttributes().get(AttributeKey.longKey("server.port"))).isEqualTo(other.port());
				assertThat(other.pendingRequests()).isOne();
				assertThat(this.server.pendingRequests()).isZero();
			});
		}
	}

	@Test
	void rawResponseCallIsTracedWithoutReadingTheBodyTheCallerReads() {
		this.server.onPost("/v1/chat/completions").json("openai/chat-basic.json");
		this.support.contextRunner(this.server.baseUrl() + "/v1").run((context) -> {
			try (var response = context.getBean(OpenAIClient.class)
				.withRawResponse()
				.chat()
				.completions()
				.create(capitalOfFrance().build())) {
				assertThat(response.statusCode()).isEqualTo(200);
				assertThat(new String(response.body().readAllBytes()))
					.contains("\"content\": \"The capital of France is Paris.\"");
			}
			SpanData span = this.support.onlySpan();
			assertThat(span.getName()).isEqualTo("chat gpt-4o-mini");
			assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
			assertThat(jsonAttribute(span, "braintrust.input_json").size()).isEqualTo(2);
			assertThat(string(span, "braintrust.output_json")).isNull();
		});
	}

	@Test
	void rawResponseOfAServiceParsesAsUntraced() {
		this.server.onPost("/v1/chat/completions").json("openai/chat-basic.json");
		this.support.contextRunner(this.server.baseUrl() + "/v1").run((context) -> {
			try (var response = context.getBean(OpenAIClient.class)
				.chat()
				.completions()
				.withRawResponse()
				.create(capitalOfFrance().build())) {
				assertThat(response.parse().choices().get(0).message().content())
					.hasValue("The capital of France is Paris.");
			}
			assertThat(this.support.onlySpan().getName()).isEqualTo("chat gpt-4o-mini");
		});
	}

	@Test
	void callInsideAnLlmSpanOfTheSameOperationAddsNoSecondSpan() {
		this.server.onPost("/v1/chat/completions").json("openai/chat-basic.json");
		this.support.contextRunner(this.server.baseUrl() + "/v1").run((context) -> {
			LlmTracer tracer = context.getBean(LlmTracer.class);
			LlmObservation outer = tracer
				.start(LlmRequest.builder("spring-ai", "openai", LlmOperation.CHAT).model("gpt-4o-mini").build());
			try (Scope scope = outer.makeCurrent()) {
				context.getBean(OpenAIClient.class).chat().completions().create(capitalOfFrance().build());
			}
			outer.end(LlmResponse.empty());
			SpanData span = this.support.onlySpan();
			assertThat(span.getAttributes().get(AttributeKey.stringKey("gen_ai.usage.input_tokens"))).isNull();
			assertThat(this.support.listener.finished).singleElement()
				.satisfies((call) -> assertThat(call.request().integration()).isEqualTo("spring-ai"));
		});
	}

	@Test
	void servicesOutsideTheTracedOperationsPassThroughUnwrapped() {
		this.support.contextRunner(this.server.baseUrl() + "/v1").run((context) -> {
			OpenAIClient client = context.getBean(OpenAIClient.class);
			assertThat(client.chat().completions()).isInstanceOf(BraintrustInstrumented.class);
			assertThat(client.responses()).isInstanceOf(BraintrustInstrumented.class);
			assertThat(client.embeddings()).isInstanceOf(BraintrustInstrumented.class);
			assertThat(client.withRawResponse().chat().completions()).isInstanceOf(BraintrustInstrumented.class);
			assertThat(client.models()).isNotInstanceOf(BraintrustInstrumented.class);
			assertThat(client.files()).isNotInstanceOf(BraintrustInstrumented.class);
			assertThat(client.chat().completions().messages()).isNotInstanceOf(BraintrustInstrumented.class);
		});
	}

}
