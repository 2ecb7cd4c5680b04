package dev.braintrust.spring.boot.integrations.langchain4j;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.braintrust.spring.boot.integration.IntegrationInfo;
import dev.braintrust.spring.boot.integration.IntegrationRegistry;
import dev.braintrust.spring.boot.integration.IntegrationStatus;
import dev.braintrust.spring.boot.testsupport.MockLlmServer;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.anthropic.AnthropicStreamingChatModel;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.PartialToolCall;
import dev.langchain4j.model.chat.response.PartialToolCallContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiEmbeddingModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.MemoryId;
import dev.langchain4j.service.TokenStream;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static dev.braintrust.spring.boot.testsupport.SpanContract.assertSpanOrigin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The LangChain4j integration with LangChain4j's real OpenAI and Anthropic models,
 * declared as beans and talking HTTP to a local server that replays the providers'
 * payloads.
 */
class LangChain4jIntegrationTests {

	private final LangChain4jTestContext test = new LangChain4jTestContext();

	private MockLlmServer server;

	private ApplicationContextRunner runner;

	@BeforeEach
	void startServer() {
		this.server = MockLlmServer.start();
		String baseUrl = this.server.baseUrl();
		this.runner = this.test.runner()
			.withBean("openAiChatModel", OpenAiChatModel.class,
					() -> OpenAiChatModel.builder()
						.baseUrl(baseUrl + "/v1")
						.apiKey("sk-test")
						.modelName("gpt-4o-mini")
						.temperature(0.2)
						.maxRetries(0)
						.build())
			.withBean("openAiStreamingChatModel", OpenAiStreamingChatModel.class,
					() -> OpenAiStreamingChatModel.builder()
						.baseUrl(baseUrl + "/v1")
						.apiKey("sk-test")
						.modelName("gpt-4o-mini")
						.build())
			.withBean("anthropicChatModel", AnthropicChatModel.class,
					() -> AnthropicChatModel.builder()
						.baseUrl(baseUrl + "/v1/")
						.apiKey("sk-ant-test")
						.modelName("claude-sonnet-4-5")
						.maxTokens(256)
						.maxRetries(0)
						.build())
			.withBean("anthropicStreamingChatModel", AnthropicStreamingChatModel.class,
					() -> AnthropicStreamingChatModel.builder()
						.baseUrl(baseUrl + "/v1/")
						.apiKey("sk-ant-test")
						.modelName("claude-sonnet-4-5")
						.maxTokens(256)
						.build())
			.withBean("openAiEmbeddingModel", OpenAiEmbeddingModel.class,
					() -> OpenAiEmbeddingModel.builder()
						.baseUrl(baseUrl + "/v1")
						.apiKey("sk-test")
						.modelName("text-embedding-3-small")
						.maxRetries(0)
						.build());
	}

	@AfterEach
	void stopServer() {
		this.server.close();
	}

