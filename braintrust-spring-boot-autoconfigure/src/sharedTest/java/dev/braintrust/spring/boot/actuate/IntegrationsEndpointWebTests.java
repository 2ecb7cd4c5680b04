package dev.braintrust.spring.boot.actuate;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import dev.braintrust.spring.boot.integration.FakeIntegration;
import dev.braintrust.spring.boot.integration.fakelib.DefaultFakeLlmClient;
import dev.braintrust.spring.boot.integration.fakelib.FakeLlmClient;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=integrations,health",
				"management.endpoint.integrations.access=unrestricted",
				"braintrust.api-key=" + IntegrationsEndpointWebTests.CANARY_KEY,
				"braintrust.api-url=http://127.0.0.1:9", "braintrust.integrations.idle-lib.enabled=false",
				"management.endpoint.health.show-details=always" })
@DirtiesContext
class IntegrationsEndpointWebTests {

	static final String CANARY_KEY = "sk-canary-7f3a9c1e-endpoint";

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Autowired
	private FakeLlmClient client;

	@Test
	void listsEveryIntegrationWithItsStateAndTheExporter() throws Exception {
		HttpResponse<String> response = get("/actuator/integrations");
		assertThat(response.statusCode()).isEqualTo(200);
		DocumentContext json = JsonPath.parse(response.body());
		assertThat(json.<List<String>>read("$.integrations[*].name")).contains("fake", "idle-lib");
		List<Map<String, Object>> matches = json.read("$.integrations[?(@.name == 'fake')]");
		assertThat(matches).hasSize(1);
		Map<String, Object> fake = matches.get(0);
		assertThat(fake).containsEntry("displayName", "Fake LLM library")
			.containsEntry("status", "ACTIVE")
			.containsEntry("enabled", true)
			.containsEntry("available", true)
			.containsEntry("compatible", true)
			.containsEntry("captureContent", true)
			.containsEntry("library", Map.of("coordinates", "dev.example:fake-llm", "version", "1.5.0",
					"supportedVersions", "[1.0.0,2.0.0)", "tested", "1.5.0"));
		assertThat(json.<List<Map<String, Object>>>read("$.integrations[?(@.name == 'fake')].patchedBeans[*]"))
			.containsExactly(
					Map.of("name", "fakeLlmClient", "type", FakeLlmClient.class.getName(), "instrumentation", "proxy"));
		assertThat(fake).containsEntry("instrumentationFailures", 0);
		assertThat(json.<String>read("$.exporter.mode")).isEqualTo("braintrust");
		assertThat(json.<String>read("$.exporter.endpoint")).isEqualTo("http://127.0.0.1:9/otel/v1/traces");
		assertThat(json.<String>read("$.exporter.apiKey")).isEqualTo("configured");
		assertThat(response.body()).doesNotContain(CANARY_KEY);
	}

	@Test
	void healthShowsTheExporterWithoutTheKey() throws Exception {
		HttpResponse<String> response = get("/actuator/health");
		assertThat(response.statusCode()).isEqualTo(200);
		DocumentContext json = JsonPath.parse(response.body());
		assertThat(json.<String>read("$.status")).isEqualTo("UP");
		assertThat(json.<String>read("$.components.braintrust.details.mode")).isEqualTo("braintrust");
		assertThat(response.body()).doesNotContain(CANARY_KEY);
	}

	@Test
	void showsOneIntegrationByName() throws Exception {
		HttpResponse<String> response = get("/actuator/integrations/idle-lib");
		assertThat(response.statusCode()).isEqualTo(200);
		DocumentContext json = JsonPath.parse(response.body());
		assertThat(json.<String>read("$.status")).isEqualTo("DISABLED");
		assertThat(json.<String>read("$.enabledBy")).isEqualTo("braintrust.integrations.idle-lib.enabled");
	}

	@Test
	void unknownIntegrationIsNotFound() throws Exception {
		assertThat(get("/actuator/integrations/no-such-lib").statusCode()).isEqualTo(404);
		assertThat(post("/actuator/integrations/no-such-lib", "{\"enabled\":false}").statusCode()).isEqualTo(404);
	}

	@Test
	@DirtiesContext
	void postSwitchesAnIntegrationOffAndOnAtRuntime() throws Exception {
		assertThat(this.client.complete("hi")).isEqualTo("default:echo:hi");

		HttpResponse<String> off = post("/actuator/integrations/fake", "{\"enabled\":false}");
		assertThat(off.statusCode()).isEqualTo(200);
		assertThat(JsonPath.parse(off.body()).<String>read("$.status")).isEqualTo("DISABLED");
		assertThat(this.client.complete("hi")).isEqualTo("echo:hi");
		assertThat(JsonPath.parse(get("/actuator/integrations/fake").body()).<Boolean>read("$.enabled")).isFalse();

		HttpResponse<String> on = post("/actuator/integrations/fake", "{\"enabled\":true}");
		assertThat(on.statusCode()).isEqualTo(200);
		assertThat(JsonPath.parse(on.body()).<String>read("$.status")).isEqualTo("ACTIVE");
		assertThat(this.client.complete("hi")).isEqualTo("default:echo:hi");
	}

	@Test
	void enablingAnIntegrationDisabledAtStartupAsksForARestart() throws Exception {
		HttpResponse<String> response = post("/actuator/integrations/idle-lib", "{\"enabled\":true}");
		assertThat(response.statusCode()).isEqualTo(409);
		assertThat(JsonPath.parse(response.body()).<String>read("$.message"))
			.contains("braintrust.integrations.idle-lib.enabled=true")
			.contains("restart");
	}

	@Test
	void postWithoutTheEnabledFlagIsABadRequest() throws Exception {
		assertThat(post("/actuator/integrations/fake", "{}").statusCode()).isEqualTo(400);
	}

	private HttpResponse<String> get(String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> post(String path, String body) throws Exception {
		return this.http.send(HttpRequest.newBuilder(uri(path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class TestApplication {

		@Bean
		FakeIntegration fakeIntegration() {
			return new FakeIntegration();
		}

		@Bean
		FakeIntegration idleIntegration() {
			return new FakeIntegration("idle-lib", "1.0.0", "[1.0.0,)");
		}

		@Bean
		FakeLlmClient fakeLlmClient() {
			return new DefaultFakeLlmClient();
		}

	}

}
