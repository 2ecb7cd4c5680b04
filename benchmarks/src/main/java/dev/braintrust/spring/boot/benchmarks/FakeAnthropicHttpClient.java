package dev.braintrust.spring.boot.benchmarks;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.AnthropicClientImpl;
import com.anthropic.core.ClientOptions;
import com.anthropic.core.RequestOptions;
import com.anthropic.core.http.Headers;
import com.anthropic.core.http.HttpClient;
import com.anthropic.core.http.HttpRequest;
import com.anthropic.core.http.HttpResponse;

/**
 * The HTTP layer of the Anthropic SDK replaced by canned bytes, as
 * {@link FakeOpenAiHttpClient} does for OpenAI: the request body is written (serialized,
 * as a real client would) into a discarding stream, and every call answers 200 with the
 * same body. Only the SDK and the instrumentation run.
 */
final class FakeAnthropicHttpClient implements HttpClient {

	private final byte[] body;

	private final Headers headers;

	private FakeAnthropicHttpClient(byte[] body, String contentType) {
		this.body = body;
		this.headers = Headers.builder().put("content-type", contentType).put("request-id", "req_bench").build();
	}

	/**
	 * A client whose every call returns one message.
	 */
	static AnthropicClient messages() {
		return client(new FakeAnthropicHttpClient(AnthropicPayloads.messageJson(), "application/json"));
	}

	/**
	 * A client whose every call returns a stream of {@code events} events.
	 */
	static AnthropicClient streams(int events) {
		return client(new FakeAnthropicHttpClient(AnthropicPayloads.messageStream(events), "text/event-stream"));
	}

	private static AnthropicClient client(HttpClient httpClient) {
		return new AnthropicClientImpl(ClientOptions.builder()
			.httpClient(httpClient)
			.baseUrl("http://localhost:1")
			.putHeader("x-api-key", "sk-ant-bench")
			.maxRetries(0)
			.build());
	}

	@Override
	public HttpResponse execute(HttpRequest request, RequestOptions requestOptions) {
		request.body().ifPresent((body) -> body.writeTo(OutputStream.nullOutputStream()));
		return new CannedResponse(this.body, this.headers);
	}

	@Override
	public CompletableFuture<HttpResponse> executeAsync(HttpRequest request, RequestOptions requestOptions) {
		return CompletableFuture.completedFuture(execute(request, requestOptions));
	}

	@Override
	public void close() {
	}

	private static final class CannedResponse implements HttpResponse {

		private final InputStream body;

		private final Headers headers;

		CannedResponse(byte[] body, Headers headers) {
			this.body = new ByteArrayInputStream(body);
			this.headers = headers;
		}

		@Override
		public int statusCode() {
			return 200;
		}

		@Override
		public Headers headers() {
			return this.headers;
		}

		@Override
		public InputStream body() {
			return this.body;
		}

		@Override
		public void close() {
		}

	}

}
