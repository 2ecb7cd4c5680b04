package dev.braintrust.spring.boot.benchmarks;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;

/**
 * The HTTP layer of a {@link BedrockRuntimeClient}, in memory: it reads the request body
 * the SDK wrote (after signing it) and answers every call with the same Converse
 * response, so that a benchmark measures the SDK's and the instrumentation's work without
 * a network.
 */
final class FakeBedrockHttpClient implements SdkHttpClient {

	static final String MODEL = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";

	private static final byte[] CONVERSE = ("{\"output\":{\"message\":{\"role\":\"assistant\",\"content\":[{\"text\":"
			+ "\"The capital of France is Paris. It has been the country's capital for most of its history.\"}]}},"
			+ "\"stopReason\":\"end_turn\",\"usage\":{\"inputTokens\":612,\"outputTokens\":21,\"totalTokens\":633},"
			+ "\"metrics\":{\"latencyMs\":412}}")
		.getBytes(StandardCharsets.UTF_8);

	/**
	 * A blocking client over this HTTP layer, with the given execution interceptors.
	 * @param interceptors the interceptors (a peer instrumentation's)
	 * @return the client
	 */
	static BedrockRuntimeClient client(ExecutionInterceptor... interceptors) {
		return BedrockRuntimeClient.builder()
			.httpClient(new FakeBedrockHttpClient())
			.region(Region.US_EAST_1)
			.endpointOverride(URI.create("https://bedrock-runtime.us-east-1.amazonaws.com"))
			.credentialsProvider(StaticCredentialsProvider
				.create(AwsBasicCredentials.create("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")))
			.overrideConfiguration((config) -> {
				for (ExecutionInterceptor interceptor : interceptors) {
					config.addExecutionInterceptor(interceptor);
				}
			})
			.build();
	}

	@Override
	public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
		return new ExecutableHttpRequest() {

			@Override
			public HttpExecuteResponse call() {
				Optional<software.amazon.awssdk.http.ContentStreamProvider> body = request.contentStreamProvider();
				if (body.isPresent()) {
					try (InputStream in = body.get().newStream()) {
						in.transferTo(OutputStream.nullOutputStream());
					}
					catch (IOException ex) {
						throw new UncheckedIOException(ex);
					}
				}
				SdkHttpResponse response = SdkHttpResponse.builder()
					.statusCode(200)
					.putHeader("Content-Type", "application/json")
					.putHeader("Content-Length", Integer.toString(CONVERSE.length))
					.putHeader("x-amzn-RequestId", "4f2e4a9c-6a3b-4f5e-9d1c-0b8f6f1e2a7d")
					.build();
				return HttpExecuteResponse.builder()
					.response(response)
					.responseBody(AbortableInputStream.create(new ByteArrayInputStream(CONVERSE)))
					.build();
			}

			@Override
			public void abort() {
			}

		};
	}

	@Override
	public void close() {
	}

}