	@Test
	void chatIsOneSpanWithTheSpanContractAndTheBeanKeepsItsClass() {
		this.server.onPost("/v1/chat/completions").json("openai/chat-basic.json");
		this.runner.run((context) -> {
			OpenAiChatModel model = context.getBean(OpenAiChatModel.class);
			assertThat(AopUtils.isAopProxy(model)).isTrue();
			assertThat(model.chat("What is the capital of France?")).isEqualTo("The capital of France is Paris.");
			List<SpanData> chat = this.test.spans("chat");
			assertThat(chat).hasSize(1);
			SpanData span = chat.get(0);
			assertThat(span.getName()).isEqualTo("chat gpt-4o-mini");
			assertThat(span.getKind()).isEqualTo(SpanKind.CLIENT);
			assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
			Attributes attributes = span.getAttributes();
			assertThat(attributes.get(string("gen_ai.provider.name"))).isEqualTo("openai");
			assertThat(attributes.get(string("gen_ai.request.model"))).isEqualTo("gpt-4o-mini");
			assertThat(attributes.get(AttributeKey.doubleKey("gen_ai.request.temperature"))).isEqualTo(0.2);
			assertThat(attributes.get(AttributeKey.booleanKey("gen_ai.request.stream"))).isFalse();
			assertThat(attributes.get(string("gen_ai.response.model"))).isEqualTo("gpt-4o-mini-2024-07-18");
			assertThat(attributes.get(string("gen_ai.response.id")))
				.isEqualTo("chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT");
			assertThat(attributes.get(AttributeKey.stringArrayKey("gen_ai.response.finish_reasons")))
				.containsExactly("stop");
			assertThat(attributes.get(AttributeKey.longKey("gen_ai.usage.input_tokens"))).isEqualTo(23);
			assertThat(attributes.get(AttributeKey.longKey("gen_ai.usage.output_tokens"))).isEqualTo(7);
			assertThat(attributes.get(string("braintrust.span_attributes")))
				.isEqualTo("{\"type\":\"llm\",\"name\":\"langchain4j.chat_model.chat\"}");
			assertSpanOrigin(span, "langchain4j");
			assertThat(attributes.get(string("braintrust.input_json")))
				.isEqualTo("[{\"role\":\"user\",\"content\":\"What is the capital of France?\"}]");
			assertThat(attributes.get(string("braintrust.output_json"))).isEqualTo(
					"[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"The capital of France is Paris.\"},"
							+ "\"finish_reason\":\"stop\"}]");
			assertThat(attributes.get(string("braintrust.metadata")))
				.isEqualTo("{\"provider\":\"openai\",\"model\":\"gpt-4o-mini-2024-07-18\",\"temperature\":0.2}");
			// OpenAiTokenUsage's details: the cached tokens.
			assertThat(attributes.get(string("braintrust.metrics"))).contains("\"prompt_tokens\":23")
				.contains("\"completion_tokens\":7")
				.contains("\"prompt_cached_tokens\":4")
				.contains("\"completion_reasoning_tokens\":0");
			IntegrationInfo info = info(context);
			assertThat(info.status()).isEqualTo(IntegrationStatus.ACTIVE);
			assertThat(info.patchedBeans()).anySatisfy((bean) -> {
				assertThat(bean.name()).isEqualTo("openAiChatModel");
				assertThat(bean.type()).isEqualTo(OpenAiChatModel.class.getName());
			});
		});
	}

	@Test
	void systemAndMultiTurnMessagesAreRecordedInOpenAiShapeUnderTheCallersSpan() {
		this.server.onPost("/v1/messages").json("anthropic/message-basic.json");
		this.runner.run((context) -> {
			ChatModel model = context.getBean("anthropicChatModel", ChatModel.class);
			assertThat(model).isInstanceOf(AnthropicChatModel.class);
			Tracer tracer = this.test.openTelemetry.getTracer("test");
			Span parent = tracer.spanBuilder("handle request").startSpan();
			ChatResponse response;
			try (Scope scope = parent.makeCurrent()) {
				response = model.chat(ChatRequest.builder()
					.messages(SystemMessage.from("You are terse."), UserMessage.from("Hi"), AiMessage.from("Hello!"),
							UserMessage.from("What is the capital of France?"))
					.build());
			}
			finally {
				parent.end();
			}
			assertThat(response.aiMessage().text()).isNotBlank();
			SpanData span = this.test.spans("chat").get(0);
			assertThat(span.getParentSpanId()).isEqualTo(parent.getSpanContext().getSpanId());
			assertThat(span.getTraceId()).isEqualTo(parent.getSpanContext().getTraceId());
			assertThat(span.getName()).isEqualTo("chat claude-sonnet-4-5");
			assertThat(span.getAttributes().get(string("gen_ai.provider.name"))).isEqualTo("anthropic");
			assertThat(span.getAttributes().get(string("braintrust.input_json"))).isEqualTo("[{\"role\":\"system\","
					+ "\"content\":\"You are terse.\"},{\"role\":\"user\",\"content\":\"Hi\"},{\"role\":\"assistant\","
					+ "\"content\":\"Hello!\"},{\"role\":\"user\",\"content\":\"What is the capital of France?\"}]");
			assertThat(span.getAttributes().get(string("braintrust.output_json")))
				.contains(response.aiMessage().text().replace("\n", "\\n"));
			assertThat(span.getAttributes().get(AttributeKey.longKey("gen_ai.usage.input_tokens")))
				.isEqualTo(response.tokenUsage().inputTokenCount().longValue());
		});
	}

