package dev.braintrust.spring.boot.integrations.openai;

import java.util.List;
import java.util.Map;

import com.openai.client.OpenAIClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.models.Reasoning;
import com.openai.models.ReasoningEffort;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStreamEvent;
import dev.braintrust.spring.boot.testsupport.MockLlmServer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static dev.braintrust.spring.boot.integrations.openai.OpenAiTestSupport.jsonAttribute;
import static dev.braintrust.spring.boot.integrations.openai.OpenAiTestSupport.parse;
import static dev.braintrust.spring.boot.testsupport.SpanContract.assertAttributeNames;
import static dev.braintrust.spring.boot.testsupport.SpanContract.assertSpanOrigin;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Responses API and embeddings through a real SDK client against a local server
 * replaying OpenAI's payloads.
 */
class OpenAiResponsesAndEmbeddingsTests {

	private final MockLlmServer server = MockLlmServer.start();

	private final OpenAiTestSupport support = new OpenAiTestSupport();

	@AfterEach
	void close() {
		this.server.close();
		this.support.openTelemetry.close();
	}

	@Test
	void responseIsRecordedInTheResponsesApisItemsWithReasoningAndCachedTokens() {
		this.server.onPost("/v1/responses").json("openai/responses-basic.json");
		this.support.contextRunner(this.server.baseUrl() + "/v1").run((context) -> {
			Response response = context.getBean(OpenAIClient.class)
				.responses()
				.create(ResponseCreateParams.builder()
					.model("o4-mini")
					.instructions("You are a concise assistant.")
					.input("What is the capital of France?")
					.maxOutputTokens(1024L)
					.reasoning(Reasoning.builder().effort(ReasoningEffort.LOW).build())
					.build());
			assertThat(response.id()).isEqualTo("resp_67ccd3a9da748190baa7f1570fe91ac604becb25c45c1d41");
			SpanData span = this.support.onlySpan();
			Attributes attributes = span.getAttributes();
			assertThat(span.getName()).isEqualTo("chat o4-mini");
			assertThat(attributes.get(AttributeKey.stringKey("gen_ai.operation.name"))).isEqualTo("chat");
			assertThat(attributes.get(AttributeKey.longKey("gen_ai.request.max_tokens"))).isEqualTo(1024L);
			assertThat(attributes.get(AttributeKey.stringKey("gen_ai.response.model"))).isEqualTo("o4-mini-2025-04-16");
			assertThat(attributes.get(AttributeKey.stringKey("gen_ai.response.id")))
				.isEqualTo("resp_67ccd3a9da748190baa7f1570fe91ac604becb25c45c1d41");
			assertThat(attributes.get(AttributeKey.stringArrayKey("gen_ai.response.finish_reasons")))
				.containsExactly("stop");
			assertThat(attributes.get(AttributeKey.longKey("gen_ai.usage.input_tokens"))).isEqualTo(36L);
			assertThat(attributes.get(AttributeKey.longKey("gen_ai.usage.output_tokens"))).isEqualTo(87L);
			assertThat(jsonAttribute(span, "braintrust.input_json"))
				.isEqualTo(parse("[{\"role\":\"system\",\"content\":\"You are a concise assistant.\"},"
						+ "{\"role\":\"user\",\"content\":\"What is the capital of France?\"}]"));
			assertThat(jsonAttribute(span, "braintrust.output_json")).isEqualTo(parse("[{\"type\":\"reasoning\","
					+ "\"summary\":[]},{\"type\":\"message\",\"role\":\"assistant\",\"status\":\"completed\","
					+ "\"content\":[{\"type\":\"output_text\",\"text\":\"Paris is the capital of France.\"}]}]"));
			assertThat(jsonAttribute(span, "braintrust.span_attributes"))
				.isEqualTo(parse("{\"type\":\"llm\",\"name\":\"openai.responses.create\"}"));
			assertThat(jsonAttribute(span, "braintrust.metadata")).isEqualTo(parse(
					"{\"provider\":\"openai\",\"model\":\"o4-mini-2025-04-16\",\"max_output_tokens\":1024,\"reasoning\":{\"effort\":\"low\"}}"));
			assertThat(jsonAttribute(span, "braintrust.metrics")).isEqualTo(parse(
					"{\"prompt_tokens\":36,\"completion_tokens\":87,\"tokens\":123,\"prompt_cached_tokens\":12,\"completion_reasoning_tokens\":64}"));
			assertSpanOrigin(span, "openai");
			assertAttributeNames(span, "gen_ai.operation.name", "gen_ai.provider.name", "gen_ai.request.model",
					"gen_ai.request.max_tokens", "gen_ai.request.stream", "gen_ai.response.model", "gen_ai.response.id",
					"gen_ai.response.finish_reasons", "gen_ai.usage.input_tokens", "gen_ai.usage.output_tokens",
					"gen_ai.usage.cache_read.input_tokens", "gen_ai.usage.reasoning.output_tokens", "server.address",
					"server.port", "braintrust.span_attributes", "braintrust.context_json", "braintrust.input_json",
					"braintrust.output_json", "braintrust.metadata", "braintrust.metrics");
		});
	}

