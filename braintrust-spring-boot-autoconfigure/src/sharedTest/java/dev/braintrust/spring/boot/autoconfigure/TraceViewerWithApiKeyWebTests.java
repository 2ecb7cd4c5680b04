package dev.braintrust.spring.boot.autoconfigure;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.openai.client.OpenAIClient;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.braintrust.spring.boot.testsupport.MockLlmServer;
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
 * A viewer turned on next to export to Braintrust, at a path of the application's
 * choosing: it is served there only, and neither the page nor the API ever shows the API
 * key (nor the model provider's).
 */
@SpringBootTest(classes = TraceViewerWebTests.TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "braintrust.api-key=" + TraceViewerWithApiKeyWebTests.CANARY_KEY,
				"braintrust.api-url=http://127.0.0.1:9", "braintrust.viewer.enabled=true",
				"braintrust.viewer.path=/internal/llm-traces" })
@DirtiesContext
class TraceViewerWithApiKeyWebTests {

	static final String CANARY_KEY = "sk-canary-viewer-5d1e7a";

	private static final MockLlmServer models = MockLlmServer.start();

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Autowired
	private OpenAIClient openAi;

	@DynamicPropertySource
	static void models(DynamicPropertyRegistry registry) {
		registry.add("test.openai.base-url", () -> models.baseUrl() + "/v1");
	}

	@AfterAll
	static void stopModels() {
		models.close();
	}

	@Test
	void servedAtTheConfiguredPathOnlyAndNeverShowsTheKeys() throws Exception {
		models.onPost("/v1/chat/completions").json("openai/chat-basic.json");
		this.openAi.chat()
			.completions()
			.create(ChatCompletionCreateParams.builder()
				.model("gpt-4o-mini")
				.addUserMessage("What is the capital of France?")
				.build());
		String list = await().atMost(Duration.ofSeconds(10))
			.until(() -> get("/internal/llm-traces/api/traces").body(), (body) -> body.contains("traceId"));
		String traceId = com.jayway.jsonpath.JsonPath.parse(list).read("$.traces[0].traceId");
		HttpResponse<String> trace = get("/internal/llm-traces/api/traces/" + traceId);
		assertThat(trace.statusCode()).isEqualTo(200);
		assertThat(trace.body()).contains("Paris");
		HttpResponse<String> page = get("/internal/llm-traces");
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("content=\"/internal/llm-traces\"");
		for (String body : new String[] { list, trace.body(), page.body(),
				get("/internal/llm-traces/viewer.js").body() }) {
			assertThat(body).doesNotContain(CANARY_KEY).doesNotContain("sk-test-openai-key");
		}
		assertThat(get("/braintrust/traces").statusCode()).isEqualTo(404);
		assertThat(get("/braintrust/traces/api/traces").statusCode()).isEqualTo(404);
	}

	private HttpResponse<String> get(String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

}