	@Test
	void streamSetsTimeToFirstTokenAggregatesAndRunsCallbacksInTheCallersContext() throws Exception {
		this.server.onPost("/v1/chat/completions").sse("openai/chat-stream-usage.sse");
		this.runner.run((context) -> {
			StreamingChatModel model = context.getBean("openAiStreamingChatModel", StreamingChatModel.class);
			assertThat(model).isInstanceOf(OpenAiStreamingChatModel.class);
			Span parent = this.test.openTelemetry.getTracer("test").spanBuilder("caller").startSpan();
			Recorder recorder = new Recorder();
			try (Scope scope = parent.makeCurrent()) {
				model.chat("What is the capital of France?", recorder);
			}
			ChatResponse response = recorder.completion.get(10, TimeUnit.SECONDS);
			parent.end();
			assertThat(response.aiMessage().text()).isEqualTo("The capital of France is Paris.");
			// Every callback ran in the caller's context, not in our span's.
			assertThat(recorder.contexts).isNotEmpty()
				.allSatisfy((spanContext) -> assertThat(spanContext).isEqualTo(parent.getSpanContext()));
			SpanData span = this.test.spans("chat").get(0);
			assertThat(span.getParentSpanId()).isEqualTo(parent.getSpanContext().getSpanId());
			assertThat(span.getAttributes().get(AttributeKey.booleanKey("gen_ai.request.stream"))).isTrue();
			assertThat(span.getAttributes().get(AttributeKey.doubleKey("gen_ai.response.time_to_first_chunk")))
				.isNotNull();
			assertThat(span.getAttributes().get(string("braintrust.metrics"))).contains("\"time_to_first_token\":");
			assertThat(span.getAttributes().get(string("braintrust.output_json"))).isEqualTo(
					"[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"The capital of France is Paris.\"},"
							+ "\"finish_reason\":\"stop\"}]");
			assertThat(span.getAttributes().get(AttributeKey.longKey("gen_ai.usage.output_tokens"))).isEqualTo(7);
			assertThat(span.getAttributes().get(string("gen_ai.response.id")))
				.isEqualTo("chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG");
		});
	}

	@Test
	void streamFailingMidwayEndsTheSpanOnceWithTheErrorAndWhatArrived() throws Exception {
		this.server.onPost("/v1/messages").sse("anthropic/stream-error-midway.sse");
		this.runner.run((context) -> {
			StreamingChatModel model = context.getBean("anthropicStreamingChatModel", StreamingChatModel.class);
			Recorder recorder = new Recorder();
			model.chat("What is the capital of France?", recorder);
			Throwable error = recorder.failure.get(10, TimeUnit.SECONDS);
			assertThat(recorder.partials).containsExactly("The capital", " of France");
			await().atMost(java.time.Duration.ofSeconds(10)).until(() -> !this.test.spans("chat").isEmpty());
			List<SpanData> chat = this.test.spans("chat");
			assertThat(chat).hasSize(1);
			SpanData span = chat.get(0);
			assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
			// The overloaded_error event: a server error where the provider module
			// reports
			// the error's type (1.8's a RuntimeException without it).
			boolean typed = error.getClass().getSimpleName().equals("AnthropicStreamingException");
			assertThat(span.getAttributes().get(string("error.type")))
				.isEqualTo(typed ? "server_error" : error.getClass().getName());
			assertThat(span.getEvents()).anySatisfy((event) -> assertThat(event.getName()).isEqualTo("exception"));
			assertThat(span.getAttributes().get(string("braintrust.output_json"))).contains("The capital of France");
			assertThat(error).isNotNull();
		});
	}

	@Test
	void streamCancelledByTheCallerEndsTheSpanOnceAsCancelled() throws Exception {
		this.server.onPost("/v1/chat/completions").sse("openai/chat-stream-usage.sse");
		this.runner.run((context) -> {
			StreamingChatModel model = context.getBean("openAiStreamingChatModel", StreamingChatModel.class);
			List<String> partials = new CopyOnWriteArrayList<>();
			CompletableFuture<Void> cancelled = new CompletableFuture<>();
			model.chat("What is the capital of France?", new StreamingChatResponseHandler() {

				@Override
				public void onPartialResponse(PartialResponse partialResponse, PartialResponseContext ctx) {
					partials.add(partialResponse.text());
					ctx.streamingHandle().cancel();
					cancelled.complete(null);
				}

				@Override
				public void onCompleteResponse(ChatResponse completeResponse) {
				}

				@Override
				public void onError(Throwable error) {
				}

			});
			cancelled.get(10, TimeUnit.SECONDS);
			await().atMost(java.time.Duration.ofSeconds(10)).until(() -> !this.test.spans("chat").isEmpty());
			SpanData span = this.test.spans("chat").get(0);
			assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
			assertThat(span.getEvents()).anySatisfy((event) -> assertThat(event.getName()).isEqualTo("cancelled"));
			assertThat(span.getAttributes().get(AttributeKey.doubleKey("gen_ai.response.time_to_first_chunk")))
				.isNotNull();
			assertThat(span.getAttributes().get(string("braintrust.output_json"))).contains(partials.get(0));
			assertThat(this.test.spans("chat")).hasSize(1);
		});
	}

