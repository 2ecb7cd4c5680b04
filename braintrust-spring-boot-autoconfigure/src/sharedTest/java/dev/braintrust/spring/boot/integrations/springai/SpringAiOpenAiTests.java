package dev.braintrust.spring.boot.integrations.springai;

import dev.braintrust.spring.boot.testsupport.BootLine;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.braintrust.spring.boot.autoconfigure.BraintrustTracedAutoConfiguration;
import dev.braintrust.spring.boot.integration.IntegrationRegistry;
import dev.braintrust.spring.boot.integration.IntegrationStatus;
import dev.braintrust.spring.boot.testsupport.MockLlmServer;
import dev.braintrust.spring.boot.trace.Traced;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.client.advisor.MessageChatMemoryAdvisor;
import org.springframework.ai.chat.memory.ChatMemory;
import org.springframework.ai.chat.memory.MessageWindowChatMemory;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.content.Media;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.model.openai.autoconfigure.OpenAiChatAutoConfiguration;
import org.springframework.ai.model.openai.autoconfigure.OpenAiEmbeddingAutoConfiguration;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.ai.openai.OpenAiEmbeddingModel;
import org.springframework.ai.tool.annotation.Tool;
import org.springframework.ai.tool.annotation.ToolParam;
import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.util.MimeTypeUtils;

import static dev.braintrust.spring.boot.integrations.springai.SpringAiTestContext.nativeModelSpans;
import static dev.braintrust.spring.boot.integrations.springai.SpringAiTestContext.ourSpans;
import static dev.braintrust.spring.boot.integrations.springai.SpringAiTestContext.spans;
import static dev.braintrust.spring.boot.testsupport.SpanContract.assertAttributeNames;
import static dev.braintrust.spring.boot.testsupport.SpanContract.assertSpanOrigin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * The Spring AI integration with Spring AI's real {@code OpenAiChatModel} and
 * {@code OpenAiEmbeddingModel}, created by Spring AI's own auto-configuration and talking
 * HTTP to a local server that replays OpenAI's payloads.
 */
class SpringAiOpenAiTests {

	private MockLlmServer server;

	private ApplicationContextRunner runner;

	@BeforeEach
	void startServer() {
		this.server = MockLlmServer.start();
		this.runner = SpringAiTestContext
			.runner(OpenAiChatAutoConfiguration.class, OpenAiEmbeddingAutoConfiguration.class)
			.withPropertyValues("spring.ai.openai.api-key=sk-test",
					"spring.ai.openai.base-url=" + this.server.baseUrl() + SpringAiLine.OPENAI_BASE_PATH,
					"spring.ai.openai.max-retries=0", "spring.ai.openai.chat.options.model=gpt-4o-mini",
					"spring.ai.openai.embedding.options.model=text-embedding-3-small");
	}

	@AfterEach
	void stopServer() {
		this.server.close();
	}

