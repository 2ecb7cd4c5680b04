package dev.braintrust.spring.boot.integrations.openai;

import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.util.concurrent.CompletionException;

import com.openai.core.http.Headers;
import com.openai.errors.OpenAIIoException;
import com.openai.errors.RateLimitException;
import com.openai.errors.SseException;
import com.openai.errors.UnexpectedStatusCodeException;
import com.openai.models.ErrorObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OpenAiErrorClassifierTests {

	private final OpenAiErrorClassifier classifier = new OpenAiErrorClassifier();

	private static final Headers NO_HEADERS = Headers.builder().build();

	@Test
	void sdkExceptionIsFoundAsTheCauseOfACompletionException() {
		RateLimitException rateLimit = RateLimitException.builder().headers(NO_HEADERS).build();
		assertThat(this.classifier.classify(new CompletionException(rateLimit))).isEqualTo("rate_limit");
	}

	@Test
	void errorEventOfAStreamIsClassifiedByItsCode() {
		SseException error = SseException.builder()
			.statusCode(400)
			.headers(NO_HEADERS)
			.error(ErrorObject.builder()
				.message("The response was filtered")
				.code("content_filter")
				.param((String) null)
				.type("invalid_request_error")
				.build())
			.build();
		assertThat(this.classifier.classify(error)).isEqualTo("content_filter");
	}

	@Test
	void otherStatusesAreLeftToTheGenericClassifier() {
		assertThat(this.classifier
			.classify(UnexpectedStatusCodeException.builder().statusCode(418).headers(NO_HEADERS).build())).isNull();
		assertThat(this.classifier.classify(new IllegalStateException("not the SDK's"))).isNull();
	}

	@Test
	void ioExceptionIsATimeoutOnlyWhenATimeoutCausedIt() {
		assertThat(this.classifier.classify(new OpenAIIoException("Request failed", new SocketTimeoutException())))
			.isEqualTo("timeout");
		assertThat(this.classifier
			.classify(new OpenAIIoException("Request failed", new InterruptedIOException("timeout"))))
			.isEqualTo("timeout");
		assertThat(this.classifier
			.classify(new OpenAIIoException("Request failed", new InterruptedIOException("interrupted"))))
			.isEqualTo("connection");
	}

}
