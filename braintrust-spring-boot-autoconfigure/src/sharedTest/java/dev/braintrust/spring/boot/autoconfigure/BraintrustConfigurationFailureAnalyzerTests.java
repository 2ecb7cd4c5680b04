package dev.braintrust.spring.boot.autoconfigure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link BraintrustConfigurationFailureAnalyzer}, through real application
 * startups so that the analyzer's registration and ordering are covered too.
 */
@ExtendWith(OutputCaptureExtension.class)
class BraintrustConfigurationFailureAnalyzerTests {

	private static final String KEY = "sk-canary-failure-93b7e0";

	private Throwable startFailing(String... properties) {
		String[] all = new String[properties.length + 2];
		all[0] = "braintrust.api-key=" + KEY;
		all[1] = "spring.main.banner-mode=off";
		System.arraycopy(properties, 0, all, 2, properties.length);
		return org.assertj.core.api.Assertions.catchThrowable(
				() -> new SpringApplicationBuilder(PropertiesConfiguration.class).web(WebApplicationType.NONE)
					.properties(all)
					.run()
					.close());
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			textBlock = """
					braintrust.api-url=ftp://example.com          | braintrust.api-url                         | absolute http or https URL
					braintrust.api-url=/relative                  | braintrust.api-url                         | absolute http or https URL
					braintrust.api-url=https:/no-host             | braintrust.api-url                         | must name a host
					braintrust.export.max-queue-size=0            | braintrust.export.max-queue-size           | set braintrust.export.max-queue-size to a positive number
					braintrust.export.max-batch-size=0            | braintrust.export.max-batch-size           | set braintrust.export.max-batch-size to a positive number
					braintrust.export.max-batch-size=20000        | braintrust.export.max-batch-size           | must not exceed braintrust.export.max-queue-size
					braintrust.export.timeout=0s                  | braintrust.export.timeout                  | set braintrust.export.timeout to a duration
					braintrust.export.schedule-delay=-1s          | braintrust.export.schedule-delay           | set braintrust.export.schedule-delay to a duration
					braintrust.export.shutdown-timeout=-1s        | braintrust.export.shutdown-timeout         | must not be negative
					braintrust.export.retry.max-attempts=0        | braintrust.export.retry.max-attempts       | between 1 (no retry in a row) and 5
					braintrust.export.retry.max-attempts=9        | braintrust.export.retry.max-attempts       | between 1 (no retry in a row) and 5
					braintrust.export.retry.initial-backoff=0ms   | braintrust.export.retry.initial-backoff    | must be positive
					braintrust.export.circuit-breaker.failure-threshold=0 | braintrust.export.circuit-breaker.failure-threshold | set braintrust.export.circuit-breaker.failure-threshold
					braintrust.export.circuit-breaker.open-duration=0s | braintrust.export.circuit-breaker.open-duration | must be positive
					braintrust.trace.max-content-length=8         | braintrust.trace.max-content-length        | must be at least 16 characters
					braintrust.trace.max-content-length=-1        | braintrust.trace.max-content-length        | must be at least 16 characters
					braintrust.metrics.max-models=0               | braintrust.metrics.max-models              | set braintrust.metrics.max-models to a positive number
					braintrust.viewer.max-traces=0                | braintrust.viewer.max-traces               | set braintrust.viewer.max-traces to a positive number such as 200
					braintrust.viewer.max-spans-per-trace=-1      | braintrust.viewer.max-spans-per-trace      | set braintrust.viewer.max-spans-per-trace to a positive number
					braintrust.viewer.max-size=10KB               | braintrust.viewer.max-size                 | must be at least 1MB
					braintrust.viewer.path=traces                 | braintrust.viewer.path                     | must start with '/'
					braintrust.viewer.path=/traces/               | braintrust.viewer.path                     | no trailing slash
					braintrust.project-id=projét                  | braintrust.project-id                      | must be printable ASCII
					braintrust.project=a\tb                       | braintrust.project                         | must not contain control characters
					""")
	void invalidValueFailsStartupNamingPropertyAndFix(String setting, String property, String fix,
			CapturedOutput output) {
		Throwable failure = startFailing(setting);
		assertThat(failure).isNotNull();
		assertThat(output.getAll()).contains("Invalid Braintrust configuration")
			.contains("Property: " + property)
			.contains(fix)
			.contains("Update " + property)
			.doesNotContain(KEY);
		assertThat(stackTraceOf(failure)).doesNotContain(KEY);
	}

