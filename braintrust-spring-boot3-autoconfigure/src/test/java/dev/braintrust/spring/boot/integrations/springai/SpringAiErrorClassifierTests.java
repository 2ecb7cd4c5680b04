package dev.braintrust.spring.boot.integrations.springai;

import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;

import org.springframework.ai.retry.NonTransientAiException;
import org.springframework.ai.retry.TransientAiException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring AI 1.1's HTTP failures give their status in their message only: the classifier
 * reads it there, as Spring AI 1.1's error handlers write it.
 */
class SpringAiErrorClassifierTests {

	private final SpringAiErrorClassifier classifier = new SpringAiErrorClassifier();

	@Test
	void statusAtTheStartOfTheMessageIsClassified() {
		assertThat(this.classifier.classify(new NonTransientAiException(
				"HTTP 429 - {\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\"}}")))
			.isEqualTo("rate_limit");
		assertThat(this.classifier.classify(new NonTransientAiException("401 - {\"error\":{}}")))
			.isEqualTo("authentication");
		assertThat(this.classifier
			.classify(new NonTransientAiException("HTTP 400 - {\"error\":{\"code\":\"context_length_exceeded\"}}")))
			.isEqualTo("context_length_exceeded");
		assertThat(this.classifier.classify(new TransientAiException("HTTP 529 - {\"type\":\"overloaded_error\"}")))
			.isEqualTo("server_error");
	}

	@Test
	void failureFoundAsTheCauseOfAnotherIsClassified() {
		assertThat(this.classifier
			.classify(new CompletionException(new NonTransientAiException("HTTP 404 - {\"error\":{}}"))))
			.isEqualTo("not_found");
	}

	@Test
	void otherFailuresAreLeftToTheOtherClassifiers() {
		assertThat(this.classifier.classify(new NonTransientAiException("Tool call failed"))).isNull();
		assertThat(this.classifier.classify(new NonTransientAiException("Invalid 429 tokens"))).isNull();
		assertThat(this.classifier.classify(new IllegalStateException("HTTP 429 - too many"))).isNull();
	}

}