	@Test
	void functionCallItemsAndTheirOutputsAreRecordedAsItems() {
		this.server.onPost("/v1/responses").json("openai/responses-function-call.json");
		this.support.contextRunner(this.server.baseUrl() + "/v1").run((context) -> {
			context.getBean(OpenAIClient.class)
				.responses()
				.create(ResponseCreateParams.builder()
					.model("gpt-4.1")
					.input(JsonValue.from(List.of(
							Map.of("role", "user", "content",
									List.of(Map.of("type", "input_text", "text", "Weather in Boston?"))),
							Map.of("type", "function_call", "call_id", "call_1", "name", "get_current_weather",
									"arguments", "{\"location\":\"Boston, MA\"}"),
							Map.of("type", "function_call_output", "call_id", "call_1", "output", "22C"))))
					.build());
			SpanData span = this.support.onlySpan();
			assertThat(jsonAttribute(span, "braintrust.input_json")).isEqualTo(parse(
					"[{\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"Weather in Boston?\"}]},"
							+ "{\"type\":\"function_call\",\"call_id\":\"call_1\",\"name\":\"get_current_weather\","
							+ "\"arguments\":\"{\\\"location\\\":\\\"Boston, MA\\\"}\"},"
							+ "{\"type\":\"function_call_output\",\"call_id\":\"call_1\",\"output\":\"22C\"}]"));
			assertThat(jsonAttribute(span, "braintrust.output_json"))
				.isEqualTo(parse("[{\"type\":\"function_call\",\"call_id\":\"call_unLAR8MvFNptuiZK6K6HCy5k\","
						+ "\"name\":\"get_current_weather\","
						+ "\"arguments\":\"{\\\"location\\\":\\\"Boston, MA\\\",\\\"unit\\\":\\\"celsius\\\"}\"}]"));
		});
	}

	@Test
	void streamedResponseIsAggregatedFromItsEvents() {
		this.server.onPost("/v1/responses").sse("openai/responses-stream.sse");
		this.support.contextRunner(this.server.baseUrl() + "/v1").run((context) -> {
			long events;
			try (StreamResponse<ResponseStreamEvent> stream = context.getBean(OpenAIClient.class)
				.responses()
				.createStreaming(ResponseCreateParams.builder()
					.model("o4-mini")
					.instructions("You are a helpful assistant.")
					.input("Hello!")
					.build())) {
				events = stream.stream().count();
			}
			assertThat(events).isEqualTo(13);
			SpanData span = this.support.onlySpan();
			Attributes attributes = span.getAttributes();
			assertThat(attributes.get(AttributeKey.booleanKey("gen_ai.request.stream"))).isTrue();
			assertThat(attributes.get(AttributeKey.doubleKey("gen_ai.response.time_to_first_chunk"))).isPositive();
			assertThat(attributes.get(AttributeKey.stringKey("gen_ai.response.id")))
				.isEqualTo("resp_67c9fdcecf488190bdd9a0409de3a1ec07b8b0ad4e5eb654");
			assertThat(attributes.get(AttributeKey.stringKey("gen_ai.response.model"))).isEqualTo("o4-mini-2025-04-16");
			assertThat(jsonAttribute(span, "braintrust.output_json")).isEqualTo(parse("[{\"type\":\"message\","
					+ "\"role\":\"assistant\",\"status\":\"completed\",\"content\":[{\"type\":\"output_text\","
					+ "\"text\":\"Hi there! How can I help?\"}]}]"));
			assertThat(jsonAttribute(span, "braintrust.metrics").get("completion_reasoning_tokens").asLong())
				.isEqualTo(64);
			assertThat(jsonAttribute(span, "braintrust.metrics").get("prompt_tokens").asLong()).isEqualTo(37);
			assertThat(jsonAttribute(span, "braintrust.metrics").get("time_to_first_token").asDouble()).isPositive();
		});
	}

