package dev.braintrust.spring.samples.quickstart;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Boots the sample as a new user would run it (no provider or Braintrust key, so offline
 * and in local mode) and checks what they would see: the demo's LLM spans, every
 * integration active, a healthy application.
 */
// The in-memory exporter stands for Braintrust here: it gets the content of the LLM spans
// too.
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "spring.ai.openai.api-key=",
		"quickstart.anthropic.api-key=", "braintrust.api-key=", "braintrust.trace.content-to-other-exporters=true" })
class QuickstartApplicationTests {

	private static final AttributeKey<String> OPERATION = AttributeKey.stringKey("gen_ai.operation.name");

	private static final AttributeKey<String> PROVIDER = AttributeKey.stringKey("gen_ai.provider.name");

	private static final AttributeKey<String> SPAN_TYPE = AttributeKey.stringKey("braintrust.span_attributes");

	private static final AttributeKey<String> INPUT = AttributeKey.stringKey("braintrust.input_json");

	private static final String ENDPOINT_QUESTION = "Tell me a joke";

	private static final AttributeKey<Boolean> STREAM = AttributeKey.booleanKey("gen_ai.request.stream");

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Autowired
	private InMemorySpanExporter spans;

	@Test
	void demoProducesOneLlmSpanPerCall() {
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			List<SpanData> llmSpans = llmSpans();
			assertThat(llmSpans).filteredOn((span) -> "execute_tool".equals(span.getAttributes().get(OPERATION)))
				.singleElement()
				.satisfies((span) -> assertThat(span.getAttributes().get(SPAN_TYPE))
					.isEqualTo("{\"type\":\"tool\",\"name\":\"currentWeather\"}"));
			assertThat(llmSpans).filteredOn((span) -> "embeddings".equals(span.getAttributes().get(OPERATION)))
				.hasSize(1);
			assertThat(llmSpans).filteredOn((span) -> "anthropic".equals(span.getAttributes().get(PROVIDER)))
				.hasSize(1);
			assertThat(llmSpans).filteredOn((span) -> "aws.bedrock".equals(span.getAttributes().get(PROVIDER)))
				.singleElement()
				.satisfies((span) -> assertThat(span.getAttributes().get(SPAN_TYPE))
					.isEqualTo("{\"type\":\"llm\",\"name\":\"bedrock.converse\"}"));
			// Spring AI: plain, streamed, tool call and its follow-up; the OpenAI SDK
			// client: one.
			List<SpanData> openAiChats = llmSpans.stream()
				.filter((span) -> "chat".equals(span.getAttributes().get(OPERATION))
						&& "openai".equals(span.getAttributes().get(PROVIDER)))
				.toList();
			assertThat(openAiChats).hasSize(5);
			assertThat(openAiChats).filteredOn((span) -> Boolean.TRUE.equals(span.getAttributes().get(STREAM)))
				.hasSize(1);
			assertThat(openAiChats).allSatisfy((span) -> assertThat(span.getName()).isEqualTo("chat gpt-4o-mini"));
		});
	}

	@Test
	void everyIntegrationIsActiveWithItsBeans() throws Exception {
		HttpResponse<String> response = get("/actuator/integrations");
		assertThat(response.statusCode()).isEqualTo(200);
		DocumentContext json = JsonPath.parse(response.body());
		for (String name : List.of("spring-ai", "openai", "anthropic", "bedrock")) {
			List<Map<String, Object>> entries = json.read("$.integrations[?(@.name == '" + name + "')]");
			assertThat(entries).as(name).singleElement().satisfies((entry) -> {
				assertThat(entry).containsEntry("status", "ACTIVE");
				assertThat((List<?>) entry.get("patchedBeans")).isNotEmpty();
			});
		}
		assertThat(json.<String>read("$.exporter.mode")).isEqualTo("local");
	}

	@Test
	void healthIsUp() throws Exception {
		HttpResponse<String> response = get("/actuator/health");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(JsonPath.parse(response.body()).<String>read("$.status")).isEqualTo("UP");
	}

	@Test
	void chatEndpointAnswersAndIsTraced() throws Exception {
		HttpResponse<String> response = get("/chat?q=" + ENDPOINT_QUESTION.replace(" ", "%20"));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("This is an offline answer to: " + ENDPOINT_QUESTION);
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(this.spans.getFinishedSpanItems()).anySatisfy((span) -> {
				assertThat(span.getAttributes().get(SPAN_TYPE)).startsWith("{\"type\":\"llm\",\"name\":");
				assertThat(span.getAttributes().get(INPUT)).contains(ENDPOINT_QUESTION);
				assertThat(span.getParentSpanContext().isValid()).as("child of the HTTP request's span").isTrue();
			}));
	}

	private List<SpanData> llmSpans() {
		return this.spans.getFinishedSpanItems()
			.stream()
			.filter((span) -> span.getAttributes().get(SPAN_TYPE) != null)
			.filter((span) -> !String.valueOf(span.getAttributes().get(INPUT)).contains(ENDPOINT_QUESTION))
			.toList();
	}

	private HttpResponse<String> get(String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class InMemoryExport {

		@Bean
		InMemorySpanExporter inMemorySpanExporter() {
			return InMemorySpanExporter.create();
		}

	}

}
