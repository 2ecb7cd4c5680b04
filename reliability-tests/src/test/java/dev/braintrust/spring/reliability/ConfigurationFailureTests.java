package dev.braintrust.spring.reliability;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Every invalid {@code braintrust.*} setting stops the application with one failure
 * report that names the property, and never prints the API key.
 */
@ExtendWith(OutputCaptureExtension.class)
class ConfigurationFailureTests {

	private static final String CANARY = "bt-config-canary-91d4";

	@ParameterizedTest(name = "{0}={1}")
	@CsvSource(delimiter = '|',
			value = { "braintrust.api-url | not a url", "braintrust.api-url | ftp://example.com",
					"braintrust.api-url | relative/path", "braintrust.api-url | https://example.com?x=1",
					"braintrust.project-id | p-123", "braintrust.export.max-queue-size | 0",
					"braintrust.export.max-batch-size | 20000", "braintrust.export.max-batch-size | 0",
					"braintrust.export.timeout | 0s", "braintrust.export.schedule-delay | -1s",
					"braintrust.export.shutdown-timeout | -1s", "braintrust.export.retry.max-attempts | 6",
					"braintrust.export.retry.initial-backoff | 0ms", "braintrust.export.retry.max-backoff | -5s",
					"braintrust.export.circuit-breaker.failure-threshold | 0",
					"braintrust.export.circuit-breaker.open-duration | 0s", "braintrust.export.max-queue-size | lots",
					"braintrust.export.timeout | soon", "braintrust.trace.max-content-length | 8",
					"braintrust.trace.max-content-length | 64KB", "braintrust.trace.capture-content | perhaps",
					"braintrust.api-key | bt-config-canary-91d4\u00a0x", "braintrust.api-key | bt-config-canary-91d4 x",
					"braintrust.api-url | https://user:bt-config-canary-91d4@api.example.com" })
	void invalidSettingFailsStartupOnceNamingTheProperty(String property, String value, CapturedOutput output) {
		assertThatException()
			.isThrownBy(() -> new SpringApplicationBuilder(ReliabilityApplication.class).web(WebApplicationType.NONE)
				.properties("spring.main.banner-mode=off", "reliability.model-server.openai=http://127.0.0.1:1/v1",
						"reliability.model-server.anthropic=http://127.0.0.1:1", "braintrust.api-key=" + CANARY,
						"braintrust.project=reliability", property + "=" + value)
				.run());
		String log = output.getAll();
		assertThat(count(log, "APPLICATION FAILED TO START")).as("failure reports").isEqualTo(1);
		String report = log.substring(log.indexOf("APPLICATION FAILED TO START"));
		assertThat(report).contains(property);
		assertThat(log).doesNotContain(CANARY);
		Figures.record("Invalid configuration", property + "=" + value,
				"one failure report naming the property: " + firstDescriptionLine(report));
	}

	private static int count(String text, String needle) {
		int count = 0;
		for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
			count++;
		}
		return count;
	}

	private static String firstDescriptionLine(String report) {
		Matcher matcher = Pattern.compile("(Reason: .*|Failed to bind .*|.*must .*)").matcher(report);
		return matcher.find() ? matcher.group(1).strip().replace("|", "/") : "(see report)";
	}

}
