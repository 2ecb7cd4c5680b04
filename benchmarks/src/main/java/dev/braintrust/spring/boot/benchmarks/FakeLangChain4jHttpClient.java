package dev.braintrust.spring.boot.benchmarks;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;

/**
 * LangChain4j's HTTP client SPI answering from memory: every request gets the canned chat
 * completion of {@link Payloads}, so that a LangChain4j model runs its whole request
 * building and response parsing without a network.
 */
final class FakeLangChain4jHttpClient implements HttpClient {

	private static final Map<String, List<String>> HEADERS = Map.of("Content-Type", List.of("application/json"));

	private final byte[] completion = Payloads.completionJson();

	@Override
	public SuccessfulHttpResponse execute(HttpRequest request) {
		// The request body is built by the model, as it would be for the wire.
		if (request.body() == null) {
			throw new IllegalStateException("no request body");
		}
		return SuccessfulHttpResponse.builder().statusCode(200).headers(HEADERS).body(this.completion).build();
	}

	@Override
	public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
		throw new UnsupportedOperationException("streaming is not benchmarked here");
	}

	static HttpClientBuilder builder() {
		return new HttpClientBuilder() {

			@Override
			public Duration connectTimeout() {
				return Duration.ofSeconds(1);
			}

			@Override
			public HttpClientBuilder connectTimeout(Duration timeout) {
				return this;
			}

			@Override
			public Duration readTimeout() {
				return Duration.ofSeconds(1);
			}

			@Override
			public HttpClientBuilder readTimeout(Duration timeout) {
				return this;
			}

			@Override
			public HttpClient build() {
				return new FakeLangChain4jHttpClient();
			}

		};
	}

}
