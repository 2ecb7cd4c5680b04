package dev.braintrust.spring.boot.integrations.langchain4j;

import java.io.IOException;
import java.util.concurrent.CompletionException;

import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.ContentFilteredException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.ModelNotFoundException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.exception.ToolExecutionException;
import org.junit.jupiter.api.Test;

import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * LangChain4j's exceptions, as its provider modules throw them, get the normalized
 * {@code error.type}.
 */
class LangChain4jErrorClassifierTests {

	private static final String STREAMING_EXCEPTION = "dev.langchain4j.model.anthropic.internal.api.AnthropicStreamingException";

	private final LangChain4jErrorClassifier classifier = new LangChain4jErrorClassifier();

	@Test
	void langChain4jsExceptionTypesAreClassified() {
		assertThat(this.classifier.classify(new RateLimitException("slow down"))).isEqualTo("rate_limit");
		assertThat(this.classifier.classify(new AuthenticationException("bad key"))).isEqualTo("authentication");
		assertThat(this.classifier.classify(new TimeoutException("late"))).isEqualTo("timeout");
		assertThat(this.classifier.classify(new ContentFilteredException("filtered"))).isEqualTo("content_filter");
		assertThat(this.classifier.classify(new ModelNotFoundException("no such model"))).isEqualTo("not_found");
		assertThat(this.classifier.classify(new InternalServerException("overloaded"))).isEqualTo("server_error");
		assertThat(this.classifier.classify(new InvalidRequestException("bad"))).isEqualTo("bad_request");
	}

	@Test
	void forbiddenIsPermissionDeniedAndATooLongPromptIsContextLength() {
		assertThat(this.classifier.classify(new AuthenticationException(new HttpException(403, "forbidden"))))
			.isEqualTo("permission_denied");
		assertThat(this.classifier.classify(new InvalidRequestException(
				"This model's maximum context length is 128000 tokens. However, your messages resulted in 130000")))
			.isEqualTo("context_length_exceeded");
	}

	@Test
	void aStreamsErrorEventIsClassifiedByTheProvidersErrorType() {
		// Not in every version of langchain4j-anthropic (1.8 has none).
		assumeTrue(ClassUtils.isPresent(STREAMING_EXCEPTION, getClass().getClassLoader()));
		assertThat(this.classifier.classify(AnthropicErrors.streaming("Overloaded", "overloaded_error")))
			.isEqualTo("server_error");
		assertThat(this.classifier.classify(AnthropicErrors.streaming("Slow down", "rate_limit_error")))
			.isEqualTo("rate_limit");
	}

	@Test
	void wrappedFailuresAreClassifiedAndOthersLeftToTheNextClassifier() {
		assertThat(this.classifier.classify(new CompletionException(new RateLimitException("slow down"))))
			.isEqualTo("rate_limit");
		assertThat(this.classifier.classify(new IOException("reset"))).isNull();
		assertThat(this.classifier.classify(new HttpException(418, "teapot"))).isNull();
		assertThat(this.classifier.classify(new ToolExecutionException(new IllegalStateException("down"))))
			.isEqualTo(IllegalStateException.class.getName());
	}

	/**
	 * Makes the exceptions of versions that have them, so that the test class itself
	 * loads on the others.
	 */
	static final class AnthropicErrors {

		static Throwable streaming(String message, String type) {
			return new dev.langchain4j.model.anthropic.internal.api.AnthropicStreamingException(message, type);
		}

	}

}
