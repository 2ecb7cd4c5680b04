package dev.braintrust.spring.boot.trace;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class LlmCallDispatcherTests {

	private final TestTracing tracing = new TestTracing();

	@AfterEach
	void close() {
		this.tracing.close();
	}

	static LlmRequest openAiExampleRequest() {
		return LlmRequest.builder("openai", "openai", LlmOperation.CHAT)
			.model("gpt-4o-mini")
			.message(ChatMessage.system("You are a helpful assistant"))
			.message(ChatMessage.user("What is the capital of France?"))
			.build();
	}

	static LlmResponse openAiExampleResponse() {
		return LlmResponse.chat("chatcmpl-123", "gpt-4o-mini-2024-07-18",
				List.of(new Choice(0, ChatMessage.assistant("The capital of France is Paris."), "stop")),
				TokenUsage.of(23, 7));
	}

	@Test
	void openAiExampleOfDesignIsReproducedByteForByte() {
		LlmCallDispatcher handler = this.tracing.handler().build();
		handler.start(openAiExampleRequest()).end(openAiExampleResponse());
		Attributes attributes = this.tracing.onlySpan().getAttributes();
		assertThat(attributes.get(AttributeKey.stringKey("braintrust.span_attributes")))
			.isEqualTo("{\"type\":\"llm\",\"name\":\"chat gpt-4o-mini\"}");
		assertThat(attributes.get(AttributeKey.stringKey("braintrust.input_json"))).isEqualTo(
				"[{\"role\":\"system\",\"content\":\"You are a helpful assistant\"},{\"role\":\"user\",\"content\":\"What is the capital of France?\"}]");
		assertThat(attributes.get(AttributeKey.stringKey("braintrust.output_json"))).isEqualTo(
				"[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"The capital of France is Paris.\"},\"finish_reason\":\"stop\"}]");
		assertThat(attributes.get(AttributeKey.stringKey("braintrust.metadata")))
			.isEqualTo("{\"provider\":\"openai\",\"model\":\"gpt-4o-mini-2024-07-18\"}");
		assertThat(attributes.get(AttributeKey.stringKey("braintrust.metrics")))
			.isEqualTo("{\"prompt_tokens\":23,\"completion_tokens\":7,\"tokens\":30}");
	}

	@Test
	void spanCarriesEveryGenAiAttributeWithItsType() {
		LlmCallDispatcher handler = this.tracing.handler().build();
		LlmRequest request = LlmRequest.builder("openai", "openai", LlmOperation.CHAT)
			.model("gpt-4o-mini")
			.parameter("temperature", 0.7)
			.parameter("top_p", 0.9f)
			.parameter("top_k", 40)
			.parameter("max_tokens", 256)
			.parameter("stop", List.of("END", "STOP"))
			.parameter("frequency_penalty", 0.5)
			.parameter("presence_penalty", 0.25)
			.parameter("seed", 42)
			.parameter("n", 2)
			.parameter("user", "someone")
			.stream(true)
			.message(ChatMessage.user("Hi"))
			.tool(new ToolDefinition("weather", "Current weather",
					"{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}"))
			.server("api.openai.com", 443)
			.build();
		LlmObservation observation = handler.start(request);
		observation.firstChunk();
		observation.end(LlmResponse.chat("chatcmpl-1", "gpt-4o-mini-2024-07-18",
				List.of(new Choice(0, ChatMessage.assistant("Hello"), "stop"),
						new Choice(1, ChatMessage.assistant("Hey"), "length")),
				new TokenUsage(100L, 20L, null, 60L, 10L, 5L, null, 10L, 0L, null, null)));
		SpanData span = this.tracing.onlySpan();
		assertThat(span.getName()).isEqualTo("chat gpt-4o-mini");
		assertThat(span.getKind()).isEqualTo(SpanKind.CLIENT);
		assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
		Attributes a = span.getAttributes();
		assertThat(a.get(AttributeKey.stringKey("gen_ai.operation.name"))).isEqualTo("chat");
		assertThat(a.get(AttributeKey.stringKey("gen_ai.provider.name"))).isEqualTo("openai");
		assertThat(a.get(AttributeKey.stringKey("gen_ai.request.model"))).isEqualTo("gpt-4o-mini");
		assertThat(a.get(AttributeKey.doubleKey("gen_ai.request.temperature"))).isEqualTo(0.7);
		assertThat(a.get(AttributeKey.doubleKey("gen_ai.request.top_p"))).isEqualTo(0.9);
		assertThat(a.get(AttributeKey.doubleKey("gen_ai.request.top_k"))).isEqualTo(40.0);
		assertThat(a.get(AttributeKey.longKey("gen_ai.request.max_tokens"))).isEqualTo(256L);
		assertThat(a.get(AttributeKey.stringArrayKey("gen_ai.request.stop_sequences"))).containsExactly("END", "STOP");
		assertThat(a.get(AttributeKey.doubleKey("gen_ai.request.frequency_penalty"))).isEqualTo(0.5);
		assertThat(a.get(AttributeKey.doubleKey("gen_ai.request.presence_penalty"))).isEqualTo(0.25);
		assertThat(a.get(AttributeKey.longKey("gen_ai.request.seed"))).isEqualTo(42L);
		assertThat(a.get(AttributeKey.longKey("gen_ai.request.choice.count"))).isEqualTo(2L);
		assertThat(a.get(AttributeKey.booleanKey("gen_ai.request.stream"))).isTrue();
		assertThat(a.get(AttributeKey.stringKey("gen_ai.response.model"))).isEqualTo("gpt-4o-mini-2024-07-18");
		assertThat(a.get(AttributeKey.stringKey("gen_ai.response.id"))).isEqualTo("chatcmpl-1");
		assertThat(a.get(AttributeKey.stringArrayKey("gen_ai.response.finish_reasons"))).containsExactly("stop",
				"length");
		assertThat(a.get(AttributeKey.longKey("gen_ai.usage.input_tokens"))).isEqualTo(100L);
		assertThat(a.get(AttributeKey.longKey("gen_ai.usage.output_tokens"))).isEqualTo(20L);
		assertThat(a.get(AttributeKey.longKey("gen_ai.usage.cache_read.input_tokens"))).isEqualTo(60L);
		assertThat(a.get(AttributeKey.longKey("gen_ai.usage.cache_creation.input_tokens"))).isEqualTo(10L);
		assertThat(a.get(AttributeKey.doubleKey("gen_ai.response.time_to_first_chunk"))).isNotNull()
			.isGreaterThanOrEqualTo(0.0)
			.isLessThan(60.0);
		assertThat(a.get(AttributeKey.stringKey("server.address"))).isEqualTo("api.openai.com");
		assertThat(a.get(AttributeKey.longKey("server.port"))).isEqualTo(443L);
		assertThat(a.get(AttributeKey.stringKey("error.type"))).isNull();

		JsonNode metadata = TestTracing.parse(a.get(AttributeKey.stringKey("braintrust.metadata")));
		assertThat(metadata.get("provider").asString()).isEqualTo("openai");
		assertThat(metadata.get("model").asString()).isEqualTo("gpt-4o-mini-2024-07-18");
		assertThat(metadata.get("temperature").asDouble()).isEqualTo(0.7);
		assertThat(metadata.has("user")).as("not on the metadata allow-list").isFalse();
		assertThat(metadata.get("stop").get(1).asString()).isEqualTo("STOP");
		assertThat(metadata.get("tools").get(0).get("function").get("parameters").get("properties").has("city"))
			.isTrue();
		JsonNode metrics = TestTracing.parse(a.get(AttributeKey.stringKey("braintrust.metrics")));
		assertThat(metrics.get("prompt_tokens").asLong()).isEqualTo(100);
		assertThat(metrics.get("completion_tokens").asLong()).isEqualTo(20);
		assertThat(metrics.get("tokens").asLong()).isEqualTo(120);
		assertThat(metrics.get("prompt_cached_tokens").asLong()).isEqualTo(60);
		assertThat(metrics.has("prompt_cache_creation_tokens")).as("the split replaces the aggregate").isFalse();
		assertThat(metrics.get("prompt_cache_creation_1h_tokens").asLong()).isEqualTo(10);
		assertThat(metrics.has("prompt_cache_creation_5m_tokens")).as("not reported").isFalse();
		assertThat(metrics.get("completion_reasoning_tokens").asLong()).isEqualTo(5);
		assertThat(metrics.get("prompt_audio_tokens").asLong()).as("a reported zero is kept").isZero();
		assertThat(metrics.has("completion_audio_tokens")).isFalse();
		assertThat(a.get(AttributeKey.longKey("gen_ai.usage.cache_creation.input_tokens"))).isEqualTo(10);
		assertThat(a.get(AttributeKey.longKey("gen_ai.usage.reasoning.output_tokens"))).isEqualTo(5);
		assertThat(metrics.get("time_to_first_token").asDouble())
			.isEqualTo(a.get(AttributeKey.doubleKey("gen_ai.response.time_to_first_chunk")));
	}

	@Test
	void toolCallsAreWrittenInOpenAiShape() {
		LlmCallDispatcher handler = this.tracing.handler().build();
		LlmRequest request = LlmRequest.builder("openai", "openai", LlmOperation.CHAT)
			.model("gpt-4o")
			.message(ChatMessage.user("Weather in Paris?"))
			.message(ChatMessage.assistant(null, List.of(new ToolCall("call_1", "weather", "{\"city\":\"Paris\"}"))))
			.message(ChatMessage.tool("call_1", "sunny"))
			.build();
		handler.start(request)
			.end(LlmResponse.chat(null, null,
					List.of(new Choice(0,
							ChatMessage.assistant(null,
									List.of(new ToolCall("call_2", "weather", "{\"city\":\"Lyon\"}"))),
							"tool_calls")),
					null));
		Attributes a = this.tracing.onlySpan().getAttributes();
		assertThat(a.get(AttributeKey.stringKey("braintrust.input_json")))
			.isEqualTo("[{\"role\":\"user\",\"content\":\"Weather in Paris?\"},"
					+ "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"weather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}]},"
					+ "{\"role\":\"tool\",\"content\":\"sunny\",\"tool_call_id\":\"call_1\"}]");
		assertThat(a.get(AttributeKey.stringKey("braintrust.output_json"))).isEqualTo(
				"[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_2\",\"type\":\"function\",\"function\":{\"name\":\"weather\",\"arguments\":\"{\\\"city\\\":\\\"Lyon\\\"}\"}}]},\"finish_reason\":\"tool_calls\"}]");
	}

	@Test
	void toolExecutionIsAToolSpanWithArgumentsAsInput() {
		LlmCallDispatcher handler = this.tracing.handler().build();
		LlmRequest request = LlmRequest.builder("spring-ai", "openai", LlmOperation.EXECUTE_TOOL)
			.toolExecution("weather", "call_1", "{\"city\":\"Paris\"}")
			.build();
		handler.start(request).end(LlmResponse.output(null, "sunny", null));
		SpanData span = this.tracing.onlySpan();
		assertThat(span.getName()).isEqualTo("execute_tool weather");
		Attributes a = span.getAttributes();
		assertThat(a.get(AttributeKey.stringKey("braintrust.span_attributes")))
			.isEqualTo("{\"type\":\"tool\",\"name\":\"weather\"}");
		assertThat(a.get(AttributeKey.stringKey("gen_ai.tool.name"))).isEqualTo("weather");
		assertThat(a.get(AttributeKey.stringKey("gen_ai.tool.call.id"))).isEqualTo("call_1");
		assertThat(a.get(AttributeKey.stringKey("braintrust.input_json"))).isEqualTo("{\"city\":\"Paris\"}");
		assertThat(a.get(AttributeKey.stringKey("braintrust.output_json"))).isEqualTo("\"sunny\"");
		assertThat(a.get(AttributeKey.stringKey("braintrust.metadata")))
			.isEqualTo("{\"provider\":\"openai\",\"model\":\"weather\",\"tool_call_id\":\"call_1\"}");
	}

	@Test
	void embeddingsWriteTheirTextsAsInput() {
		LlmCallDispatcher handler = this.tracing.handler().build();
		handler
			.start(LlmRequest.builder("openai", "openai", LlmOperation.EMBEDDINGS)
				.model("text-embedding-3-small")
				.parameter("dimensions", 256)
				.input(List.of("a", "b"))
				.build())
			.end(LlmResponse.output("text-embedding-3-small", Map.of("count", 2),
					new TokenUsage(4L, null, null, null, null, null)));
		Attributes a = this.tracing.onlySpan().getAttributes();
		assertThat(a.get(AttributeKey.stringKey("braintrust.input_json")))
			.isEqualTo("{\"inputs\":[{\"content\":\"a\"},{\"content\":\"b\"}],\"output_dimensions\":256}");
		assertThat(a.get(AttributeKey.stringKey("braintrust.output_json"))).isEqualTo("{\"count\":2}");
		assertThat(a.get(AttributeKey.stringKey("braintrust.metrics"))).as("no completion tokens")
			.isEqualTo("{\"prompt_tokens\":4}");
		assertThat(a.get(AttributeKey.longKey("gen_ai.embeddings.dimension.count"))).isEqualTo(256L);
		assertThat(a.get(AttributeKey.stringKey("braintrust.metrics"))).isEqualTo("{\"prompt_tokens\":4}");
	}

	@Test
	void contentOffWritesNoContentButKeepsMetadataAndMetrics() {
		LlmCallDispatcher handler = this.tracing.handler()
			.captureContent((integration) -> !integration.equals("openai"))
			.genAiContent(true)
			.build();
		handler.start(openAiExampleRequest()).end(openAiExampleResponse());
		Attributes a = this.tracing.onlySpan().getAttributes();
		assertThat(a.get(AttributeKey.stringKey("braintrust.input_json"))).isNull();
		assertThat(a.get(AttributeKey.stringKey("braintrust.output_json"))).isNull();
		assertThat(a.get(AttributeKey.stringKey("gen_ai.input.messages"))).isNull();
		assertThat(a.get(AttributeKey.stringKey("gen_ai.output.messages"))).isNull();
		assertThat(a.get(AttributeKey.stringKey("braintrust.metadata"))).isNotNull();
		assertThat(a.get(AttributeKey.stringKey("braintrust.metrics"))).isNotNull();
		assertThat(a.asMap().values()).noneMatch((value) -> value.toString().contains("capital"));
	}

	@Test
	void captureContentIsDecidedPerIntegration() {
		LlmCallDispatcher handler = this.tracing.handler()
			.captureContent((integration) -> !integration.equals("spring-ai"))
			.build();
		handler.start(openAiExampleRequest()).end(openAiExampleResponse());
		LlmRequest springAi = LlmRequest.builder("spring-ai", "openai", LlmOperation.CHAT)
			.model("gpt-4o-mini")
			.message(ChatMessage.user("secret"))
			.build();
		handler.start(springAi).end(openAiExampleResponse());
		List<SpanData> spans = this.tracing.spans();
		assertThat(spans.get(0).getAttributes().get(AttributeKey.stringKey("braintrust.input_json"))).isNotNull();
		assertThat(spans.get(1).getAttributes().get(AttributeKey.stringKey("braintrust.input_json"))).isNull();
	}

	@Test
	void genAiContentWritesSemanticConventionMessages() {
		LlmCallDispatcher handler = this.tracing.handler().genAiContent(true).build();
		handler.start(openAiExampleRequest()).end(openAiExampleResponse());
		Attributes a = this.tracing.onlySpan().getAttributes();
		assertThat(a.get(AttributeKey.stringKey("gen_ai.input.messages"))).isEqualTo(
				"[{\"role\":\"system\",\"parts\":[{\"type\":\"text\",\"content\":\"You are a helpful assistant\"}]},"
						+ "{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"What is the capital of France?\"}]}]");
		assertThat(a.get(AttributeKey.stringKey("gen_ai.output.messages"))).isEqualTo(
				"[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"The capital of France is Paris.\"}],\"finish_reason\":\"stop\"}]");
	}

	@Test
	void genAiContentIsOffByDefault() {
		this.tracing.handler().build().start(openAiExampleRequest()).end(openAiExampleResponse());
		assertThat(this.tracing.onlySpan().getAttributes().get(AttributeKey.stringKey("gen_ai.input.messages")))
			.isNull();
	}

	@Test
	void redactorSeesContentBeforeItIsWritten() {
		List<String> seen = new ArrayList<>();
		LlmCallDispatcher handler = this.tracing.handler().genAiContent(true).redactor((content) -> {
			seen.add(content);
			return content.replace("France", "[COUNTRY]");
		}).build();
		handler.start(openAiExampleRequest()).end(openAiExampleResponse());
		Attributes a = this.tracing.onlySpan().getAttributes();
		assertThat(seen).contains("What is the capital of France?", "The capital of France is Paris.");
		assertThat(a.get(AttributeKey.stringKey("braintrust.input_json"))).contains("capital of [COUNTRY]?")
			.doesNotContain("France");
		assertThat(a.get(AttributeKey.stringKey("braintrust.output_json"))).contains("capital of [COUNTRY] is")
			.doesNotContain("France");
		assertThat(a.get(AttributeKey.stringKey("gen_ai.input.messages"))).doesNotContain("France");
		assertThat(a.get(AttributeKey.stringKey("gen_ai.output.messages"))).doesNotContain("France");
	}

	@Test
	void redactorSeesTheStringsOfTheMetadataToo() {
		List<String> seen = new ArrayList<>();
		LlmCallDispatcher handler = this.tracing.handler().redactor((content) -> {
			seen.add(content);
			return content.replace("alice@example.com", "[EMAIL]");
		}).build();
		LlmRequest request = LlmRequest.builder("openai", "openai", LlmOperation.CHAT)
			.model("gpt-4o-mini")
			.parameter("temperature", 0.5)
			.parameter("stop", List.of("alice@example.com"))
			.parameter("response_format",
					Map.of("type", "json_schema", "json_schema",
							Map.of("name", "contact", "description", "alice@example.com")))
			.tool(new ToolDefinition("email_customer", "Writes to alice@example.com",
					"{\"type\":\"object\",\"description\":\"alice@example.com\"}"))
			.message(ChatMessage.user("Hello"))
			.build();
		handler.start(request).end(openAiExampleResponse());
		String metadata = this.tracing.onlySpan().getAttributes().get(AttributeKey.stringKey("braintrust.metadata"));
		assertThat(seen).contains("alice@example.com", "Writes to alice@example.com");
		assertThat(metadata).doesNotContain("alice@example.com");
		JsonNode json = TestTracing.parse(metadata);
		assertThat(json.get("stop").get(0).asString()).isEqualTo("[EMAIL]");
		assertThat(json.get("response_format").get("json_schema").get("description").asString()).isEqualTo("[EMAIL]");
		assertThat(json.get("tools").get(0).get("function").get("description").asString())
			.isEqualTo("Writes to [EMAIL]");
		assertThat(json.get("tools").get(0).get("function").get("parameters").get("description").asString())
			.isEqualTo("[EMAIL]");
		assertThat(json.get("temperature").asDouble()).isEqualTo(0.5);
	}

	@Test
	void withoutContentMetadataKeepsOnlyParametersThatAreNotContent() {
		LlmCallDispatcher handler = this.tracing.handler().captureContent((integration) -> false).build();
		LlmRequest request = LlmRequest.builder("openai", "openai", LlmOperation.CHAT)
			.model("gpt-4o-mini")
			.parameter("temperature", 0.5)
			.parameter("max_completion_tokens", 256)
			.parameter("service_tier", "flex")
			.parameter("user", "alice")
			.parameter("top_p", "a string where a number belongs")
			.parameter("response_format", Map.of("type", "json_schema", "json_schema", Map.of("name", "secret")))
			.parameter("some_future_parameter", "unknown, so left out")
			.tool(new ToolDefinition("email_customer", "Writes to a customer", "{\"type\":\"object\"}"))
			.build();
		handler.start(request).end(openAiExampleResponse());
		assertThat(this.tracing.onlySpan().getAttributes().get(AttributeKey.stringKey("braintrust.metadata")))
			.isEqualTo("{\"provider\":\"openai\",\"model\":\"gpt-4o-mini-2024-07-18\",\"temperature\":0.5,"
					+ "\"max_completion_tokens\":256,\"service_tier\":\"flex\",\"response_format\":{\"type\":\"json_schema\"},"
					+ "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"email_customer\"}}]}");
	}

	@Test
	void redactorIsNotCalledWhenContentIsOff() {
		List<String> seen = new ArrayList<>();
		LlmCallDispatcher handler = this.tracing.handler()
			.captureContent((integration) -> false)
			.redactor((content) -> {
				seen.add(content);
				return content;
			})
			.build();
		handler.start(openAiExampleRequest()).end(openAiExampleResponse());
		assertThat(seen).isEmpty();
	}

	@Test
	void longContentIsTruncatedToValidJsonWithinTheBound() {
		LlmCallDispatcher handler = this.tracing.handler().maxContentLength(1024).build();
		String document = "x".repeat(5000);
		LlmRequest request = LlmRequest.builder("openai", "openai", LlmOperation.CHAT)
			.model("gpt-4o")
			.message(ChatMessage.system("Summarize"))
			.message(ChatMessage.user(document))
			.build();
		handler.start(request).end(openAiExampleResponse());
		String input = this.tracing.onlySpan().getAttributes().get(AttributeKey.stringKey("braintrust.input_json"));
		assertThat(input.length()).isLessThanOrEqualTo(1024);
		JsonNode messages = TestTracing.parse(input);
		assertThat(messages.get(0).get("content").asString()).isEqualTo("Summarize");
		assertThat(messages.get(1).get("content").asString()).startsWith("xxxx").contains("[truncated ");
	}

	@Test
	void errorIsRecordedWithItsTypeAndStatus() {
		LlmCallDispatcher handler = this.tracing.handler().build();
		IOException failure = new IOException("boom", new SocketTimeoutException("read timed out"));
		LlmObservation observation = handler.start(openAiExampleRequest());
		observation.error(failure);
		SpanData span = this.tracing.onlySpan();
		assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
		assertThat(span.getAttributes().get(AttributeKey.stringKey("error.type"))).isEqualTo("timeout");
		assertThat(span.getEvents()).anyMatch((event) -> event.getName().equals("exception"));
		assertThat(span.getAttributes().get(AttributeKey.stringKey("braintrust.output_json"))).isNull();
	}

	@Test
	void failureWrappedByAFutureIsRecordedAsTheFailureItWraps() {
		LlmCallDispatcher handler = this.tracing.handler().build();
		IllegalStateException failure = new IllegalStateException("model refused");
		handler.start(openAiExampleRequest())
			.error(new java.util.concurrent.CompletionException(new java.util.concurrent.ExecutionException(failure)));
		SpanData span = this.tracing.onlySpan();
		assertThat(span.getAttributes().get(AttributeKey.stringKey("error.type")))
			.isEqualTo("java.lang.IllegalStateException");
		assertThat(span.getEvents()).singleElement()
			.satisfies((event) -> assertThat(event.getAttributes().get(AttributeKey.stringKey("exception.type")))
				.isEqualTo("java.lang.IllegalStateException"));
	}

	@Test
	void exceptionReachesTheCallerUnchanged() {
		LlmCallDispatcher handler = this.tracing.handler().build();
		IllegalStateException failure = new IllegalStateException("no");
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> handler.call(openAiExampleRequest(), () -> {
				throw failure;
			}, (String result) -> LlmResponse.empty()))
			.isSameAs(failure);
		assertThat(this.tracing.onlySpan().getAttributes().get(AttributeKey.stringKey("error.type")))
			.isEqualTo("java.lang.IllegalStateException");
	}

	@Test
	void errorClassifierBeansComeBeforeTheGenericOne() {
		LlmCallDispatcher handler = this.tracing.handler().errorClassifiers(List.of((error) -> {
			throw new IllegalStateException("broken classifier");
		}, (error) -> (error instanceof IllegalArgumentException) ? ErrorClassifier.CONTENT_FILTER : null)).build();
		assertThat(handler.classify(openAiExampleRequest(), new IllegalArgumentException()))
			.isEqualTo("content_filter");
		assertThat(handler.classify(openAiExampleRequest(), new IOException())).isEqualTo("connection");
	}

	@Test
	void callEndsWithTheMappedResponseAndAMapperFailureDoesNotReachTheCaller() {
		LlmCallDispatcher handler = this.tracing.handler().build();
		assertThat(handler.call(openAiExampleRequest(), () -> "ok", (String result) -> openAiExampleResponse()))
			.isEqualTo("ok");
		assertThat(handler.call(openAiExampleRequest(), () -> "ok", (String result) -> {
			throw new IllegalStateException("mapper bug");
		})).isEqualTo("ok");
		List<SpanData> spans = this.tracing.spans();
		assertThat(spans).hasSize(2);
		assertThat(spans.get(0).getAttributes().get(AttributeKey.stringKey("braintrust.output_json"))).isNotNull();
		assertThat(spans.get(1).getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
	}

	@Test
	void endAndErrorTakeEffectExactlyOnceAcrossThreads() throws Exception {
		LlmCallDispatcher handler = this.tracing.handler().build();
		ExecutorService executor = Executors.newFixedThreadPool(4);
		try {
			for (int round = 0; round < 50; round++) {
				LlmObservation observation = handler.start(openAiExampleRequest());
				CountDownLatch go = new CountDownLatch(1);
				CountDownLatch done = new CountDownLatch(4);
				for (int i = 0; i < 4; i++) {
					int n = i;
					executor.execute(() -> {
						try {
							go.await();
							switch (n) {
								case 0 -> observation.end(openAiExampleResponse());
								case 1 -> observation.error(new IOException());
								case 2 -> observation.cancel(LlmResponse.empty());
								default -> observation.end(LlmResponse.empty());
							}
						}
						catch (InterruptedException ex) {
							Thread.currentThread().interrupt();
						}
						finally {
							done.countDown();
						}
					});
				}
				go.countDown();
				assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
			}
		}
		finally {
			executor.shutdownNow();
		}
		assertThat(this.tracing.spans()).hasSize(50);
	}

	@Test
	void cancelledStreamIsNotAnError() {
		List<LlmCall> finished = new ArrayList<>();
		LlmCallDispatcher handler = this.tracing.handler().listeners(List.of(new LlmCallListener() {
			@Override
			public void onFinish(LlmCall call) {
				finished.add(call);
			}
		})).build();
		LlmObservation observation = handler.start(openAiExampleRequest());
		observation.firstChunk();
		observation
			.cancel(LlmResponse.chat(null, null, List.of(new Choice(0, ChatMessage.assistant("The"), null)), null));
		SpanData span = this.tracing.onlySpan();
		assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
		assertThat(span.getAttributes().get(AttributeKey.stringKey("error.type"))).isNull();
		assertThat(span.getEvents()).anyMatch((event) -> event.getName().equals("cancelled"));
		assertThat(span.getAttributes().get(AttributeKey.stringKey("braintrust.output_json"))).contains("\"The\"");
		assertThat(finished).singleElement().satisfies((call) -> assertThat(call.cancelled()).isTrue());
	}

	@Test
	void spanIsAChildOfTheCurrentSpan() {
		LlmCallDispatcher handler = this.tracing.handler().build();
		Span parent = this.tracing.openTelemetry.getTracer("test").spanBuilder("request").startSpan();
		try (Scope scope = parent.makeCurrent()) {
			handler.start(openAiExampleRequest()).end(openAiExampleResponse());
		}
		parent.end();
		SpanData llm = this.tracing.spans().get(0);
		assertThat(llm.getParentSpanId()).isEqualTo(parent.getSpanContext().getSpanId());
		assertThat(llm.getTraceId()).isEqualTo(parent.getSpanContext().getTraceId());
	}

	@Test
	void nestedCallOfTheSameOperationAddsNoSecondSpan() {
		List<LlmCall> started = new ArrayList<>();
		LlmCallDispatcher handler = this.tracing.handler().listeners(List.of(new LlmCallListener() {
			@Override
			public void onStart(LlmCall call) {
				started.add(call);
			}
		})).build();
		LlmObservation outer = handler.start(openAiExampleRequest());
		try (Scope scope = outer.makeCurrent()) {
			LlmObservation inner = handler.start(openAiExampleRequest());
			assertThat(inner.isRecording()).isFalse();
			try (Scope innerScope = inner.makeCurrent()) {
				inner.firstChunk();
			}
			inner.end(openAiExampleResponse());
			LlmObservation tool = handler.start(LlmRequest.builder("spring-ai", "openai", LlmOperation.EXECUTE_TOOL)
				.toolExecution("weather", null, "{}")
				.build());
			assertThat(tool.isRecording()).isTrue();
			tool.end(LlmResponse.empty());
		}
		outer.end(openAiExampleResponse());
		assertThat(this.tracing.spans()).extracting(SpanData::getName)
			.containsExactly("execute_tool weather", "chat gpt-4o-mini");
		assertThat(started).hasSize(2);
		LlmObservation after = handler.start(openAiExampleRequest());
		assertThat(after.isRecording()).as("suppression ends with the scope").isTrue();
		after.end(openAiExampleResponse());
	}

	@Test
	void failingListenerIsIgnoredAndOthersStillRun() {
		List<String> events = new ArrayList<>();
		LlmCallListener failing = new LlmCallListener() {
			@Override
			public void onStart(LlmCall call) {
				throw new IllegalStateException("listener bug");
			}

			@Override
			public void onFinish(LlmCall call) {
				throw new IllegalStateException("listener bug");
			}

			@Override
			public void onError(LlmCall call) {
				throw new IllegalStateException("listener bug");
			}
		};
		LlmCallListener recording = new LlmCallListener() {
			@Override
			public void onStart(LlmCall call) {
				events.add("start " + call.request().model());
			}

			@Override
			public void onFinish(LlmCall call) {
				events.add("finish " + call.response().usage().totalTokens() + " " + (call.duration() != null));
			}

			@Override
			public void onError(LlmCall call) {
				events.add("error " + call.errorType());
			}
		};
		LlmCallDispatcher handler = this.tracing.handler().listeners(List.of(failing, recording)).build();
		handler.start(openAiExampleRequest()).end(openAiExampleResponse());
		handler.start(openAiExampleRequest()).error(new SocketTimeoutException());
		assertThat(events).containsExactly("start gpt-4o-mini", "finish 30 true", "start gpt-4o-mini", "error timeout");
		assertThat(this.tracing.spans()).hasSize(2);
	}

	@Test
	void metricsAreRecordedWithTheirTagsAndBuckets() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		LlmCallDispatcher handler = this.tracing.handler().meterRegistry(registry).build();
		LlmObservation streamed = handler.start(openAiExampleRequest());
		streamed.firstChunk();
		streamed.end(openAiExampleResponse());
		handler.start(openAiExampleRequest()).error(new SocketTimeoutException());

		Timer duration = registry.get("gen_ai.client.operation.duration")
			.tag("gen_ai.operation.name", "chat")
			.tag("gen_ai.provider.name", "openai")
			.tag("gen_ai.request.model", "gpt-4o-mini")
			.tag("error.type", "none")
			.timer();
		assertThat(duration.count()).isEqualTo(1);
		assertThat(duration.takeSnapshot().histogramCounts()).extracting(CountAtBucket::bucket)
			.contains(0.01e9, 81.92e9);
		assertThat(registry.get("gen_ai.client.operation.duration").tag("error.type", "timeout").timer().count())
			.isEqualTo(1);
		assertThat(
				registry.get("gen_ai.client.operation.time_to_first_chunk").tag("error.type", "none").timer().count())
			.isEqualTo(1);
		DistributionSummary input = registry.get("gen_ai.client.token.usage")
			.tag("gen_ai.token.type", "input")
			.tag("error.type", "none")
			.summary();
		assertThat(input.totalAmount()).isEqualTo(23);
		assertThat(input.takeSnapshot().histogramCounts()).extracting(CountAtBucket::bucket).contains(1.0, 67108864.0);
		assertThat(registry.get("gen_ai.client.token.usage")
			.tag("gen_ai.token.type", "output")
			.tag("error.type", "none")
			.summary()
			.totalAmount()).isEqualTo(7);
	}

	@Test
	void streamWithoutContentCaptureHoldsNoTextAndNoPrompt() {
		List<LlmCall> calls = new ArrayList<>();
		LlmCallDispatcher handler = this.tracing.handler()
			.captureContent((integration) -> false)
			.listeners(List.of(new LlmCallListener() {
				@Override
				public void onFinish(LlmCall call) {
					calls.add(call);
				}
			}))
			.build();
		LlmObservation observation = handler.start(openAiExampleRequest());
		assertThat(observation.contentCapacity()).isZero();
		try (TracedChunkStream<StreamChunk> stream = TracedChunkStream.of(observation,
				java.util.stream.Stream.of(StreamChunk.text("The capital"), StreamChunk.text(" is Paris."),
						StreamChunk.finish("stop"), StreamChunk.usage(23, 7)),
				StreamChunk.AGGREGATOR)) {
			stream.stream().forEach((chunk) -> {
			});
		}
		assertThat(calls).singleElement().satisfies((call) -> {
			assertThat(call.request().messages()).isEmpty();
			assertThat(call.response().choices()).singleElement().satisfies((choice) -> {
				assertThat(choice.message().content()).isNull();
				assertThat(choice.finishReason()).isEqualTo("stop");
			});
			assertThat(call.response().usage().totalTokens()).isEqualTo(30);
		});
		assertThat(this.tracing.onlySpan().getAttributes().get(AttributeKey.stringKey("braintrust.output_json")))
			.isNull();
	}

	@Test
	void streamKeepsNoMoreTextThanTheContentBound() {
		LlmCallDispatcher handler = this.tracing.handler().maxContentLength(16).build();
		LlmObservation observation = handler.start(openAiExampleRequest());
		assertThat(observation.contentCapacity()).isEqualTo(16);
		try (TracedChunkStream<StreamChunk> stream = TracedChunkStream.of(observation,
				java.util.stream.Stream.of(StreamChunk.text("0123456789"), StreamChunk.text("0123456789")),
				StreamChunk.AGGREGATOR)) {
			stream.stream().forEach((chunk) -> {
			});
		}
		assertThat(this.tracing.onlySpan().getEvents()).extracting("name").contains("output_truncated");
	}

	@Test
	void withoutMeterRegistryNothingFails() {
		List<Throwable> failures = new ArrayList<>();
		LlmCallDispatcher handler = this.tracing.handler()
			.failureListeners(List.of((integration, step, failure) -> failures.add(failure)))
			.build();
		handler.start(openAiExampleRequest()).end(openAiExampleResponse());
		assertThat(this.tracing.spans()).hasSize(1);
		assertThat(failures).isEmpty();
	}

}
