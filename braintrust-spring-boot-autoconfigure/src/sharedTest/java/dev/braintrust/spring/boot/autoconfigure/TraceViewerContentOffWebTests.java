package dev.braintrust.spring.boot.autoconfigure;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import com.openai.client.OpenAIClient;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.braintrust.spring.boot.testsupport.MockLlmServer;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With content capture off the viewer shows what there is: the call, its model, tokens
 * and timing, and no prompt or answer.
 */
@SpringBootTest(classes = TraceViewerWebTests.TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "braintrust.api-key=", "braintrust.trace.capture-content=false" })
@DirtiesContext
class TraceViewerContentOffWebTests {

	private static final MockLlmServer models = MockLlmServer.start();

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Autowired
	private OpenAIClient openAi;

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
	void traceHasNoContentButItsCallTokensAndTiming() throws Exception {
		models.onPost("/v1/chat/completions").json("openai/chat-basic.json");
		Span http = this.openTelemetry.getTracer("test").spanBuilder("GET /").startSpan();
		try (Scope scope = http.makeCurrent()) {
			this.openAi.chat()
				.completions()
				.create(ChatCompletionCreateParams.builder()
					.model("gpt-4o-mini")
					.addUserMessage("What is the capital of France?")
					.build());
		}
		finally {
			http.end();
		}
		String traceId = http.getSpanContext().getTraceId();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> get("/braintrust/traces/api/traces").body(), (body) -> body.contains(traceId));
		String body = get("/braintrust/traces/api/traces/" + traceId).body();
		DocumentContext trace = JsonPath.parse(body);
		assertThat(trace.<java.util.Map<String, Object>>read("$.spans[0]")).doesNotContainKeys("input", "output");
		assertThat(body).doesNotContain("\"input\"")
			.doesNotContain("\"output\"")
			.doesNotContain("capital")
			.doesNotContain("Paris");
		assertThat(trace.<Integer>read("$.spans[0].inputTokens")).isEqualTo(23);
		assertThat(trace.<Integer>read("$.spans[0].metrics.tokens")).isEqualTo(30);
		assertThat(trace.<String>read("$.spans[0].attributes['gen_ai.request.model']")).isEqualTo("gpt-4o-mini");
		assertThat(trace.<Double>read("$.spans[0].durationMs")).isPositive();
	}

	private HttpResponse<String> get(String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

}