	@Test
	void contentLengthGivenAsADataSizeFailsStartupSayingItCountsCharacters(CapturedOutput output) {
		Throwable failure = startFailing("braintrust.trace.max-content-length=64KB");
		assertThat(failure).isNotNull();
		assertThat(output.getAll()).contains("Invalid Braintrust configuration")
			.contains("Property: braintrust.trace.max-content-length")
			.contains("must be a number of characters, such as 65536")
			.contains("Set braintrust.trace.max-content-length to a number of characters such as 65536")
			.doesNotContain("Update your application's configuration")
			.doesNotContain(KEY);
	}

	@Test
	void projectAndProjectIdTogetherFailStartup(CapturedOutput output) {
		Throwable failure = startFailing("braintrust.project=a", "braintrust.project-id=b");
		assertThat(failure).isNotNull();
		assertThat(output.getAll()).contains("Property: braintrust.project-id")
			.contains("braintrust.project and braintrust.project-id are mutually exclusive")
			.doesNotContain(KEY);
	}

	@Test
	void unparsableUriIsReportedByBootsBindAnalyzer(CapturedOutput output) {
		Throwable failure = startFailing("braintrust.api-url=http://[::1");
		assertThat(failure).isNotNull();
		assertThat(output.getAll()).contains("Failed to bind properties under 'braintrust.api-url' to java.net.URI")
			.contains("Property: braintrust.api-url")
			.doesNotContain(KEY);
	}

	@Test
	void urlWithSpaceIsReportedAsHavingNoHost(CapturedOutput output) {
		Throwable failure = startFailing("braintrust.api-url=http://exa mple.com");
		assertThat(failure).isNotNull();
		assertThat(output.getAll()).contains("Property: braintrust.api-url").contains("must name a host");
	}

	@ParameterizedTest
	@ValueSource(
			strings = { "sk-canary-nbsp\u00a0tail", "sk-canary inner-space", "sk-canary\nnewline", "sk-canary-\u00e9" })
	void apiKeyThatCannotBeSentFailsStartupNamingThePropertyNeverTheKey(String key, CapturedOutput output) {
		Throwable failure = startFailing("braintrust.api-key=" + key, "logging.level.org.springframework=debug");
		assertThat(failure).isNotNull();
		assertThat(output.getAll()).contains("Property: braintrust.api-key")
			.contains("cannot be sent in the Authorization header")
			.doesNotContain("sk-canary");
		assertThat(stackTraceOf(failure)).doesNotContain("sk-canary");
	}

	@Test
	void apiKeyWithSurroundingWhitespaceIsStrippedAndStarts() {
		new SpringApplicationBuilder(PropertiesConfiguration.class).web(WebApplicationType.NONE)
			.properties("braintrust.api-key= " + KEY + "\n", "spring.main.banner-mode=off")
			.run()
			.close();
	}

	@Test
	void apiUrlWithUserInfoFailsStartupAndNeverPrintsIt(CapturedOutput output) {
		Throwable failure = startFailing("braintrust.api-url=https://user:pw-canary-71f@api.example.com",
				"logging.level.org.springframework=debug");
		assertThat(failure).isNotNull();
		assertThat(output.getAll()).contains("Property: braintrust.api-url")
			.contains("must not contain user-info")
			.contains("braintrust.api-key")
			.doesNotContain("pw-canary-71f")
			.doesNotContain(KEY);
		assertThat(stackTraceOf(failure)).doesNotContain("pw-canary-71f");
	}

	@Test
	void validConfigurationStarts() {
		new SpringApplicationBuilder(PropertiesConfiguration.class).web(WebApplicationType.NONE)
			.properties("braintrust.api-key=" + KEY, "braintrust.project=p", "spring.main.banner-mode=off")
			.run()
			.close();
	}

	private static String stackTraceOf(Throwable failure) {
		java.io.StringWriter writer = new java.io.StringWriter();
		failure.printStackTrace(new java.io.PrintWriter(writer));
		return writer.toString();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(BraintrustProperties.class)
	static class PropertiesConfiguration {

	}

}
