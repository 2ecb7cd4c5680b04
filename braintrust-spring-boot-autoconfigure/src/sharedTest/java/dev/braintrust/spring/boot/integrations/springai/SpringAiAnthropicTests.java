package dev.braintrust.spring.boot.integrations.springai;

import java.util.List;

import dev.braintrust.spring.boot.integration.IntegrationRegistry;
import dev.braintrust.spring.boot.integration.PatchedBean;
import dev.braintrust.spring.boot.testsupport.MockLlmServer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.ai.anthropic.AnthropicChatModel;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.anthropic.autoconfigure.AnthropicChatAutoConfiguration;
import org.springframework.ai.tool.annotation.Tool;
import org.springframework.ai.tool.annotation.ToolParam;
import org.springframework.aop.support.AopUtils;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static dev.braintrust.spring.boot.integrations.springai.SpringAiTestContext.nativeModelSpans;
import static dev.braintrust.spring.boot.integrations.springai.SpringAiTestContext.ourSpans;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The Spring AI integration with Spring AI's real {@code AnthropicChatModel}, created by
 * Spring AI's own auto-configuration and talking HTTP to a local server that replays
 * Anthropic's payloads. Runs in the {@code spring-ai-anthropic} surefire execution, on
 * the anthropic-java-core that Spring AI 2.0 is built on (see the module's pom).
 */
class SpringAiAnthropicTests {

	private MockLlmServer server;

	private ApplicationContextRunner runner;

	@BeforeEach
	void startServer() {
		this.server = MockLlmServer.start();
		this.runner = SpringAiTestContext.runner(AnthropicChatAutoConfiguration.class)
			.withPropertyValues("spring.ai.anthropic.api-key=sk-ant-test",
					"spring.ai.anthropic.base-url=" + this.server.baseUrl(), "spring.ai.anthropic.max-retries=0",
					"spring.ai.anthropic.chat.options.model=claude-sonnet-4-5");
	}

	@AfterEach
	void stopServer() {
		this.server.close();
	}

	@Test
	void applicationInjectingAnthropicChatModelByItsClassStartsAndIsTraced() {
		this.server.onPost("/v1/messages").json("springai/anthropic/messages-basic.json");
		this.runner.withBean(AnthropicConsumer.class).run((context) -> {
			assertThat(context).hasNotFailed();
			AnthropicChatModel model = context.getBean(AnthropicConsumer.class).model;
			assertThat(AopUtils.isAopProxy(model)).isEqualTo(SpringAiLine.OWN_MODELS_PROXIED);
			assertThat(model.call("What is the capital of France?")).isEqualTo("The capital of France is Paris.");
			assertThat(ourSpans(context, "chat")).singleElement()
				.satisfies((span) -> assertThat(span.getName()).isEqualTo("chat claude-sonnet-4-5"));
			assertThat(context.getBean(IntegrationRegistry.class).find("spring-ai").orElseThrow().patchedBeans())
				.contains(new PatchedBean("anthropicChatModel", AnthropicChatModel.class.getName(),
						SpringAiLine.OWN_MODEL_INSTRUMENTATION));
		});
	}

	static class AnthropicConsumer {

		final AnthropicChatModel model;

		AnthropicConsumer(AnthropicChatModel model) {
			this.model = model;
		}

	}

	@Test
	void callWithSystemPromptIsOneSpanCountingCacheTokensAsInput() {
		this.server.onPost("/v1/messages").json("springai/anthropic/messages-basic.json");
		this.runner.run((context) -> {
			ChatModel model = context.getBean(ChatModel.class);
			String answer = model.call(new SystemMessage("You are a helpful assistant"),
					new UserMessage("What is the capital of France?"));
			assertThat(answer).isEqualTo("The capital of France is Paris.");
			assertThat(this.server.takeRequest().body()).contains("\"system\"");
			List<SpanData> chat = ourSpans(context, "chat");
			assertThat(chat).hasSize(1);
			assertThat(nativeModelSpans(context)).isEmpty();
			SpanData span = chat.get(0);
			Attributes attributes = span.getAttributes();
			assertThat(span.getName()).isEqualTo("chat claude-sonnet-4-5");
			assertThat(attributes.get(AttributeKey.stringKey("gen_ai.provider.name"))).isEqualTo("anthropic");
			assertThat(attributes.get(AttributeKey.stringKey("gen_ai.response.id")))
				.isEqualTo("msg_01XFDUDYJgAACzvnptvVoYEL");
			assertThat(attributes.get(AttributeKey.stringKey("gen_ai.response.model")))
				.isEqualTo("claude-sonnet-4-5-20250929");
			assertThat(attributes.get(AttributeKey.stringArrayKey("gen_ai.response.finish_reasons")))
				.containsExactly("end_turn");
			assertThat(attributes.get(AttributeKey.stringKey("braintrust.input_json")))
				.isEqualTo("[{\"role\":\"system\",\"content\":\"You are a helpful assistant\"},"
						+ "{\"role\":\"user\",\"content\":\"What is the capital of France?\"}]");
			assertThat(attributes.get(AttributeKey.stringKey("braintrust.metadata")))
				.isEqualTo("{\"provider\":\"anthropic\",\"model\":\"claude-sonnet-4-5-20250929\""
						+ SpringAiLine.ANTHROPIC_DEFAULT_OPTIONS_METADATA + "}");
			// 21 uncached + 2000 read from cache + 100 written to cache
			assertThat(attributes.get(AttributeKey.longKey("gen_ai.usage.input_tokens"))).isEqualTo(2121);
			assertThat(attributes.get(AttributeKey.longKey("gen_ai.usage.output_tokens"))).isEqualTo(10);
			assertThat(attributes.get(AttributeKey.stringKey("braintrust.metrics"))).isEqualTo(
					"{\"prompt_tokens\":2121,\"completion_tokens\":10,\"tokens\":2131,\"prompt_cached_tokens\":2000,"
							+ "\"prompt_cache_creation_tokens\":100}");
		});
	}

	@Test
	void streamingIsOneSpanWithTheAggregatedOutputAndUsage() {
		this.server.onPost("/v1/messages").sse("springai/anthropic/messages-stream.sse");
		this.runner.run((context) -> {
			ChatModel model = context.getBean(ChatModel.class);
			List<String> chunks = model.stream(new Prompt("What is the capital of France?"))
				.map((response) -> (response.getResult() != null) ? response.getResult().getOutput().getText() : "")
				.collectList()
				.block();
			assertThat(String.join("", chunks)).isEqualTo("The capital of France is Paris.");
			// The model ends its observation after its subscriber saw the end.
			await().untilAsserted(() -> assertThat(ourSpans(context, "chat")).hasSize(1));
			assertThat(nativeModelSpans(context)).isEmpty();
			Attributes attributes = ourSpans(context, "chat").get(0).getAttributes();
			assertThat(attributes.get(AttributeKey.booleanKey("gen_ai.request.stream"))).isTrue();
			// Spring AI 2.0's observation of the final model's call does not tell when
			// the first chunk arrived; 1.1's model has a proxy that does (see the
			// README).
			Double firstChunk = attributes.get(AttributeKey.doubleKey("gen_ai.response.time_to_first_chunk"));
			if (SpringAiLine.STREAM_TIME_TO_FIRST_CHUNK) {
				assertThat(firstChunk).isPositive();
			}
			else {
				assertThat(firstChunk).isNull();
			}
			assertThat(attributes.get(AttributeKey.stringKey("braintrust.output_json"))).isEqualTo(
					"[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"The capital of France is Paris.\"},"
							+ "\"finish_reason\":\"end_turn\"}]");
			assertThat(attributes.get(AttributeKey.longKey("gen_ai.usage.input_tokens"))).isEqualTo(21);
			assertThat(attributes.get(AttributeKey.longKey("gen_ai.usage.output_tokens"))).isEqualTo(10);
		});
	}

	@Test
	void toolRoundTripThroughChatClientTracesTwoChatsAndOneTool() {
		this.server.onPost("/v1/messages").once().json("springai/anthropic/messages-tool-use.json");
		this.server.onPost("/v1/messages").once().json("springai/anthropic/messages-tool-final.json");
		this.runner.run((context) -> {
			String answer = context.getBean(ChatClient.Builder.class)
				.build()
				.prompt()
				.user("What is the weather in Paris?")
				.tools(new WeatherTools())
				.call()
				.content();
			assertThat(answer).isEqualTo("It is 18°C and sunny in Paris.");
			List<SpanData> chats = ourSpans(context, "chat");
			List<SpanData> tools = ourSpans(context, "execute_tool");
			assertThat(chats).hasSize(2);
			assertThat(tools).hasSize(1);
			SpanData tool = tools.get(0);
			assertThat(tool.getAttributes().get(AttributeKey.stringKey("gen_ai.tool.call.id")))
				.isEqualTo("toolu_01A09q90qw90lq917835lq9");
			assertThat(tool.getAttributes().get(AttributeKey.stringKey("braintrust.input_json")))
				.isEqualTo("{\"city\":\"Paris\"}");
			String toolCall = "{\"id\":\"toolu_01A09q90qw90lq917835lq9\",\"type\":\"function\",\"function\":"
					+ "{\"name\":\"currentWeather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}";
			// Spring AI 1.1's Anthropic model makes the text and the tool use of a
			// response two generations; 2.0's one.
			assertThat(chats.get(0).getAttributes().get(AttributeKey.stringKey("braintrust.output_json")))
				.isEqualTo(SpringAiLine.ANTHROPIC_TEXT_AND_TOOL_USE_SPLIT
						? "[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":"
								+ "\"I'll check the weather in Paris.\"},\"finish_reason\":\"tool_use\"},"
								+ "{\"index\":1,\"message\":{\"role\":\"assistant\",\"content\":null,\"tool_calls\":["
								+ toolCall + "]},\"finish_reason\":\"tool_use\"}]"
						: "[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":"
								+ "\"I'll check the weather in Paris.\",\"tool_calls\":[" + toolCall
								+ "]},\"finish_reason\":\"tool_use\"}]");
			assertThat(chats.get(1).getAttributes().get(AttributeKey.stringKey("braintrust.input_json")))
				.contains("{\"role\":\"tool\",\"content\":\"\\\"18°C and sunny in Paris\\\"\","
						+ "\"tool_call_id\":\"toolu_01A09q90qw90lq917835lq9\"}");
			assertThat(tool.getTraceId()).isEqualTo(chats.get(0).getTraceId()).isEqualTo(chats.get(1).getTraceId());
		});
	}

	@Test
	void rateLimitReachesTheCallerUnchangedAndTheSpanRecordsIt() {
		this.server.onPost("/v1/messages").status(429).json("springai/anthropic/error-429.json");
		this.runner.run((context) -> {
			ChatModel model = context.getBean(ChatModel.class);
			assertThatExceptionOfType(SpringAiLine.ANTHROPIC_RATE_LIMIT).isThrownBy(() -> model.call("Hello"));
			SpanData span = ourSpans(context, "chat").get(0);
			assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
			assertThat(span.getAttributes().get(AttributeKey.stringKey("error.type"))).isEqualTo("rate_limit");
		});
	}

	static class WeatherTools {

		@Tool(description = "The current weather in a city")
		String currentWeather(@ToolParam(description = "The city") String city) {
			return "18°C and sunny in " + city;
		}

	}

}
