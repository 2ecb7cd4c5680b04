package dev.braintrust.spring.boot.integrations.langchain4j;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.service.AiServices;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /actuator/integrations} of an application with LangChain4j model and AiService
 * beans: the integration is active and lists them.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "management.endpoints.web.exposure.include=integrations")
@DirtiesContext
class LangChain4jEndpointWebTests {

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Test
	@SuppressWarnings("unchecked")
	void integrationIsActiveWithItsBeans() throws Exception {
		HttpResponse<String> response = this.http
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/actuator/integrations"))
				.GET()
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		DocumentContext json = JsonPath.parse(response.body());
		List<Map<String, Object>> matches = json.read("$.integrations[?(@.name == 'langchain4j')]");
		assertThat(matches).singleElement().satisfies((entry) -> {
			assertThat(entry).containsEntry("displayName", "LangChain4j")
				.containsEntry("status", "ACTIVE")
				.containsEntry("compatible", true);
			assertThat((Map<String, Object>) entry.get("library"))
				.containsEntry("coordinates", "dev.langchain4j:langchain4j-core")
				.containsEntry("supportedVersions", "[1.8.0,2.0.0)")
				.containsEntry("tested", "1.19.0");
		});
		assertThat(json.<List<Map<String, Object>>>read("$.integrations[?(@.name == 'langchain4j')].patchedBeans[*]"))
			.containsExactlyInAnyOrder(
					Map.of("name", "openAiChatModel", "type", OpenAiChatModel.class.getName(), "instrumentation",
							"proxy"),
					Map.of("name", "assistant", "type", Assistant.class.getName(), "instrumentation", "proxy"));
	}

	interface Assistant {

		String chat(String message);

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class TestApplication {

		@Bean
		OpenAiChatModel openAiChatModel() {
			return OpenAiChatModel.builder()
				.baseUrl("http://127.0.0.1:9/v1")
				.apiKey("sk-test")
				.modelName("gpt-4o-mini")
				.build();
		}

		@Bean
		Assistant assistant(ChatModel model) {
			return AiServices.builder(Assistant.class).chatModel(model).build();
		}

	}

}