	@Test
	void streamedToolCallsAreRecordedWholeAndCancelledOnesAsFarAsTheyArrived() throws Exception {
		this.server.onPost("/v1/chat/completions").sse("openai/chat-stream-tool-calls.sse");
		this.runner.run((context) -> {
			StreamingChatModel model = context.getBean("openAiStreamingChatModel", StreamingChatModel.class);
			Recorder recorder = new Recorder();
			model.chat("What is the weather in Boston?", recorder);
			assertThat(recorder.completion.get(10, TimeUnit.SECONDS).aiMessage().toolExecutionRequests()).hasSize(1);
			SpanData complete = this.test.spans("chat").get(0);
			assertThat(complete.getAttributes().get(string("braintrust.output_json")))
				.contains("\"tool_calls\":[{\"id\":\"call_DdmO9pD3xa9XTPNJ32zg2hcA\"")
				.contains("\"name\":\"get_current_weather\"")
				.contains("Boston, MA")
				.contains("\"finish_reason\":\"tool_calls\"");
			CompletableFuture<Void> cancelled = new CompletableFuture<>();
			model.chat("What is the weather in Boston?", new StreamingChatResponseHandler() {

				@Override
				public void onPartialToolCall(PartialToolCall partialToolCall, PartialToolCallContext ctx) {
					if (partialToolCall.partialArguments().contains("location")) {
						ctx.streamingHandle().cancel();
						cancelled.complete(null);
					}
				}

				@Override
				public void onCompleteResponse(ChatResponse completeResponse) {
				}

				@Override
				public void onError(Throwable error) {
				}

			});
			cancelled.get(10, TimeUnit.SECONDS);
			SpanData partial = this.test.spans("chat").get(1);
			assertThat(partial.getEvents()).anySatisfy((event) -> assertThat(event.getName()).isEqualTo("cancelled"));
			assertThat(partial.getAttributes().get(string("braintrust.output_json")))
				.contains("\"name\":\"get_current_weather\"")
				.contains("location")
				.doesNotContain("Boston, MA");
		});
	}