	@Test
	void embeddingsAreRecordedWithTheirInputsAndAVectorSummary() {
		this.server.onPost("/v1/embeddings").json("openai/embeddings.json");
		this.support.contextRunner(this.server.baseUrl() + "/v1").run((context) -> {
			CreateEmbeddingResponse response = context.getBean(OpenAIClient.class)
				.embeddings()
				.create(EmbeddingCreateParams.builder()
					.model("text-embedding-3-small")
					.inputOfArrayOfStrings(List.of("The food was delicious", "The waiter was friendly"))
					.dimensions(4L)
					.build());
			assertThat(response.data()).hasSize(2);
			SpanData span = this.support.onlySpan();
			Attributes attributes = span.getAttributes();
			assertThat(span.getName()).isEqualTo("embeddings text-embedding-3-small");
			assertThat(attributes.get(AttributeKey.stringKey("gen_ai.operation.name"))).isEqualTo("embeddings");
			assertThat(attributes.get(AttributeKey.longKey("gen_ai.embeddings.dimension.count"))).isEqualTo(4L);
			assertThat(attributes.get(AttributeKey.longKey("gen_ai.usage.input_tokens"))).isEqualTo(8L);
			assertThat(attributes.get(AttributeKey.stringKey("gen_ai.response.model")))
				.isEqualTo("text-embedding-3-small");
			assertThat(jsonAttribute(span, "braintrust.input_json"))
				.isEqualTo(parse("{\"inputs\":[{\"content\":\"The food was delicious\"},"
						+ "{\"content\":\"The waiter was friendly\"}],\"output_dimensions\":4}"));
			assertThat(jsonAttribute(span, "braintrust.output_json")).as("a count, never a vector")
				.isEqualTo(parse("{\"count\":2}"));
			assertThat(jsonAttribute(span, "braintrust.span_attributes"))
				.isEqualTo(parse("{\"type\":\"llm\",\"name\":\"Embedding\"}"));
			assertThat(jsonAttribute(span, "braintrust.metrics"))
				.isEqualTo(parse("{\"prompt_tokens\":8,\"tokens\":8}"));
			assertSpanOrigin(span, "openai");
			assertAttributeNames(span, "gen_ai.operation.name", "gen_ai.provider.name", "gen_ai.request.model",
					"gen_ai.embeddings.dimension.count", "gen_ai.request.encoding_formats", "gen_ai.request.stream",
					"gen_ai.response.model", "gen_ai.usage.input_tokens", "server.address", "server.port",
					"braintrust.span_attributes", "braintrust.context_json", "braintrust.input_json",
					"braintrust.output_json", "braintrust.metadata", "braintrust.metrics");
		});
	}

	@Test
	void singleEmbeddingInputIsRecordedAsAListOfOne() {
		this.server.onPost("/v1/embeddings").json("openai/embeddings.json");
		this.support.contextRunner(this.server.baseUrl() + "/v1").run((context) -> {
			context.getBean(OpenAIClient.class)
				.embeddings()
				.create(EmbeddingCreateParams.builder().model("text-embedding-3-small").input("Hello").build());
			assertThat(jsonAttribute(this.support.onlySpan(), "braintrust.input_json"))
				.isEqualTo(parse("{\"inputs\":[{\"content\":\"Hello\"}]}"));
		});
	}

}
