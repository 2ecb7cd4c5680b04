package dev.braintrust.spring.boot.trace;

import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class RateLimitedLogTests {

	private final RateLimitedLog log = new RateLimitedLog(LogFactory.getLog(RateLimitedLogTests.class));

	@Test
	void instrumentationFailureIsLoggedByItsTypeWithoutTheMessageThatMayQuoteTheServer(CapturedOutput output) {
		IllegalStateException failure = new IllegalStateException(
				"Unexpected value \"secret prompt\"\nWARN forged line from a server payload");
		this.log.instrumentationFailure("anthropic", "chunk", failure);
		assertThat(output.getOut().lines().filter((line) -> line.contains("'anthropic' call failed (chunk)")))
			.singleElement()
			.satisfies((line) -> assertThat(line).contains(IllegalStateException.class.getName()));
		assertThat(output.getOut()).doesNotContain("secret prompt").doesNotContain("WARN forged");
	}

	@Test
	void repeatedFailuresOfOneStepAreLoggedOnceAMinute(CapturedOutput output) {
		for (int i = 0; i < 5; i++) {
			this.log.instrumentationFailure("openai", "response", new IllegalStateException());
		}
		this.log.instrumentationFailure("openai", "chunk", new IllegalStateException());
		assertThat(output.getOut().lines().filter((line) -> line.contains("'openai' call failed"))).hasSize(2);
	}

	@Test
	void aFailureOfItsOwnKeyIsLoggedWithTheMessageGiven(CapturedOutput output) {
		this.log.warn("strip", "Could not remove the content of an LLM span", new IllegalStateException("secret"));
		assertThat(output.getOut())
			.contains("Could not remove the content of an LLM span: " + IllegalStateException.class.getName())
			.doesNotContain("secret")
			.doesNotContain("instrumentation of a");
	}

}
