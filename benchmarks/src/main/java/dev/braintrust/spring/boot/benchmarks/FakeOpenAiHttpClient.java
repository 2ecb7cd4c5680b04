package dev.braintrust.spring.boot.benchmarks;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;

import com.openai.client.OpenAIClient;
import com.openai.client.OpenAIClientImpl;
import com.openai.core.ClientOptions;
import com.openai.core.RequestOptions;
import com.openai.core.http.Headers;
import com.openai.core.http.HttpClient;
import com.openai.core.http.HttpRequest;
import com.openai.core.http.HttpRequestBody;
import com.openai.core.http.HttpResponse;

/**
 * The HTTP layer of the OpenAI SDK replaced by canned bytes: the request body is written
 * (serialized, as a real client would) into a discarding stream, and every call answers
 * 200 with the same body. Only the SDK and the instrumentation run.
 */
final class FakeOpenAiHttpClient implements HttpClient {

	private final byte[] body;

	private final Headers headers;

	private FakeOpenAiHttpClient(byte[] body, String contentType) {
		this.body = body;
		this.headers = Headers.builder().put("content-type", contentType).put("x-request-id", "req_bench").build();
	}

	/**
	 * A client whose every call returns one chat completion.
	 */
	static OpenAIClient completions() {
		return client(new FakeOpenAiHttpClient(Payloads.completionJson(), "application/json"));
	}

	/**
	 * A client whose every call returns a stream of {@code chunks} chunks.
	 */
	static OpenAIClient streams(int chunks) {
		return client(new FakeOpenAiHttpClient(Payloads.completionStream(chunks), "text/event-stream"));
	}

	private static OpenAIClient client(HttpClient httpClient) {
		return new OpenAIClientImpl(ClientOptions.builder()
			.httpClient(httpClient)
			.baseUrl("http://localhost:1/v1")
			.apiKey("sk-bench")
			.maxRetries(0)
			.build());
	}

	@Override
	public HttpResponse execute(HttpRequest request, RequestOptions requestOptions) {
		HttpRequestBody requestBody = request.body();
		if (requestBody != null) {
			requestBody.writeTo(OutputStream.nullOutputStream());
		}
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
