package dev.braintrust.spring.reliability;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.models.messages.MessageCreateParams;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input from the model server or the caller: the instrumented SDK client gives the
 * caller exactly what an uninstrumented client of the same SDK gives on the same payload
 * (the same result, or the same exception class and message), and the spans' JSON
 * attributes stay valid and within {@code braintrust.trace.max-content-length}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTests {

	static final int MAX_CONTENT = 4096;

	static final String TEN_MB = "x".repeat(10 * 1024 * 1024);

	private final MockModelServer models = new MockModelServer();

	private ConfigurableApplicationContext context;

	private OpenAIClient openAi;

	private AnthropicClient anthropic;

	private OpenAIClient plainOpenAi;

	private AnthropicClient plainAnthropic;

	private RecordingSpanProcessor recorder;

	@BeforeAll
	void start() {
		this.context = Apps.start(this.models, null, "braintrust.trace.max-content-length=" + MAX_CONTENT,
				"braintrust.trace.gen-ai-content=true");
		this.openAi = this.context.getBean(OpenAIClient.class);
		this.anthropic = this.context.getBean(AnthropicClient.class);
		this.recorder = this.context.getBean(RecordingSpanProcessor.class);
		this.plainOpenAi = OpenAIOkHttpClient.builder()
			.baseUrl(this.models.openAiBaseUrl())
			.apiKey("sk-openai-test")
			.maxRetries(0)
			.build();
		this.plainAnthropic = AnthropicOkHttpClient.builder()
			.baseUrl(this.models.anthropicBaseUrl())
			.apiKey("sk-ant-test")
			.maxRetries(0)
			.build();
	}

	@AfterAll
	void stop() {
		this.context.close();
		this.plainOpenAi.close();
		this.plainAnthropic.close();
		this.models.close();
	}

	static Stream<Arguments> payloads() {
		String chat = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"gpt-4o-mini\","
				+ "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":%s},\"finish_reason\":\"stop\"}],"
				+ "\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1,\"total_tokens\":2}}";
		String nested = "[".repeat(5000) + "]".repeat(5000);
		String toolCall = "{\"id\":\"chatcmpl-2\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"gpt-4o-mini\","
				+ "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"t1\","
				+ "\"type\":\"function\",\"function\":{\"name\":\"deep\",\"arguments\":\"" + nested + "\"}}]},"
				+ "\"finish_reason\":\"tool_calls\"}]}";
		String chunk = "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o-mini\","
				+ "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"},\"finish_reason\":null}]}\n\n";
		return Stream.of(
				Arguments.of("OpenAI: truncated JSON", json("{\"id\":\"chatcmpl-1\",\"choices\":[{\"index\":0,\"mess"),
						"hello"),
				Arguments.of("OpenAI: HTML instead of JSON",
						raw(200, "text/html", "<html><body>Bad gateway</body></html>".getBytes(StandardCharsets.UTF_8)),
						"hello"),
				Arguments.of("OpenAI: null fields (content, usage, finish_reason)", json(
						"{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,\"model\":null,\"usage\":null,"
								+ "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":null},\"finish_reason\":null}]}"),
						"hello"),
				Arguments.of("OpenAI: choices null", json(
						"{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\",\"choices\":null}"),
						"hello"),
				Arguments.of("OpenAI: binary body",
						raw(200, "application/json",
								new byte[] { 0, 1, 2, (byte) 0xff, (byte) 0xfe, 0x7b, 0x22, (byte) 0xc3, 0x28, 0x22 }),
						"hello"),
				Arguments.of("OpenAI: control characters and lone surrogates in content",
						json(chat.formatted("\"\\u0000\\u001b[31m\\ud800 \\udfff end\"")), "hello \u0000 \ud800 end"),
				Arguments.of("OpenAI: invalid UTF-8 bytes in content",
						raw(200, "application/json",
								concat(chat.formatted("\"abc").getBytes(StandardCharsets.UTF_8),
										new byte[] { (byte) 0xc3, 0x28, (byte) 0xa0, (byte) 0xa1 },
										"\"}".getBytes(StandardCharsets.UTF_8))),
						"hello"),
				Arguments.of("OpenAI: 5000-deep nested tool arguments", json(toolCall), "hello"),
				Arguments.of("OpenAI: 10 MB prompt", json(chat.formatted("\"ok\"")), TEN_MB),
				Arguments.of("OpenAI stream: truncated mid-event, no [DONE]",
						raw(200, "text/event-stream",
								(chunk + "data: {\"id\":\"c\",\"choi").getBytes(StandardCharsets.UTF_8)),
						"stream"),
				Arguments.of("OpenAI stream: malformed data line",
						raw(200, "text/event-stream",
								(chunk + "data: {not json}\n\ndata: [DONE]\n\n").getBytes(StandardCharsets.UTF_8)),
						"stream"),
				Arguments.of("Anthropic: truncated JSON",
						json("{\"id\":\"msg_1\",\"type\":\"message\",\"content\":[{\"ty"), "anthropic"),
				Arguments.of("Anthropic: null fields", json(
						"{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":null,\"content\":null,"
								+ "\"stop_reason\":null,\"stop_sequence\":null,\"usage\":null}"),
						"anthropic"),
				Arguments
					.of("Anthropic: 10 MB prompt", json("{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\","
							+ "\"model\":\"claude\",\"content\":[{\"type\":\"text\",\"text\":\"ok\"}],\"stop_reason\":\"end_turn\","
							+ "\"stop_sequence\":null,\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}"),
							"anthropic-10mb"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("payloads")
	void callerSeesExactlyWhatTheUninstrumentedSdkGivesAndSpansStayValid(String scenario,
			MockModelServer.Response response, String prompt) {
		this.models.respondWith((request) -> response);
		this.recorder.clear();
		String plain = outcome(prompt, this.plainOpenAi, this.plainAnthropic);
		String instrumented = outcome(prompt, this.openAi, this.anthropic);
		assertThat(instrumented).isEqualTo(plain);
		List<SpanData> spans = this.recorder.llmSpans();
		assertThat(spans).hasSize(1);
		int longest = 0;
		for (String key : List.of("braintrust.input_json", "braintrust.output_json", "braintrust.metadata",
				"braintrust.metrics", "braintrust.span_attributes", "gen_ai.input.messages",
				"gen_ai.output.messages")) {
			String value = spans.get(0).getAttributes().get(AttributeKey.stringKey(key));
			if (value != null) {
				Apps.json.readTree(value);
				longest = Math.max(longest, value.length());
				if (key.contains("input") || key.contains("output")) {
					assertThat(value.length()).as(key).isLessThanOrEqualTo(MAX_CONTENT);
				}
			}
		}
		Figures.record("Bad input: " + scenario, "caller outcome, identical with and without the starter",
				abbreviate(plain) + "; longest JSON attribute " + longest + " chars (bound " + MAX_CONTENT + ")");
	}

	private static String outcome(String prompt, OpenAIClient openAi, AnthropicClient anthropic) {
		try {
			if (prompt.startsWith("anthropic")) {
				return "returned " + anthropic.messages()
					.create(MessageCreateParams.builder()
						.model("claude-haiku-4-5")
						.maxTokens(16)
						.addUserMessage(prompt.endsWith("10mb") ? TEN_MB : "hello")
						.build());
			}
			ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
				.model("gpt-4o-mini")
				.addUserMessage(prompt)
				.build();
			if (prompt.equals("stream")) {
				List<String> chunks = new ArrayList<>();
				try (StreamResponse<ChatCompletionChunk> stream = openAi.chat().completions().createStreaming(params)) {
					stream.stream().forEach((chunk) -> chunks.add(chunk.toString()));
				}
				return "streamed " + chunks;
			}
			return "returned " + openAi.chat().completions().create(params);
		}
		catch (Throwable ex) {
			return "threw " + ex.getClass().getName() + ": " + ex.getMessage();
		}
	}

	private static String abbreviate(String text) {
		String oneLine = text.replaceAll("\\s+", " ").replace("|", "/");
		return (oneLine.length() > 110) ? oneLine.substring(0, 110) + "..." : oneLine;
	}

	private static MockModelServer.Response json(String body) {
		return MockModelServer.Response.json(200, body);
	}

	private static MockModelServer.Response raw(int status, String contentType, byte[] body) {
		return new MockModelServer.Response(status, contentType, body);
	}

	private static byte[] concat(byte[]... parts) {
		int length = 0;
		for (byte[] part : parts) {
			length += part.length;
		}
		byte[] all = new byte[length];
		int offset = 0;
		for (byte[] part : parts) {
			System.arraycopy(part, 0, all, offset, part.length);
			offset += part.length;
		}
		return all;
	}

	static Function<MockModelServer.Request, MockModelServer.Response> always(MockModelServer.Response response) {
		return (request) -> response;
	}

}
