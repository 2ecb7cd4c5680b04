package dev.braintrust.spring.boot.autoconfigure;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.braintrust.spring.boot.testsupport.MockLlmServer;
import dev.braintrust.spring.boot.trace.LlmOperation;
import dev.braintrust.spring.boot.trace.LlmRequest;
import dev.braintrust.spring.boot.trace.LlmResponse;
import dev.braintrust.spring.boot.trace.LlmTracer;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * The trace viewer of an application in local mode, over HTTP: real OpenAI SDK calls to a
 * mock model server, traced by the starter, then read back through the viewer's JSON API
 * and page, as the page's script reads them.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "braintrust.api-key=")
@DirtiesContext
class TraceViewerWebTests {

	static final String PROMPT = "What is the weather in Boston? <script>alert(1)</script>";

	private static final MockLlmServer models = MockLlmServer.start();

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Autowired
	private OpenAIClient openAi;

	@Autowired
	private LlmTracer tracer;

	@Autowired
	private OpenTelemetry openTelemetry;

	@DynamicPropertySource
	static void models(DynamicPropertyRegistry registry) {
		registry.add("test.openai.base-url", () -> models.baseUrl() + "/v1");
	}

	@AfterAll
	static void stopModels() {
		models.close();
	}

	@Test
	void toolCallingTraceShowsChatToolChatWithContentAsBraintrustReceivesIt() throws Exception {
		String traceId = toolCallingTrace();

		DocumentContext list = JsonPath.parse(awaitTrace(traceId, 3));
		assertThat(list.<String>read("$.traces[0].traceId")).as("newest first").isEqualTo(traceId);
		Map<String, Object> summary = list.read("$.traces[0]");
		assertThat(summary).containsEntry("name", "Chat Completion")
			.containsEntry("rootType", "llm")
			.containsEntry("roots", 3)
			.containsEntry("spanCount", 3)
			.containsEntry("llmCalls", 2)
			.containsEntry("inputTokens", 82 + 120)
			.containsEntry("errors", 0);
		assertThat(((Number) summary.get("durationMs")).doubleValue()).isPositive();
		assertThat(list.<Integer>read("$.limits.maxTraces")).isEqualTo(200);

		HttpResponse<String> response = get("/braintrust/traces/api/traces/" + traceId);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/json"));
		assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
		assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
		DocumentContext trace = JsonPath.parse(response.body());
		assertThat(trace.<List<String>>read("$.spans[*].type")).containsExactly("llm", "tool", "llm");
		assertThat(trace.<List<Object>>read("$.spans[*].parentSpanId")).as("the HTTP span is not kept")
			.containsOnlyNulls();
		assertThat(trace.<String>read("$.spans[0].input[0].content")).isEqualTo(PROMPT);
		assertThat(trace.<String>read("$.spans[0].output[0].message.tool_calls[0].function.name"))
			.isEqualTo("get_current_weather");
		assertThat(trace.<Integer>read("$.spans[0].metrics.prompt_tokens")).isEqualTo(82);
		assertThat(trace.<String>read("$.spans[0].metadata.provider")).isEqualTo("openai");
		assertThat(trace.<String>read("$.spans[0].attributes['gen_ai.request.model']")).isEqualTo("gpt-4o-mini");
		assertThat(trace.<String>read("$.spans[1].displayName")).isEqualTo("get_current_weather");
		assertThat(trace.<String>read("$.spans[1].input.location")).isEqualTo("Boston, MA");
		assertThat(trace.<String>read("$.spans[1].output")).isEqualTo("{\"temperature_c\":22}");
		assertThat(trace.<String>read("$.spans[2].output[0].message.content"))
			.isEqualTo("It is 22 degrees and sunny in Boston.");
	}

