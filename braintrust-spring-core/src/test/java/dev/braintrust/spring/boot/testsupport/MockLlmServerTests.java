package dev.braintrust.spring.boot.testsupport;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MockLlmServerTests {

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void answersMatchingRequestsAndRecordsThem() throws Exception {
		try (MockLlmServer server = MockLlmServer.start()) {
			server.onPost("/v1/chat").once().status(429).header("Retry-After", "1").jsonBody("{\"error\":{}}");
			server.onPost("/v1/chat").jsonBody("{\"ok\":true}");
			HttpResponse<String> first = post(server, "/v1/chat/completions", "{\"model\":\"m\"}");
			HttpResponse<String> second = post(server, "/v1/chat/completions", "{}");
			assertThat(first.statusCode()).isEqualTo(429);
			assertThat(first.headers().firstValue("Retry-After")).hasValue("1");
			assertThat(second.statusCode()).isEqualTo(200);
			assertThat(second.body()).isEqualTo("{\"ok\":true}");
			MockLlmServer.RecordedRequest recorded = server.takeRequest();
			assertThat(recorded.path()).isEqualTo("/v1/chat/completions");
			assertThat(recorded.body()).isEqualTo("{\"model\":\"m\"}");
			assertThat(recorded.header("content-type")).isEqualTo("application/json");
		}
	}

	@Test
	void unmatchedRequestsGetNotFound() throws Exception {
		try (MockLlmServer server = MockLlmServer.start()) {
			assertThat(post(server, "/v1/nothing", "{}").statusCode()).isEqualTo(404);
		}
	}

	private HttpResponse<String> post(MockLlmServer server, String path, String body) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

}