	@Test
	void plainCallIsOneChatSpanWithTheSpanContract() {
		this.server.onPost("/v1/chat/completions").json("springai/openai/chat-basic.json");
		this.runner.run((context) -> {
			// Spring AI's model keeps its class: it is traced through its observation.
			OpenAiChatModel model = context.getBean(OpenAiChatModel.class);
			assertThat(AopUtils.isAopProxy(model)).isEqualTo(SpringAiLine.OWN_MODELS_PROXIED);
			assertThat(model.call("What is the capital of France?")).isEqualTo("The capital of France is Paris.");
			assertThat(this.server.takeRequest().body()).contains("\"model\":\"gpt-4o-mini\"");
			List<SpanData> chat = ourSpans(context, "chat");
			assertThat(chat).hasSize(1);
			assertThat(nativeModelSpans(context)).isEmpty();
			SpanData span = chat.get(0);
			assertThat(span.getName()).isEqualTo("chat gpt-4o-mini");
			assertThat(span.getKind()).isEqualTo(SpanKind.CLIENT);
			assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
			Attributes attributes = span.getAttributes();
			assertThat(attributes.get(string("gen_ai.provider.name"))).isEqualTo("openai");
			assertThat(attributes.get(string("gen_ai.request.model"))).isEqualTo("gpt-4o-mini");
			assertThat(attributes.get(AttributeKey.booleanKey("gen_ai.request.stream"))).isFalse();
			assertThat(attributes.get(string("gen_ai.response.model"))).isEqualTo("gpt-4o-mini-2024-07-18");
			assertThat(attributes.get(string("gen_ai.response.id")))
				.isEqualTo("chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT");
			assertThat(attributes.get(AttributeKey.stringArrayKey("gen_ai.response.finish_reasons")))
				.containsExactly("stop");
			assertThat(attributes.get(AttributeKey.longKey("gen_ai.usage.input_tokens"))).isEqualTo(23);
			assertThat(attributes.get(AttributeKey.longKey("gen_ai.usage.output_tokens"))).isEqualTo(7);
			assertThat(attributes.get(string("braintrust.span_attributes")))
				.isEqualTo("{\"type\":\"llm\",\"name\":\"spring_ai.chat_model.call\"}");
			assertThat(attributes.get(string("braintrust.input_json")))
				.isEqualTo("[{\"role\":\"user\",\"content\":\"What is the capital of France?\"}]");
			assertThat(attributes.get(string("braintrust.output_json"))).isEqualTo(
					"[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"The capital of France is Paris.\"},"
							+ "\"finish_reason\":\"stop\"}]");
			assertThat(attributes.get(string("braintrust.metadata")))
				.isEqualTo("{\"provider\":\"openai\",\"model\":\"gpt-4o-mini-2024-07-18\""
						+ SpringAiLine.OPENAI_DEFAULT_OPTIONS_METADATA + "}");
			assertThat(attributes.get(string("braintrust.metrics")))
				.isEqualTo("{\"prompt_tokens\":23,\"completion_tokens\":7,\"tokens\":30,\"prompt_cached_tokens\":0,"
						+ "\"completion_reasoning_tokens\":0}");
			assertSpanOrigin(span, "spring-ai");
			List<String> names = new ArrayList<>(List.of("gen_ai.operation.name", "gen_ai.provider.name",
					"gen_ai.request.model", "gen_ai.request.stream", "gen_ai.response.model", "gen_ai.response.id",
					"gen_ai.response.finish_reasons", "gen_ai.usage.input_tokens", "gen_ai.usage.output_tokens",
					"gen_ai.usage.cache_read.input_tokens", "gen_ai.usage.reasoning.output_tokens",
					"braintrust.span_attributes", "braintrust.context_json", "braintrust.input_json",
					"braintrust.output_json", "braintrust.metadata", "braintrust.metrics"));
			names.addAll(List.of(SpringAiLine.OPENAI_DEFAULT_OPTION_ATTRIBUTES));
			assertAttributeNames(span, names.toArray(String[]::new));
			// Spring AI's metrics of the call are replaced by ours.
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(meters.get("gen_ai.client.operation.duration")
				.tag("gen_ai.provider.name", "openai")
				.tag("gen_ai.operation.name", "chat")
				.timer()
				.count()).isEqualTo(1);
		});
	}

	@Test
	void imageBytesAreRecordedAsAPlaceholderWithTheirTypeAndSize() {
		this.server.onPost("/v1/chat/completions").json("springai/openai/chat-basic.json");
		this.runner.run((context) -> {
			byte[] image = new byte[1024 * 1024];
			UserMessage message = UserMessage.builder()
				.text("What is in this picture?")
				.media(new Media(MimeTypeUtils.IMAGE_PNG, new ByteArrayResource(image)))
				.build();
			context.getBean(ChatModel.class).call(new Prompt(message));
			String input = ourSpans(context, "chat").get(0).getAttributes().get(string("braintrust.input_json"));
			assertThat(input).contains("[image image/png, 1048576 bytes]").doesNotContain("base64");
		});
	}

	@Test
	void imageBytesAreInlinedWhenAskedAndTheyFitTheContentBound() {
		this.server.onPost("/v1/chat/completions").json("springai/openai/chat-basic.json");
		this.runner.withPropertyValues("braintrust.integrations.spring-ai.inline-media=true").run((context) -> {
			ChatModel model = context.getBean(ChatModel.class);
			model.call(new Prompt(UserMessage.builder()
				.text("Small")
				.media(new Media(MimeTypeUtils.IMAGE_PNG, new ByteArrayResource(new byte[] { 1, 2, 3 })))
				.build()));
			model.call(new Prompt(UserMessage.builder()
				.text("Large")
				.media(new Media(MimeTypeUtils.IMAGE_PNG, new ByteArrayResource(new byte[1024 * 1024])))
				.build()));
			List<SpanData> spans = ourSpans(context, "chat");
			assertThat(spans.get(0).getAttributes().get(string("braintrust.input_json")))
				.contains("data:image/png;base64,AQID");
			assertThat(spans.get(1).getAttributes().get(string("braintrust.input_json")))
				.contains("[image image/png, 1048576 bytes]");
		});
	}

