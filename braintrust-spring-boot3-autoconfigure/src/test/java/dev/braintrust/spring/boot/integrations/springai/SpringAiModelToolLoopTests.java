package dev.braintrust.spring.boot.integrations.springai;

import java.util.List;

import dev.braintrust.spring.boot.testsupport.MockLlmServer;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.openai.autoconfigure.OpenAiChatAutoConfiguration;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.ai.support.ToolCallbacks;
import org.springframework.ai.tool.annotation.Tool;
import org.springframework.ai.tool.annotation.ToolParam;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static dev.braintrust.spring.boot.integrations.springai.SpringAiTestContext.nativeModelSpans;
import static dev.braintrust.spring.boot.integrations.springai.SpringAiTestContext.ourSpans;
import static dev.braintrust.spring.boot.integrations.springai.SpringAiTestContext.spans;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Spring AI 1.1's {@code OpenAiChatModel} runs the tool loop inside its own call (the
 * model calls the tools and then itself again): each call of the loop is one chat span,
 * each tool an {@code execute_tool} span, whether the model is called through a
 * {@code ChatClient} or directly.
 */
class SpringAiModelToolLoopTests {

	private static final AttributeKey<String> INPUT = AttributeKey.stringKey("braintrust.input_json");

	private static final AttributeKey<String> OUTPUT = AttributeKey.stringKey("braintrust.output_json");

	private static final AttributeKey<Long> INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");

	private static final AttributeKey<Long> OUTPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.output_tokens");

	private static final AttributeKey<Double> FIRST_CHUNK = AttributeKey
		.doubleKey("gen_ai.response.time_to_first_chunk");

	private MockLlmServer server;

	private ApplicationContextRunner runner;

	@BeforeEach
	void startServer() {
		this.server = MockLlmServer.start();
		this.runner = SpringAiTestContext.runner(OpenAiChatAutoConfiguration.class)
			.withPropertyValues("spring.ai.openai.api-key=sk-test",
					"spring.ai.openai.base-url=" + this.server.baseUrl() + SpringAiLine.OPENAI_BASE_PATH,
					"spring.ai.openai.chat.options.model=gpt-4o-mini");
	}

	@AfterEach
	void stopServer() {
		this.server.close();
	}

	@Test
	void modelCallThatRunsToolsIsOneChatSpanPerCallWithTheToolSpanBetween() {
		this.server.onPost("/v1/chat/completions").once().json("springai/openai/chat-tool-call.json");
		this.server.onPost("/v1/chat/completions").once().json("springai/openai/chat-tool-final.json");
		this.runner.run((context) -> {
			ChatModel model = context.getBean(ChatModel.class);
			Span application = context.getBean(OpenTelemetry.class).getTracer("test").spanBuilder("handle").startSpan();
			String answer;
			try (Scope scope = application.makeCurrent()) {
				answer = model.call(prompt()).getResult().getOutput().getText();
			}
			finally {
				application.end();
			}
			assertThat(answer).isEqualTo("It is 18°C and sunny in Paris.");
			List<SpanData> chats = ourSpans(context, "chat");
			List<SpanData> tools = ourSpans(context, "execute_tool");
			assertThat(chats).hasSize(2);
			assertThat(tools).singleElement()
				.satisfies((tool) -> assertThat(tool.getName()).isEqualTo("execute_tool currentWeather"));
			assertThat(nativeModelSpans(context)).isEmpty();
			assertThat(spans(context)).filteredOn((span) -> span.getName().contains("currentWeather")).hasSize(1);
			SpanData first = chats.get(0);
			SpanData tool = tools.get(0);
			SpanData second = chats.get(1);
			// One after the other, children of the application's span
			assertThat(first.getEndEpochNanos()).isLessThanOrEqualTo(tool.getStartEpochNanos());
			assertThat(tool.getEndEpochNanos()).isLessThanOrEqualTo(second.getStartEpochNanos());
			assertThat(List.of(first, tool, second)).extracting(SpanData::getParentSpanId)
				.containsOnly(application.getSpanContext().getSpanId());
			assertThat(first.getAttributes().get(OUTPUT)).contains("\"finish_reason\":\"tool_calls\"");
			assertThat(tool.getAttributes().get(AttributeKey.stringKey("gen_ai.tool.call.id")))
				.isEqualTo("call_9Vn2QFpFIdyUxUkPjn5rEhsk");
			assertThat(second.getAttributes().get(INPUT)).contains("{\"role\":\"tool\"");
			assertThat(second.getAttributes().get(OUTPUT)).contains("It is 18°C and sunny in Paris.");
			// The model reports the second call's usage added to the first's: each span
			// has its call's own.
			assertThat(first.getAttributes().get(INPUT_TOKENS)).isEqualTo(61);
			assertThat(first.getAttributes().get(OUTPUT_TOKENS)).isEqualTo(16);
			assertThat(second.getAttributes().get(INPUT_TOKENS)).isEqualTo(94);
			assertThat(second.getAttributes().get(OUTPUT_TOKENS)).isEqualTo(11);
		});
	}

