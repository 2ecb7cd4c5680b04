package dev.braintrust.spring.boot.actuate;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With every endpoint exposed and no access configured, {@code /actuator/integrations}
 * can be read but not written: nobody who reaches the actuator can switch tracing off
 * unless {@code management.endpoint.integrations.access=unrestricted} is set.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=*", "braintrust.api-url=http://127.0.0.1:9" })
class IntegrationsEndpointDefaultAccessWebTests {

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Autowired
	private FakeLlmClient client;

	@Test
	void integrationsCanBeReadByDefault() throws Exception {
		HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/actuator/integrations/fake")).GET());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(JsonPath.parse(response.body()).<String>read("$.status")).isEqualTo("ACTIVE");
	}

	@Test
	void postIsRefusedByDefaultAndTracingStaysOn() throws Exception {
		HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/actuator/integrations/fake"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"enabled\":false}")));
		assertThat(response.statusCode()).isEqualTo(405);
		HttpResponse<String> after = send(HttpRequest.newBuilder(uri("/actuator/integrations/fake")).GET());
		assertThat(JsonPath.parse(after.body()).<Boolean>read("$.enabled")).isTrue();
		assertThat(this.client.complete("hi")).isEqualTo("default:echo:hi");
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
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
		FakeLlmClient fakeLlmClient() {
			return new DefaultFakeLlmClient();
		}

	}

}