	@Test
	void systemPromptMultiTurnAndOptionsAreWrittenInOpenAiShape() {
		this.server.onPost("/v1/chat/completions").json("springai/openai/chat-multi-turn.json");
		this.runner.run((context) -> {
			ChatModel model = context.getBean(ChatModel.class);
			Prompt prompt = new Prompt(List.of(new SystemMessage("You are a helpful assistant"),
					new UserMessage("What is the capital of France?"),
					new AssistantMessage("The capital of France is Paris."), new UserMessage("And its population?")),
					OpenAiChatOptions.builder()
						.model("gpt-4o-mini")
						.temperature(0.2)
						.topP(0.9)
						.maxTokens(256)
						.stop(List.of("\n\n"))
						.frequencyPenalty(0.1)
						.presencePenalty(0.3)
						.build());
			ChatResponse response = model.call(prompt);
			assertThat(response.getResult().getOutput().getText())
				.isEqualTo("Its population is about 2.1 million people.");
			SpanData span = ourSpans(context, "chat").get(0);
			Attributes attributes = span.getAttributes();
			assertThat(attributes.get(string("braintrust.input_json")))
				.isEqualTo("[{\"role\":\"system\",\"content\":\"You are a helpful assistant\"},"
						+ "{\"role\":\"user\",\"content\":\"What is the capital of France?\"},"
						+ "{\"role\":\"assistant\",\"content\":\"The capital of France is Paris.\"},"
						+ "{\"role\":\"user\",\"content\":\"And its population?\"}]");
			assertThat(attributes.get(string("braintrust.metadata"))).isEqualTo(
					"{\"provider\":\"openai\",\"model\":\"gpt-4o-mini-2024-07-18\",\"temperature\":0.2,\"top_p\":0.9,"
							+ "\"max_tokens\":256,\"stop\":[\"\\n\\n\"],\"frequency_penalty\":0.1,"
							+ "\"presence_penalty\":0.3}");
			assertThat(attributes.get(AttributeKey.doubleKey("gen_ai.request.temperature"))).isEqualTo(0.2);
			assertThat(attributes.get(AttributeKey.doubleKey("gen_ai.request.top_p"))).isEqualTo(0.9);
			assertThat(attributes.get(AttributeKey.longKey("gen_ai.request.max_tokens"))).isEqualTo(256);
			assertThat(attributes.get(string("braintrust.metrics"))).isEqualTo(
					"{\"prompt_tokens\":1117,\"completion_tokens\":12,\"tokens\":1129,\"prompt_cached_tokens\":1024,"
							+ "\"completion_reasoning_tokens\":0}");
		});
	}