	@Test
	void failedCallShowsItsErrorTypeAndException() throws Exception {
		models.onPost("/v1/chat/completions").once().status(429).json("openai/error-rate-limit.json");
		Span http = this.openTelemetry.getTracer("test").spanBuilder("GET /fail").startSpan();
		try (Scope scope = http.makeCurrent()) {
			assertThat(catchThrowable(() -> chat("Will this fail?"))).isNotNull();
		}
		finally {
			http.end();
		}
		String traceId = http.getSpanContext().getTraceId();
		DocumentContext list = JsonPath.parse(awaitTrace(traceId, 1));
		assertThat(list.<List<Integer>>read("$.traces[?(@.traceId == '" + traceId + "')].errors")).containsExactly(1);
		DocumentContext trace = JsonPath.parse(get("/braintrust/traces/api/traces/" + traceId).body());
		assertThat(trace.<Boolean>read("$.spans[0].error")).isTrue();
		assertThat(trace.<String>read("$.spans[0].errorType")).isEqualTo("rate_limit");
		assertThat(trace.<String>read("$.spans[0].exceptions[0].type")).contains("RateLimitException");
	}

	@Test
	void unknownOrMalformedTraceIsNotFound() throws Exception {
		assertThat(get("/braintrust/traces/api/traces/0123456789abcdef0123456789abcdef").statusCode()).isEqualTo(404);
		assertThat(get("/braintrust/traces/api/traces/not-a-trace").statusCode()).isEqualTo(404);
	}

	@Test
	void pageAndItsAssetsAreServedFromTheJarWithAContentSecurityPolicy() throws Exception {
		for (String path : List.of("/braintrust/traces", "/braintrust/traces/")) {
			HttpResponse<String> page = get(path);
			assertThat(page.statusCode()).isEqualTo(200);
			assertThat(page.headers().firstValue("Content-Type"))
				.hasValueSatisfying((type) -> assertThat(type).startsWith("text/html"));
			assertThat(page.headers().firstValue("Content-Security-Policy"))
				.hasValue(TraceViewerPage.CONTENT_SECURITY_POLICY);
			assertThat(page.body()).contains("<meta name=\"braintrust-viewer-base\" content=\"/braintrust/traces\">")
				.contains("src=\"/braintrust/traces/viewer.js\"")
				.doesNotContain("http://")
				.doesNotContain("https://");
		}
		HttpResponse<String> script = get("/braintrust/traces/viewer.js");
		assertThat(script.statusCode()).isEqualTo(200);
		assertThat(script.body()).contains("textContent").doesNotContain("innerHTML =");
		assertThat(get("/braintrust/traces/viewer.css").statusCode()).isEqualTo(200);
	}

	private String toolCallingTrace() throws Exception {
		Span http = this.openTelemetry.getTracer("test").spanBuilder("GET /weather").startSpan();
		try (Scope scope = http.makeCurrent()) {
			models.onPost("/v1/chat/completions").once().json("openai/chat-tool-calls.json");
			chat(PROMPT);
			LlmRequest tool = LlmRequest.builder("test", "openai", LlmOperation.EXECUTE_TOOL)
				.toolExecution("get_current_weather", "call_abc123", "{\"location\": \"Boston, MA\"}")
				.build();
			this.tracer.call(tool, () -> "{\"temperature_c\":22}", (result) -> LlmResponse.output(null, result, null));
			models.onPost("/v1/chat/completions").once().json("openai/chat-after-tool.json");
			chat(PROMPT);
		}
		finally {
			http.end();
		}
		return http.getSpanContext().getTraceId();
	}

	private void chat(String prompt) {
		this.openAi.chat()
			.completions()
			.create(ChatCompletionCreateParams.builder().model("gpt-4o-mini").addUserMessage(prompt).build());
	}

	private String awaitTrace(String traceId, int spans) {
		return await().atMost(Duration.ofSeconds(10))
			.until(() -> get("/braintrust/traces/api/traces").body(),
					(body) -> JsonPath.parse(body)
						.<List<Integer>>read("$.traces[?(@.traceId == '" + traceId + "')].spanCount")
						.contains(spans));
	}

	private HttpResponse<String> get(String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class TestApplication {

		@Bean
		OpenAIClient openAIClient(@Value("${test.openai.base-url}") String baseUrl) {
			return OpenAIOkHttpClient.builder()
				.baseUrl(baseUrl)
				.apiKey("sk-test-openai-key")
				.maxRetries(0)
				.timeout(Duration.ofSeconds(5))
				.build();
		}

	}

}
