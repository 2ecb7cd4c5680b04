package dev.braintrust.spring.boot.integrations.openai;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.CompletionException;

import com.openai.client.OpenAIClient;
import com.openai.client.OpenAIClientAsync;
import com.openai.core.http.AsyncStreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.InternalServerException;
import com.openai.errors.OpenAIIoException;
import com.openai.errors.RateLimitException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.braintrust.spring.boot.testsupport.MockLlmServer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Failures of the SDK: the caller gets the SDK's exception (the very instance the span
 * recorded), the span its normalized error type.
 */
class OpenAiErrorsTests {

	private final MockLlmServer server = MockLlmServer.start();

	private final OpenAiTestSupport support = new OpenAiTestSupport();

	@AfterEach
	void close() {
		this.server.close();
		this.support.openTelemetry.close();
	}

	private static ChatCompletionCreateParams params() {
		return ChatCompletionCreateParams.builder().model("gpt-4o-mini").addUserMessage("Hello").build();
	}

	@Test
	void rateLimitReachesTheCallerUnchangedAndIsClassified() {
		this.server.onPost("/v1/chat/completions").status(429).json("openai/error-rate-limit.json");
		assertFailure(RateLimitException.class, "rate_limit");
	}

	@Test
	void invalidApiKeyIsAnAuthenticationError() {
		this.server.onPost("/v1/chat/completions").status(401).json("openai/error-invalid-api-key.json");
		assertFailure(UnauthorizedException.class, "authentication");
	}

	@Test
	void internalServerErrorIsAServerError() {
		this.server.onPost("/v1/chat/completions").status(500).json("openai/error-server.json");
		assertFailure(InternalServerException.class, "server_error");
	}

	@Test
	void contextLengthCodeOfABadRequestIsRecognised() {
		this.server.onPost("/v1/chat/completions").status(400).json("openai/error-context-length.json");
		assertFailure(BadRequestException.class, "context_length_exceeded");
	}

	@Test
	void contentFilterCodeOfABadRequestIsRecognised() {
		this.server.onPost("/v1/chat/completions").status(400).json("openai/error-content-filter.json");
		assertFailure(BadRequestException.class, "content_filter");
	}

	@Test
	void refusedConnectionIsAConnectionError() throws IOException {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		this.support.contextRunner("http://127.0.0.1:" + closedPort + "/v1").run((context) -> {
			Throwable thrown = catchThrowable(
					() -> context.getBean(OpenAIClient.class).chat().completions().create(params()));
			assertThat(thrown).isInstanceOf(OpenAIIoException.class);
			assertSpanFailed(thrown, "connection");
		});
	}

	@Test
	void timeoutIsATimeout() {
		this.server.onPost("/v1/chat/completions").delay(Duration.ofSeconds(2)).json("openai/chat-basic.json");
		this.support.contextRunner(this.server.baseUrl() + "/v1")
			.withPropertyValues("test.openai.timeout-millis=200")
			.run((context) -> {
				Throwable thrown = catchThrowable(
						() -> context.getBean(OpenAIClient.class).chat().completions().create(params()));
				assertThat(thrown).isInstanceOf(OpenAIIoException.class);
				assertSpanFailed(thrown, "timeout");
			});
	}

	@Test
	void asyncFailureCompletesTheFutureWithTheSdkException() {
		this.server.onPost("/v1/chat/completions").status(429).json("openai/error-rate-limit.json");
		this.support.contextRunner(this.server.baseUrl() + "/v1").run((context) -> {
			Throwable thrown = catchThrowable(
					() -> context.getBean(OpenAIClientAsync.class).chat().completions().create(params()).join());
			assertThat(thrown).isInstanceOf(CompletionException.class).hasCauseInstanceOf(RateLimitException.class);
			assertSpanFailed(thrown.getCause(), "rate_limit");
		});
	}

	@Test
	void asyncStreamWhoseRequestFailsEndsItsSpanWithTheError() {
		this.server.onPost("/v1/chat/completions").status(500).json("openai/error-server.json");
		this.support.contextRunner(this.server.baseUrl() + "/v1").run((context) -> {
			AsyncStreamResponse<ChatCompletionChunk> stream = context.getBean(OpenAIClientAsync.class)
				.chat()
				.completions()
				.createStreaming(params());
			Throwable thrown = catchThrowable(() -> stream.onCompleteFuture().join());
			assertThat(thrown).hasRootCauseInstanceOf(InternalServerException.class);
			SpanData span = this.support.onlySpan();
			assertThat(span.getAttributes().get(AttributeKey.stringKey("error.type"))).isEqualTo("server_error");
		});
	}

	@Test
	void failedStreamingRequestIsRecordedOnce() {
		this.server.onPost("/v1/chat/completions").status(429).json("openai/error-rate-limit.json");
		this.support.contextRunner(this.server.baseUrl() + "/v1").run((context) -> {
			Throwable thrown = catchThrowable(
					() -> context.getBean(OpenAIClient.class).chat().completions().createStreaming(params()));
			assertThat(thrown).isInstanceOf(RateLimitException.class);
			assertSpanFailed(thrown, "rate_limit");
		});
	}

	private void assertFailure(Class<? extends Throwable> type, String errorType) {
		this.support.contextRunner(this.server.baseUrl() + "/v1").run((context) -> {
			Throwable thrown = catchThrowable(
					() -> context.getBean(OpenAIClient.class).chat().completions().create(params()));
			assertThat(thrown).isInstanceOf(type);
			assertSpanFailed(thrown, errorType);
		});
	}

	private void assertSpanFailed(Throwable thrown, String errorType) {
		SpanData span = this.support.onlySpan();
		assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
		assertThat(span.getAttributes().get(AttributeKey.stringKey("error.type"))).isEqualTo(errorType);
		assertThat(span.getEvents()).extracting((event) -> event.getName()).containsExactly("exception");
		assertThat(this.support.listener.failed).singleElement().satisfies((call) -> {
			assertThat(call.error()).isSameAs(thrown);
			assertThat(call.errorType()).isEqualTo(errorType);
		});
	}

}