	@Test
	void toolRoundTripThroughChatClientIsChatToolChatUnderTheChatClientSpan() {
		this.server.onPost("/v1/chat/completions").once().json("springai/openai/chat-tool-call.json");
		this.server.onPost("/v1/chat/completions").once().json("springai/openai/chat-tool-final.json");
		this.runner.run((context) -> {
			ChatClient client = context.getBean(ChatClient.Builder.class).build();
			String answer = client.prompt()
				.user("What is the weather in Paris?")
				.tools(new WeatherTools())
				.call()
				.content();
			assertThat(answer).isEqualTo("It is 18°C and sunny in Paris.");
			List<SpanData> all = spans(context);
			List<SpanData> chats = ourSpans(context, "chat");
			List<SpanData> tools = ourSpans(context, "execute_tool");
			assertThat(chats).hasSize(2);
			assertThat(tools).hasSize(1);
			assertThat(nativeModelSpans(context)).isEmpty();
			// Spring AI's own tool span is suppressed too: one span per tool call.
			assertThat(all).filteredOn((span) -> span.getName().contains("currentWeather")).hasSize(1);
			SpanData chatClient = all.stream()
				.filter((span) -> span.getName().contains("chat_client"))
				.findFirst()
				.orElseThrow();
			Map<String, SpanData> byId = all.stream().collect(Collectors.toMap(SpanData::getSpanId, (span) -> span));
			for (SpanData span : List.of(chats.get(0), tools.get(0), chats.get(1))) {
				assertThat(span.getTraceId()).isEqualTo(chatClient.getTraceId());
				assertThat(ancestors(span, byId)).contains(chatClient.getSpanId());
			}
			SpanData first = chats.get(0);
			SpanData tool = tools.get(0);
			SpanData second = chats.get(1);
			assertThat(first.getEndEpochNanos()).isLessThanOrEqualTo(tool.getStartEpochNanos());
			assertThat(tool.getEndEpochNanos()).isLessThanOrEqualTo(second.getStartEpochNanos());
			// The tool span
			Attributes toolAttributes = tool.getAttributes();
			assertThat(tool.getName()).isEqualTo("execute_tool currentWeather");
			assertThat(toolAttributes.get(string("braintrust.span_attributes")))
				.isEqualTo("{\"type\":\"tool\",\"name\":\"currentWeather\"}");
			assertSpanOrigin(tool, "spring-ai");
			assertAttributeNames(tool, "gen_ai.operation.name", "gen_ai.provider.name", "gen_ai.request.stream",
					"gen_ai.tool.name", "gen_ai.tool.call.id", "braintrust.span_attributes", "braintrust.context_json",
					"braintrust.input_json", "braintrust.output_json", "braintrust.metadata");
			assertThat(toolAttributes.get(string("gen_ai.operation.name"))).isEqualTo("execute_tool");
			assertThat(toolAttributes.get(string("gen_ai.tool.name"))).isEqualTo("currentWeather");
			assertThat(toolAttributes.get(string("gen_ai.tool.call.id"))).isEqualTo("call_9Vn2QFpFIdyUxUkPjn5rEhsk");
			assertThat(toolAttributes.get(string("braintrust.input_json"))).isEqualTo("{\"city\":\"Paris\"}");
			assertThat(toolAttributes.get(string("braintrust.output_json"))).contains("18°C and sunny in Paris");
			// The first chat offered the tool and asked for it
			assertThat(first.getAttributes().get(string("braintrust.metadata"))).contains("\"tools\":[{\"type\":"
					+ "\"function\",\"function\":{\"name\":\"currentWeather\",\"description\":\"The current weather in a city\"");
			assertThat(first.getAttributes().get(string("braintrust.output_json")))
				.isEqualTo("[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":"
						+ "\"call_9Vn2QFpFIdyUxUkPjn5rEhsk\",\"type\":\"function\",\"function\":{\"name\":"
						+ "\"currentWeather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}]},"
						+ "\"finish_reason\":\"tool_calls\"}]");
			assertThat(first.getAttributes().get(AttributeKey.stringArrayKey("gen_ai.response.finish_reasons")))
				.containsExactly("tool_calls");
			// The second chat sent the tool call and its result back
			assertThat(second.getAttributes().get(string("braintrust.input_json")))
				.isEqualTo("[{\"role\":\"user\",\"content\":\"What is the weather in Paris?\"},"
						+ "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_9Vn2QFpFIdyUxUkPjn5rEhsk\","
						+ "\"type\":\"function\",\"function\":{\"name\":\"currentWeather\",\"arguments\":"
						+ "\"{\\\"city\\\":\\\"Paris\\\"}\"}}]},{\"role\":\"tool\",\"content\":"
						+ "\"\\\"18°C and sunny in Paris\\\"\",\"tool_call_id\":\"call_9Vn2QFpFIdyUxUkPjn5rEhsk\"}]");
		});
	}