	@Test
	void aiServiceCallWithAToolAndMemoryIsOneTraceWithTheConversationOnEverySpan() {
		this.server.onPost("/v1/chat/completions").json("openai/chat-tool-calls.json").once();
		this.server.onPost("/v1/chat/completions").json("openai/chat-after-tool.json").once();
		this.runner.withUserConfiguration(AssistantConfiguration.class).run((context) -> {
			Assistant assistant = context.getBean(Assistant.class);
			Span parent = this.test.openTelemetry.getTracer("test").spanBuilder("handle request").startSpan();
			String answer;
			try (Scope scope = parent.makeCurrent()) {
				answer = assistant.chat("alice", "What is the weather in Boston?");
			}
			finally {
				parent.end();
			}
			assertThat(answer).isEqualTo("It is 22 degrees and sunny in Boston.");
			assertThat(context.getBean(WeatherTools.class).locations).containsExactly("Boston, MA");
			List<SpanData> ours = this.test.spans()
				.stream()
				.filter((span) -> span.getAttributes().get(LangChain4jTestContext.OPERATION) != null)
				.toList();
			assertThat(ours).extracting(SpanData::getName)
				.containsExactly("chat gpt-4o-mini", "execute_tool get_current_weather", "chat gpt-4o-mini",
						"invoke_agent Assistant.chat");
			// The AiService call is the agent run the model calls and the tool run are
			// in.
			SpanData agent = ours.get(3);
			assertThat(agent.getParentSpanId()).isEqualTo(parent.getSpanContext().getSpanId());
			assertThat(agent.getKind()).isEqualTo(io.opentelemetry.api.trace.SpanKind.INTERNAL);
			assertThat(agent.getAttributes().get(string("braintrust.span_attributes")))
				.isEqualTo("{\"type\":\"task\",\"name\":\"Assistant.chat\"}");
			assertThat(agent.getAttributes().get(string("gen_ai.agent.name"))).isEqualTo("Assistant.chat");
			assertThat(agent.getAttributes().get(string("braintrust.input_json")))
				.isEqualTo("[\"alice\",\"What is the weather in Boston?\"]");
			assertThat(agent.getAttributes().get(string("braintrust.output_json")))
				.isEqualTo("\"It is 22 degrees and sunny in Boston.\"");
			assertThat(ours).allSatisfy((span) -> {
				assertThat(span.getTraceId()).isEqualTo(parent.getSpanContext().getTraceId());
				assertThat(span.getAttributes().get(string("gen_ai.conversation.id"))).isEqualTo("alice");
				assertThat(span.getAttributes().get(string("braintrust.metadata")))
					.as("Braintrust groups by the metadata's conversation_id")
					.contains("\"conversation_id\":\"alice\"");
			});
			assertThat(ours.subList(0, 3))
				.allSatisfy((span) -> assertThat(span.getParentSpanId()).isEqualTo(agent.getSpanId()));
			SpanData tool = ours.get(1);
			assertThat(tool.getAttributes().get(string("braintrust.span_attributes")))
				.isEqualTo("{\"type\":\"tool\",\"name\":\"get_current_weather\"}");
			assertThat(tool.getAttributes().get(string("gen_ai.tool.name"))).isEqualTo("get_current_weather");
			assertThat(tool.getAttributes().get(string("gen_ai.tool.call.id"))).isEqualTo("call_abc123");
			assertThat(tool.getAttributes().get(string("braintrust.input_json"))).contains("Boston, MA");
			assertThat(tool.getAttributes().get(string("braintrust.output_json"))).contains("22 degrees and sunny");
			// The tool was offered to the model, and its result sent back.
			assertThat(ours.get(0).getAttributes().get(string("braintrust.metadata")))
				.contains("\"name\":\"get_current_weather\"");
			assertThat(ours.get(2).getAttributes().get(string("braintrust.input_json"))).contains("\"role\":\"tool\"")
				.contains("\"tool_call_id\":\"call_abc123\"")
				.contains("\"tool_calls\":[");
			assertThat(info(context).patchedBeans()).anySatisfy((bean) -> {
				assertThat(bean.name()).isEqualTo("assistant");
				assertThat(bean.type()).isEqualTo(Assistant.class.getName());
			});
		});
	}

	@Test
	void aiServiceCallWithoutACurrentSpanIsStillOneTrace() {
		this.server.onPost("/v1/chat/completions").json("openai/chat-tool-calls.json").once();
		this.server.onPost("/v1/chat/completions").json("openai/chat-after-tool.json").once();
		this.runner.withUserConfiguration(AssistantConfiguration.class).run((context) -> {
			context.getBean(Assistant.class).chat("bob", "What is the weather in Boston?");
			List<SpanData> ours = this.test.spans()
				.stream()
				.filter((span) -> span.getAttributes().get(LangChain4jTestContext.OPERATION) != null)
				.toList();
			assertThat(ours).hasSize(4);
			SpanData agent = ours.get(3);
			assertThat(agent.getParentSpanContext().isValid()).as("the root of the trace").isFalse();
			assertThat(ours).allSatisfy((span) -> assertThat(span.getTraceId()).isEqualTo(agent.getTraceId()));
		});
	}

	@Test
	void toolsRunConcurrentlyAreChildrenOfTheirAiServiceCall() {
		this.server.onPost("/v1/chat/completions").json("openai/chat-parallel-tool-calls.json").once();
		this.server.onPost("/v1/chat/completions").json("openai/chat-after-tool.json").once();
		this.runner.withUserConfiguration(ConcurrentToolsConfiguration.class).run((context) -> {
			context.getBean(Assistant.class).chat("carol", "What is the weather in Boston and Paris?");
			List<SpanData> ours = this.test.spans()
				.stream()
				.filter((span) -> span.getAttributes().get(LangChain4jTestContext.OPERATION) != null)
				.toList();
			SpanData agent = ours.stream()
				.filter((span) -> span.getName().startsWith("invoke_agent"))
				.findFirst()
				.orElseThrow();
			List<SpanData> tools = ours.stream().filter((span) -> span.getName().startsWith("execute_tool")).toList();
			assertThat(context.getBean(WeatherTools.class).locations).containsExactlyInAnyOrder("Boston, MA",
					"Paris, France");
			assertThat(context.getBean(WeatherTools.class).threads)
				.as("the tools ran on the service's executor, not the caller's thread")
				.noneMatch(Thread.currentThread().getName()::equals);
			assertThat(tools).hasSize(2).allSatisfy((tool) -> {
				assertThat(tool.getTraceId()).isEqualTo(agent.getTraceId());
				assertThat(tool.getParentSpanId()).isEqualTo(agent.getSpanId());
				assertThat(tool.getAttributes().get(string("gen_ai.conversation.id"))).isEqualTo("carol");
			});
		});
	}

