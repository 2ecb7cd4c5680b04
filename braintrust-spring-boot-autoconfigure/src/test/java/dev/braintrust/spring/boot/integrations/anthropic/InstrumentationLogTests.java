package dev.braintrust.spring.boot.integrations.anthropic;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class InstrumentationLogTests {

	@Test
	void failureIsLoggedByItsTypeWithoutTheMessageThatMayQuoteTheServer(CapturedOutput output) {
		IllegalStateException failure = new IllegalStateException(
				"Unexpected value \"secret prompt\"\nWARN forged line from a server payload");
		InstrumentationLog.warn("log-injection-test", "Could not read an Anthropic stream event", failure);
		assertThat(output.getOut().lines().filter((line) -> line.contains("Could not read an Anthropic stream event")))
			.singleElement()
			.satisfies((line) -> assertThat(line).contains(IllegalStateException.class.getName()));
		assertThat(output.getOut()).doesNotContain("secret prompt").doesNotContain("WARN forged");
	}

}