	@Test
	void streamedToolRoundTripThroughChatClientIsChatToolChatUnderTheChatClientSpan() {
		this.server.onPost("/v1/chat/completions").once().sse("springai/openai/chat-tool-call-stream.sse");
		this.server.onPost("/v1/chat/completions").once().sse("springai/openai/chat-tool-final-stream.sse");
		this.runner.run((context) -> {
			ChatClient client = context.getBean(ChatClient.Builder.class).build();
			List<String> chunks = client.prompt()
				.user("What is the weather in Paris?")
				.tools(new WeatherTools())
				.stream()
				.content()
				.collectList()
				.block();
			assertThat(String.join("", chunks)).isEqualTo("It is 18°C and sunny in Paris.");
			// The ChatClient ends its observation in doFinally, after the subscriber
			// has seen onComplete.
			await().untilAsserted(
					() -> assertThat(spans(context)).anyMatch((span) -> span.getName().contains("chat_client")));
			List<SpanData> all = spans(context);
			List<SpanData> chats = ourSpans(context, "chat");
			List<SpanData> tools = ourSpans(context, "execute_tool");
			assertThat(chats).hasSize(2);
			assertThat(tools).hasSize(1);
			assertThat(nativeModelSpans(context)).isEmpty();
			assertThat(all).filteredOn((span) -> span.getName().contains("currentWeather")).hasSize(1);
			SpanData chatClient = all.stream()
				.filter((span) -> span.getName().contains("chat_client"))
				.findFirst()
				.orElseThrow();
			Map<String, SpanData> byId = all.stream().collect(Collectors.toMap(SpanData::getSpanId, (span) -> span));
			for (SpanData span : List.of(chats.get(0), tools.get(0), chats.get(1))) {
				assertThat(span.getTraceId()).isEqualTo(chatClient.getTraceId());
				assertThat(ancestors(span, byId)).contains(chatClient.getSpanId());
			}
			SpanData first = chats.stream()
				.filter((span) -> "chatcmpl-BAm3tq1dIyWsq4QKrxV5W2LkLX8zd"
					.equals(span.getAttributes().get(string("gen_ai.response.id"))))
				.findFirst()
				.orElseThrow();
			SpanData second = chats.stream().filter((span) -> span != first).findFirst().orElseThrow();
			SpanData tool = tools.get(0);
			assertThat(first.getEndEpochNanos()).isLessThanOrEqualTo(tool.getStartEpochNanos());
			assertThat(tool.getEndEpochNanos()).isLessThanOrEqualTo(second.getStartEpochNanos());
			// The first round streamed the tool call in pieces: one call, its arguments
			// joined.
			assertThat(first.getAttributes().get(AttributeKey.booleanKey("gen_ai.request.stream"))).isTrue();
			assertThat(first.getAttributes().get(string("braintrust.output_json")))
				.isEqualTo("[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":"
						+ "\"call_9Vn2QFpFIdyUxUkPjn5rEhsk\",\"type\":\"function\",\"function\":{\"name\":"
						+ "\"currentWeather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}]},"
						+ "\"finish_reason\":\"tool_calls\"}]");
			assertThat(tool.getAttributes().get(string("gen_ai.tool.call.id")))
				.isEqualTo("call_9Vn2QFpFIdyUxUkPjn5rEhsk");
			assertThat(tool.getAttributes().get(string("braintrust.input_json"))).isEqualTo("{\"city\":\"Paris\"}");
			// The second round sent the tool call and its result back, and streamed the
			// answer.
			assertThat(second.getAttributes().get(string("braintrust.input_json")))
				.contains("{\"role\":\"tool\",\"content\":\"\\\"18°C and sunny in Paris\\\"\","
						+ "\"tool_call_id\":\"call_9Vn2QFpFIdyUxUkPjn5rEhsk\"}");
			assertThat(second.getAttributes().get(string("braintrust.output_json"))).isEqualTo(
					"[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"It is 18°C and sunny in Paris.\"},"
							+ "\"finish_reason\":\"stop\"}]");
		});
	}

	@Test
	void streamingIsOneSpanWithTheAggregatedOutputAndUsage() {
		this.server.onPost("/v1/chat/completions").sse("springai/openai/chat-stream.sse");
		this.runner.withPropertyValues("spring.ai.openai.chat.options.stream-options.include-usage=true")
			.run((context) -> {
				ChatModel model = context.getBean(ChatModel.class);
				List<String> chunks = model.stream("What is the capital of France?").collectList().block();
				assertThat(String.join("", chunks)).isEqualTo("The capital of France is Paris.");
				// The model ends its observation after its subscriber saw the end.
				await().untilAsserted(() -> assertThat(ourSpans(context, "chat")).hasSize(1));
				assertThat(nativeModelSpans(context)).isEmpty();
				Attributes attributes = ourSpans(context, "chat").get(0).getAttributes();
				assertThat(attributes.get(AttributeKey.booleanKey("gen_ai.request.stream"))).isTrue();
				assertThat(attributes.get(string("gen_ai.response.id")))
					.isEqualTo("chatcmpl-B9MX4qL0r8hUsYD2rAcWxeAl5rJ7d");
				assertThat(attributes.get(string("braintrust.output_json"))).isEqualTo(
						"[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"The capital of France is Paris.\"},"
								+ "\"finish_reason\":\"stop\"}]");
				assertThat(attributes.get(AttributeKey.longKey("gen_ai.usage.input_tokens"))).isEqualTo(23);
				assertThat(attributes.get(AttributeKey.longKey("gen_ai.usage.output_tokens"))).isEqualTo(7);
				assertThat(attributes.get(string("braintrust.metrics"))).contains("\"prompt_tokens\":23");
				// Spring AI 2.0's observation of the final model's call does not tell
				// when
				// the first chunk arrived; 1.1's model has a proxy that does (see the
				// README).
				Double firstChunk = attributes.get(AttributeKey.doubleKey("gen_ai.response.time_to_first_chunk"));
				if (SpringAiLine.STREAM_TIME_TO_FIRST_CHUNK) {
					assertThat(firstChunk).isPositive();
				}
				else {
					assertThat(firstChunk).isNull();
				}
			});
	}