	@Test
	void imagesAreRecordedAsPlaceholdersOrTheirUrl() {
		this.server.onPost("/v1/chat/completions").json("openai/chat-basic.json");
		this.runner.run((context) -> {
			ChatModel model = context.getBean("openAiChatModel", ChatModel.class);
			String png = java.util.Base64.getEncoder().encodeToString(new byte[3000]);
			model.chat(UserMessage.from(TextContent.from("What is on these?"), ImageContent.from(png, "image/png"),
					ImageContent.from("https://example.com/cat.png")));
			String input = this.test.spans("chat").get(0).getAttributes().get(string("braintrust.input_json"));
			assertThat(input).contains("{\"type\":\"text\",\"text\":\"What is on these?\"}")
				.contains("[image image/png, 3000 bytes]")
				.contains("https://example.com/cat.png")
				.doesNotContain(png.substring(0, 64));
		});
	}

	@Test
	void aFailingToolIsAnErrorSpanAndTheServiceGoesOnAsUntraced() {
		this.server.onPost("/v1/chat/completions").json("openai/chat-tool-calls.json").once();
		this.server.onPost("/v1/chat/completions").json("openai/chat-after-tool.json").once();
		this.runner.withUserConfiguration(AssistantConfiguration.class)
			.withPropertyValues("test.weather.fail=true", "braintrust.integrations.langchain4j.capture-content=false")
			.run((context) -> {
				Assistant assistant = context.getBean(Assistant.class);
				assertThat(assistant.chat("bob", "What is the weather in Boston?"))
					.isEqualTo("It is 22 degrees and sunny in Boston.");
				SpanData tool = this.test.spans("execute_tool").get(0);
				assertThat(tool.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
				assertThat(tool.getAttributes().get(string("error.type")))
					.isEqualTo(IllegalStateException.class.getName());
				// Content capture off: no arguments, no result.
				assertThat(tool.getAttributes().get(string("braintrust.input_json"))).isNull();
				assertThat(tool.getAttributes().get(string("braintrust.output_json"))).isNull();
				assertThat(tool.getAttributes().get(string("gen_ai.conversation.id"))).isEqualTo("bob");
				// LangChain4j told the model about the failure, as it does untraced.
				this.server.takeRequest();
				assertThat(this.server.takeRequest().body()).contains("weather service down");
			});
	}

	@Test
	void streamingAiServiceStartedLaterIsStillOneTraceUnderTheServiceCallWithItsConversation() throws Exception {
		this.server.onPost("/v1/chat/completions").sse("openai/chat-stream-tool-calls.sse").once();
		this.server.onPost("/v1/chat/completions").sse("openai/chat-stream-usage.sse").once();
		this.runner.withUserConfiguration(AssistantConfiguration.class).run((context) -> {
			StreamingAssistant assistant = context.getBean(StreamingAssistant.class);
			Span parent = this.test.openTelemetry.getTracer("test").spanBuilder("handle request").startSpan();
			TokenStream stream;
			try (Scope scope = parent.makeCurrent()) {
				stream = assistant.chat("carol", "What is the weather in Boston?");
			}
			finally {
				parent.end();
			}
			// Started outside the caller's scope, on the proxy the builder methods
			// return.
			CompletableFuture<ChatResponse> done = new CompletableFuture<>();
			stream.onPartialResponse((text) -> {
			}).onCompleteResponse(done::complete).onError(done::completeExceptionally).start();
			assertThat(done.get(10, TimeUnit.SECONDS).aiMessage().text()).isEqualTo("The capital of France is Paris.");
			await().atMost(java.time.Duration.ofSeconds(10)).until(() -> this.test.spans("chat").size() == 2);
			List<SpanData> ours = this.test.spans()
				.stream()
				.filter((span) -> span.getAttributes().get(LangChain4jTestContext.OPERATION) != null)
				.toList();
			assertThat(ours).extracting(SpanData::getName)
				.containsExactly("chat gpt-4o-mini", "execute_tool get_current_weather", "chat gpt-4o-mini");
			assertThat(ours).allSatisfy((span) -> {
				assertThat(span.getParentSpanId()).isEqualTo(parent.getSpanContext().getSpanId());
				assertThat(span.getAttributes().get(string("gen_ai.conversation.id"))).isEqualTo("carol");
			});
			assertThat(ours.get(0).getAttributes().get(AttributeKey.booleanKey("gen_ai.request.stream"))).isTrue();
		});
	}

	@Test
	void embeddingsAreOneSpanWithTheSummaryAndUsage() {
		this.server.onPost("/v1/embeddings").json("openai/embeddings.json");
		this.runner.run((context) -> {
			EmbeddingModel model = context.getBean(EmbeddingModel.class);
			assertThat(model).isInstanceOf(OpenAiEmbeddingModel.class);
			var response = model.embedAll(
					List.of(TextSegment.from("The food was delicious"), TextSegment.from("The service was slow")));
			List<SpanData> embeddings = this.test.spans("embeddings");
			assertThat(embeddings).hasSize(1);
			SpanData span = embeddings.get(0);
			assertThat(span.getName()).isEqualTo("embeddings text-embedding-3-small");
			assertThat(span.getAttributes().get(string("gen_ai.provider.name"))).isEqualTo("openai");
			assertThat(span.getAttributes().get(string("braintrust.input_json")))
				.isEqualTo("{\"inputs\":[{\"content\":\"The food was delicious\"},"
						+ "{\"content\":\"The service was slow\"}]}");
			assertThat(span.getAttributes().get(string("braintrust.output_json"))).as("a count, never a vector")
				.isEqualTo("{\"count\":2}");
			assertThat(span.getAttributes().get(string("braintrust.span_attributes")))
				.isEqualTo("{\"type\":\"llm\",\"name\":\"langchain4j.embedding_model.embed\"}");
			assertThat(span.getAttributes().get(AttributeKey.longKey("gen_ai.usage.input_tokens"))).isNotNull();
		});
	}

	@Test
	void rateLimitIsRecordedAsRateLimitAndTheCallerGetsLangChain4jsException() {
		this.server.onPost("/v1/chat/completions").status(429).json("openai/error-rate-limit.json");
		this.runner.run((context) -> {
			ChatModel model = context.getBean("openAiChatModel", ChatModel.class);
			assertThatExceptionOfType(RateLimitException.class).isThrownBy(() -> model.chat("Hi"));
			assertError("rate_limit");
			assertThat(info(context).errors()).isEqualTo(1);
		});
	}

	@Test
	void invalidApiKeyIsRecordedAsAuthentication() {
		this.server.onPost("/v1/chat/completions").status(401).json("openai/error-invalid-api-key.json");
		this.runner.run((context) -> {
			ChatModel model = context.getBean("openAiChatModel", ChatModel.class);
			assertThatExceptionOfType(AuthenticationException.class).isThrownBy(() -> model.chat("Hi"));
			assertError("authentication");
		});
	}

	@Test
	void anthropicOverloadedIsRecordedAsServerError() {
		this.server.onPost("/v1/messages").status(529).json("anthropic/error-overloaded.json");
		this.runner.run((context) -> {
			ChatModel model = context.getBean("anthropicChatModel", ChatModel.class);
			assertThatExceptionOfType(InternalServerException.class).isThrownBy(() -> model.chat("Hi"));
			assertError("server_error");
		});
	}

	@Test
	void contentIsNotRecordedWhenCaptureIsOff() {
		this.server.onPost("/v1/chat/completions").json("openai/chat-basic.json");
		this.runner.withPropertyValues("braintrust.integrations.langchain4j.capture-content=false").run((context) -> {
			ChatModel model = context.getBean("openAiChatModel", ChatModel.class);
			assertThat(model.chat("What is the capital of France?")).isEqualTo("The capital of France is Paris.");
			SpanData span = this.test.spans("chat").get(0);
			assertThat(span.getAttributes().get(string("braintrust.input_json"))).isNull();
			assertThat(span.getAttributes().get(string("braintrust.output_json"))).isNull();
			assertThat(span.getAttributes().get(AttributeKey.longKey("gen_ai.usage.input_tokens"))).isEqualTo(23);
		});
	}

	@Test
	void disabledAtStartupWrapsNoBean() {
		this.server.onPost("/v1/chat/completions").json("openai/chat-basic.json");
		this.runner.withPropertyValues("braintrust.integrations.langchain4j.enabled=false").run((context) -> {
			OpenAiChatModel model = context.getBean(OpenAiChatModel.class);
			assertThat(AopUtils.isAopProxy(model)).isFalse();
			assertThat(model.chat("Hi")).isEqualTo("The capital of France is Paris.");
			assertThat(this.test.spans()).isEmpty();
			assertThat(info(context).status()).isEqualTo(IntegrationStatus.DISABLED);
		});
	}

	@Test
	void withoutLangChain4jTheIntegrationIsNotAvailable() {
		this.test.runner()
			.withClassLoader(new FilteredClassLoader("dev.langchain4j."))
			.run((context) -> assertThat(info(context).status()).isEqualTo(IntegrationStatus.NOT_AVAILABLE));
	}

	private void assertError(String errorType) {
		List<SpanData> chat = this.test.spans("chat");
		assertThat(chat).hasSize(1);
		assertThat(chat.get(0).getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
		assertThat(chat.get(0).getAttributes().get(string("error.type"))).isEqualTo(errorType);
	}

	private static IntegrationInfo info(ApplicationContext context) {
		return context.getBean(IntegrationRegistry.class).find(LangChain4jIntegration.NAME).orElseThrow();
	}

	private static AttributeKey<String> string(String key) {
		return AttributeKey.stringKey(key);
	}

	/**
	 * A handler that records what it gets and the span current in each callback.
	 */
	static final class Recorder implements StreamingChatResponseHandler {

		final List<String> partials = new CopyOnWriteArrayList<>();

		final List<SpanContext> contexts = new CopyOnWriteArrayList<>();

		final CompletableFuture<ChatResponse> completion = new CompletableFuture<>();

		final CompletableFuture<Throwable> failure = new CompletableFuture<>();

		@Override
		public void onPartialResponse(String partialResponse) {
			this.partials.add(partialResponse);
			this.contexts.add(Span.current().getSpanContext());
		}

		@Override
		public void onCompleteResponse(ChatResponse completeResponse) {
			this.contexts.add(Span.current().getSpanContext());
			this.completion.complete(completeResponse);
		}

		@Override
		public void onError(Throwable error) {
			this.failure.complete(error);
			this.completion.completeExceptionally(error);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ConcurrentToolsConfiguration {

		@Bean
		WeatherTools weatherTools() {
			return new WeatherTools(false);
		}

		@Bean
		Assistant assistant(@Qualifier("openAiChatModel") ChatModel model, WeatherTools tools) {
			return AiServices.builder(Assistant.class)
				.chatModel(model)
				.tools(tools)
				.executeToolsConcurrently()
				.chatMemoryProvider((id) -> MessageWindowChatMemory.withMaxMessages(10))
				.build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class AssistantConfiguration {

		@Bean
		WeatherTools weatherTools(@Value("${test.weather.fail:false}") boolean fail) {
			return new WeatherTools(fail);
		}

		@Bean
		StreamingAssistant streamingAssistant(
				@Qualifier("openAiStreamingChatModel") dev.langchain4j.model.chat.StreamingChatModel model,
				WeatherTools tools) {
			return AiServices.builder(StreamingAssistant.class)
				.streamingChatModel(model)
				.tools(tools)
				.chatMemoryProvider((id) -> MessageWindowChatMemory.withMaxMessages(10))
				.build();
		}

		@Bean
		Assistant assistant(@Qualifier("openAiChatModel") ChatModel model, WeatherTools tools) {
			return AiServices.builder(Assistant.class)
				.chatModel(model)
				.tools(tools)
				.chatMemoryProvider((id) -> MessageWindowChatMemory.withMaxMessages(10))
				.build();
		}

	}

	interface Assistant {

		String chat(@MemoryId String user, @dev.langchain4j.service.UserMessage String message);

	}

	interface StreamingAssistant {

		TokenStream chat(@MemoryId String user, @dev.langchain4j.service.UserMessage String message);

	}

	static class WeatherTools {

		final List<String> locations = new CopyOnWriteArrayList<>();

		final List<String> threads = new CopyOnWriteArrayList<>();

		private final boolean fail;

		WeatherTools(boolean fail) {
			this.fail = fail;
		}

		@Tool(name = "get_current_weather", value = "The current weather at a location")
		String weather(String location) {
			this.locations.add(location);
			this.threads.add(Thread.currentThread().getName());
			if (this.fail) {
				throw new IllegalStateException("weather service down");
			}
			return "22 degrees and sunny";
		}

	}

}