	@Test
	void streamThatRunsToolsIsOneChatSpanPerCallAndTheAnswerRecordsItsFirstChunk() {
		this.server.onPost("/v1/chat/completions").once().sse("springai/openai/chat-tool-call-stream.sse");
		this.server.onPost("/v1/chat/completions").once().sse("springai/openai/chat-tool-final-stream.sse");
		this.runner.run((context) -> {
			ChatModel model = context.getBean(ChatModel.class);
			List<String> chunks = model.stream(prompt())
				.mapNotNull((response) -> (response.getResult() != null) ? response.getResult().getOutput().getText()
						: null)
				.collectList()
				.block();
			assertThat(String.join("", chunks)).isEqualTo("It is 18°C and sunny in Paris.");
			await().untilAsserted(() -> assertThat(ourSpans(context, "chat")).hasSize(2));
			assertThat(ourSpans(context, "execute_tool")).hasSize(1);
			assertThat(nativeModelSpans(context)).isEmpty();
			List<SpanData> chats = ourSpans(context, "chat");
			assertThat(chats).allSatisfy(
					(chat) -> assertThat(chat.getAttributes().get(AttributeKey.booleanKey("gen_ai.request.stream")))
						.isTrue());
			// The call that asked for the tool ends when it hands them over: the tool
			// and the next call follow it, under the same parent.
			SpanData asking = chats.stream()
				.filter((chat) -> chat.getAttributes().get(OUTPUT).contains("\"finish_reason\":\"tool_calls\""))
				.findFirst()
				.orElseThrow();
			SpanData tool = ourSpans(context, "execute_tool").get(0);
			assertThat(asking.getEndEpochNanos()).isLessThanOrEqualTo(tool.getStartEpochNanos());
			spans(context).forEach((span) -> System.out.println("SPAN " + span.getName() + " " + span.getTraceId() + " "
					+ span.getSpanId() + " <- " + span.getParentSpanId()));
			assertThat(List.of(tool, chats.get(0), chats.get(1))).extracting(SpanData::getParentSpanId)
				.containsOnly(asking.getParentSpanId());
			SpanData answer = chats.stream()
				.filter((chat) -> chat.getAttributes().get(INPUT).contains("{\"role\":\"tool\""))
				.findFirst()
				.orElseThrow();
			assertThat(answer.getAttributes().get(FIRST_CHUNK)).isPositive();
		});
	}

	@Test
	void withoutContentCaptureNoSpanOfTheLoopHoldsItsContent() {
		this.server.onPost("/v1/chat/completions").once().json("springai/openai/chat-tool-call.json");
		this.server.onPost("/v1/chat/completions").once().json("springai/openai/chat-tool-final.json");
		this.runner.withPropertyValues("braintrust.trace.capture-content=false").run((context) -> {
			context.getBean(ChatModel.class).call(prompt());
			List<SpanData> spans = spans(context);
			assertThat(ourSpans(context, "chat")).hasSize(2);
			assertThat(ourSpans(context, "execute_tool")).hasSize(1);
			assertThat(spans).allSatisfy((span) -> assertThat(span.getAttributes().toString()).doesNotContain("Paris")
				.doesNotContain("18°C"));
		});
	}

	private static Prompt prompt() {
		return new Prompt("What is the weather in Paris?",
				OpenAiChatOptions.builder().toolCallbacks(ToolCallbacks.from(new WeatherTools())).build());
	}

	static class WeatherTools {

		@Tool(description = "The current weather in a city")
		String currentWeather(@ToolParam(description = "The city") String city) {
			return "18°C and sunny in " + city;
		}

	}

}