	@Test
	void chatClientCallWithAConversationIdRecordsItOnTheModelCall() {
		this.server.onPost("/v1/chat/completions").json("springai/openai/chat-basic.json");
		this.runner.run((context) -> {
			ChatMemory memory = MessageWindowChatMemory.builder().build();
			ChatClient client = context.getBean(ChatClient.Builder.class)
				.defaultAdvisors(MessageChatMemoryAdvisor.builder(memory).build())
				.build();
			client.prompt()
				.user("What is the capital of France?")
				.advisors((advisors) -> advisors.param(ChatMemory.CONVERSATION_ID, "alice"))
				.call()
				.content();
			context.getBean(ChatClient.Builder.class).build().prompt().user("And of Italy?").call().content();
			List<SpanData> chat = ourSpans(context, "chat");
			assertThat(chat).hasSize(2);
			assertThat(chat.get(0).getAttributes().get(string("gen_ai.conversation.id"))).isEqualTo("alice");
			assertThat(chat.get(1).getAttributes().get(string("gen_ai.conversation.id")))
				.as("a ChatClient call without a conversation")
				.isNull();
		});
	}

	@Test
	void conversationOfAChatClientCallIsOnItsModelCallsToolRunsAndTracedMethods() {
		this.server.onPost("/v1/chat/completions").once().json("springai/openai/chat-tool-call.json");
		this.server.onPost("/v1/chat/completions").once().json("springai/openai/chat-tool-final.json");
		this.runner
			.withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, BootLine.JACKSON,
					BraintrustTracedAutoConfiguration.class))
			.withBean(Forecasts.class)
			.run((context) -> {
				ChatMemory memory = MessageWindowChatMemory.builder().build();
				ChatClient client = context.getBean(ChatClient.Builder.class)
					.defaultAdvisors(MessageChatMemoryAdvisor.builder(memory).build())
					.build();
				String answer = client.prompt()
					.user("What is the weather in Paris?")
					.tools(new ForecastTools(context.getBean(Forecasts.class)))
					.advisors((advisors) -> advisors.param(ChatMemory.CONVERSATION_ID, "alice"))
					.call()
					.content();
				assertThat(answer).isEqualTo("It is 18°C and sunny in Paris.");
				List<SpanData> chats = ourSpans(context, "chat");
				List<SpanData> tools = ourSpans(context, "execute_tool");
				SpanData forecast = spans(context).stream()
					.filter((span) -> span.getName().equals("forecast"))
					.findFirst()
					.orElseThrow();
				assertThat(forecast.getParentSpanId()).isEqualTo(tools.get(0).getSpanId());
				List<SpanData> all = new ArrayList<>(chats);
				all.addAll(tools);
				all.add(forecast);
				assertThat(all).hasSize(4).allSatisfy((span) -> {
					assertThat(span.getAttributes().get(string("gen_ai.conversation.id"))).isEqualTo("alice");
					assertThat(span.getAttributes().get(string("braintrust.metadata")))
						.contains("\"conversation_id\":\"alice\"");
				});
			});
	}

	@Test
	void streamingThroughChatClientIsAChildOfTheChatClientSpan() {
		this.server.onPost("/v1/chat/completions").sse("springai/openai/chat-stream.sse");
		this.runner.run((context) -> {
			ChatClient client = context.getBean(ChatClient.Builder.class).build();
			List<String> chunks = client.prompt()
				.user("What is the capital of France?")
				.stream()
				.content()
				.collectList()
				.block();
			assertThat(String.join("", chunks)).isEqualTo("The capital of France is Paris.");
			// The ChatClient ends its observation in doFinally, after the subscriber
			// has seen onComplete.
			await().untilAsserted(
					() -> assertThat(spans(context)).anyMatch((span) -> span.getName().contains("chat_client")));
			spans(context).forEach((span) -> System.out.println("SPAN " + span.getName() + " " + span.getTraceId() + " "
					+ span.getSpanId() + " <- " + span.getParentSpanId()));
			List<SpanData> all = spans(context);
			SpanData chatClient = all.stream()
				.filter((span) -> span.getName().contains("chat_client"))
				.findFirst()
				.orElseThrow();
			List<SpanData> chat = ourSpans(context, "chat");
			assertThat(chat).hasSize(1);
			assertThat(nativeModelSpans(context)).isEmpty();
			assertThat(chat.get(0).getTraceId()).isEqualTo(chatClient.getTraceId());
			assertThat(
					ancestors(chat.get(0), all.stream().collect(Collectors.toMap(SpanData::getSpanId, (span) -> span))))
				.contains(chatClient.getSpanId());
		});
	}

	@Test
	void streamCancelledAfterFirstChunkEndsSpanOnce() {
		this.server.onPost("/v1/chat/completions").sse("springai/openai/chat-stream.sse");
		this.runner.run((context) -> {
			ChatModel model = context.getBean(ChatModel.class);
			Flux<ChatResponse> stream = model.stream(new Prompt("What is the capital of France?"));
			List<ChatResponse> first = stream.take(1).collectList().block();
			assertThat(first).hasSize(1);
			await().untilAsserted(() -> assertThat(ourSpans(context, "chat")).hasSize(1));
			SpanData span = ourSpans(context, "chat").get(0);
			assertThat(span.hasEnded()).isTrue();
			assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
			assertThat(span.getEvents()).extracting("name").contains("cancelled");
		});
	}

	@Test
	void rateLimitReachesTheCallerUnchangedAndTheSpanRecordsIt() {
		this.server.onPost("/v1/chat/completions")
			.status(429)
			.header("retry-after", "20")
			.json("springai/openai/error-429.json");
		this.runner.run((context) -> {
			ChatModel model = context.getBean(ChatModel.class);
			assertThatExceptionOfType(SpringAiLine.OPENAI_RATE_LIMIT).isThrownBy(() -> model.call("Hello"))
				.withMessageContaining("Rate limit reached");
			SpanData span = ourSpans(context, "chat").get(0);
			assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
			assertThat(span.getAttributes().get(string("error.type"))).isEqualTo("rate_limit");
			assertThat(span.getEvents()).extracting("name").contains("exception");
			assertThat(nativeModelSpans(context)).isEmpty();
		});
	}

	@Test
	void authenticationFailureReachesTheCallerUnchangedAndTheSpanRecordsIt() {
		this.server.onPost("/v1/chat/completions").status(401).json("springai/openai/error-401.json");
		this.runner.run((context) -> {
			ChatModel model = context.getBean(ChatModel.class);
			assertThatExceptionOfType(SpringAiLine.OPENAI_UNAUTHORIZED).isThrownBy(() -> model.call("Hello"));
			SpanData span = ourSpans(context, "chat").get(0);
			assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
			assertThat(span.getAttributes().get(string("error.type"))).isEqualTo("authentication");
		});
	}

	@Test
	void embeddingsCallIsOneEmbeddingsSpan() {
		this.server.onPost("/v1/embeddings").json("springai/openai/embeddings.json");
		this.runner.run((context) -> {
			EmbeddingModel model = context.getBean(EmbeddingModel.class);
			List<float[]> vectors = model.embed(List.of("Paris", "Berlin"));
			assertThat(vectors).hasSize(2);
			assertThat(vectors.get(0)).hasSize(4);
			List<SpanData> embeddings = ourSpans(context, "embeddings");
			assertThat(embeddings).hasSize(1);
			assertThat(nativeModelSpans(context)).isEmpty();
			SpanData span = embeddings.get(0);
			Attributes attributes = span.getAttributes();
			assertThat(span.getName()).isEqualTo(SpringAiLine.OPENAI_EMBEDDINGS_SPAN_NAME);
			assertThat(attributes.get(string("gen_ai.provider.name"))).isEqualTo("openai");
			assertThat(attributes.get(string("gen_ai.response.model"))).isEqualTo("text-embedding-3-small");
			assertThat(attributes.get(AttributeKey.longKey("gen_ai.usage.input_tokens"))).isEqualTo(9);
			assertThat(attributes.get(string("braintrust.input_json")))
				.isEqualTo("{\"inputs\":[{\"content\":\"Paris\"},{\"content\":\"Berlin\"}]}");
			assertThat(attributes.get(string("braintrust.output_json"))).isEqualTo("{\"count\":2}");
			assertThat(attributes.get(string("braintrust.span_attributes")))
				.isEqualTo("{\"type\":\"llm\",\"name\":\"spring_ai.embedding_model.call\"}");
			assertSpanOrigin(span, "spring-ai");
		});
	}

	@Test
	void disabledIntegrationWrapsNothingAndSpringAiObservesItsOwnCalls() {
		this.server.onPost("/v1/chat/completions").json("springai/openai/chat-basic.json");
		this.runner.withPropertyValues("braintrust.integrations.spring-ai.enabled=false").run((context) -> {
			ChatModel model = context.getBean(ChatModel.class);
			assertThat(AopUtils.isAopProxy(model)).isFalse();
			assertThat(AopUtils.isAopProxy(context.getBean(EmbeddingModel.class))).isFalse();
			assertThat(model.call("What is the capital of France?")).isEqualTo("The capital of France is Paris.");
			assertThat(ourSpans(context, "chat")).isEmpty();
			assertThat(nativeModelSpans(context)).hasSize(1);
			assertThat(context.getBean(IntegrationRegistry.class).find("spring-ai").orElseThrow().status())
				.isEqualTo(IntegrationStatus.DISABLED);
		});
	}

	@Test
	void integrationSwitchedOffAtRuntimeLetsSpringAiObserveItsOwnCalls() {
		this.server.onPost("/v1/chat/completions").json("springai/openai/chat-basic.json");
		this.runner.run((context) -> {
			ChatModel model = context.getBean(ChatModel.class);
			context.getBean(IntegrationRegistry.class).setEnabled("spring-ai", false);
			model.call("What is the capital of France?");
			assertThat(ourSpans(context, "chat")).isEmpty();
			assertThat(nativeModelSpans(context)).hasSize(1);
			context.getBean(IntegrationRegistry.class).setEnabled("spring-ai", true);
			model.call("What is the capital of France?");
			assertThat(ourSpans(context, "chat")).hasSize(1);
			assertThat(nativeModelSpans(context)).hasSize(1);
		});
	}

	@Test
	void springAiKeepsItsOwnMetricsWhenTheIntegrationIsSwitchedOff() {
		this.server.onPost("/v1/chat/completions").json("springai/openai/chat-basic.json");
		this.runner.withPropertyValues("braintrust.integrations.spring-ai.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean("springAiNativeMetersFilter");
			context.getBean(ChatModel.class).call("What is the capital of France?");
			assertThat(ourSpans(context, "chat")).isEmpty();
			assertThat(context.getBean(MeterRegistry.class).find("gen_ai.client.operation").timer()).isNotNull();
		});
	}

	@Test
	void nativeObservationsAreKeptWhenNotSuppressed() {
		this.server.onPost("/v1/chat/completions").json("springai/openai/chat-basic.json");
		this.runner.withPropertyValues("braintrust.integrations.spring-ai.suppress-native-observations=false")
			.run((context) -> {
				context.getBean(ChatModel.class).call("What is the capital of France?");
				assertThat(ourSpans(context, "chat")).hasSize(1);
				assertThat(nativeModelSpans(context)).hasSize(1);
			});
	}

	@Test
	void integrationIsNotAvailableWithoutSpringAi() {
		SpringAiTestContext.runner().withClassLoader(new FilteredClassLoader(ChatModel.class)).run((context) -> {
			assertThat(context).hasBean("braintrustSpringAiIntegration")
				.doesNotHaveBean(NativeObservationPredicate.class);
			assertThat(context.getBean(IntegrationRegistry.class).find("spring-ai").orElseThrow().status())
				.isEqualTo(IntegrationStatus.NOT_AVAILABLE);
		});
	}

	@Test
	void integrationReportsTheSpringAiVersionAndThePatchedBeans() {
		this.runner.run((context) -> {
			var info = context.getBean(IntegrationRegistry.class).find("spring-ai").orElseThrow();
			assertThat(info.status()).isEqualTo(IntegrationStatus.ACTIVE);
			assertThat(info.library().version()).isEqualTo(SpringAiLine.VERSION);
			assertThat(info.library().coordinates()).isEqualTo("org.springframework.ai:spring-ai-model");
			assertThat(info.patchedBeans()).extracting("type", "instrumentation")
				.contains(tuple(OpenAiChatModel.class.getName(), SpringAiLine.OWN_MODEL_INSTRUMENTATION),
						tuple(OpenAiEmbeddingModel.class.getName(), "proxy"),
						tuple("org.springframework.ai.model.tool.ToolCallingManager", "proxy"));
		});
	}

	private static List<String> ancestors(SpanData span, Map<String, SpanData> byId) {
		List<String> ancestors = new java.util.ArrayList<>();
		SpanData current = span;
		while (current != null && current.getParentSpanContext().isValid()) {
			ancestors.add(current.getParentSpanId());
			current = byId.get(current.getParentSpanId());
		}
		return ancestors;
	}

	private static AttributeKey<String> string(String name) {
		return AttributeKey.stringKey(name);
	}

	/**
	 * An application's bean whose method a tool calls.
	 */
	static class Forecasts {

		@Traced("forecast")
		public String lookup(String city) {
			return "18°C and sunny in " + city;
		}

	}

	static class ForecastTools {

		private final Forecasts forecasts;

		ForecastTools(Forecasts forecasts) {
			this.forecasts = forecasts;
		}

		@Tool(description = "The current weather in a city")
		String currentWeather(@ToolParam(description = "The city") String city) {
			return this.forecasts.lookup(city);
		}

	}

	static class WeatherTools {

		@Tool(description = "The current weather in a city")
		String currentWeather(@ToolParam(description = "The city") String city) {
			return "18°C and sunny in " + city;
		}

	}

}
