package dev.braintrust.spring.boot.autoconfigure;

import java.net.URI;
import java.time.Duration;

import org.springframework.util.StringUtils;
import org.springframework.validation.Errors;

/**
 * Checks the values that would make export misbehave. Each error's code is the dashed
 * property path under {@code braintrust} and its message says what to do, so that
 * {@link BraintrustConfigurationFailureAnalyzer} can print both. Never looks at the API
 * key's value beyond whether it is set.
 */
final class BraintrustPropertiesValidator {

	/**
	 * Highest number of attempts OpenTelemetry's retry policy accepts.
	 */
	static final int MAX_ATTEMPTS_LIMIT = 5;

	/**
	 * Smallest content bound, in characters, the span handler accepts: room for a
	 * truncated JSON value.
	 */
	static final int MIN_CONTENT_LENGTH = 16;

	private BraintrustPropertiesValidator() {
	}

	static void validate(BraintrustProperties properties, Errors errors) {
		validateApiUrl(properties.getApiUrl(), errors);
		if (StringUtils.hasText(properties.getProject()) && StringUtils.hasText(properties.getProjectId())) {
			errors.rejectValue("projectId", "project-id",
					"braintrust.project and braintrust.project-id are mutually exclusive: set only one of them "
							+ "(or only one of BRAINTRUST_PROJECT and BRAINTRUST_PROJECT_ID)");
		}
		if (properties.getTrace().getMaxContentLength() < MIN_CONTENT_LENGTH) {
			errors.rejectValue("trace.maxContentLength", "trace.max-content-length",
					"must be at least " + MIN_CONTENT_LENGTH + " characters; set braintrust.trace.max-content-length "
							+ "to a number of characters such as 65536");
		}
		BraintrustProperties.Export export = properties.getExport();
		if (export.getMaxQueueSize() < 1) {
			errors.rejectValue("export.maxQueueSize", "export.max-queue-size",
					"must be at least 1; set braintrust.export.max-queue-size to a positive number such as 2048");
		}
		if (export.getMaxBatchSize() < 1) {
			errors.rejectValue("export.maxBatchSize", "export.max-batch-size",
					"must be at least 1; set braintrust.export.max-batch-size to a positive number such as 512");
		}
		else if (export.getMaxQueueSize() >= 1 && export.getMaxBatchSize() > export.getMaxQueueSize()) {
			errors.rejectValue("export.maxBatchSize", "export.max-batch-size",
					"must not exceed braintrust.export.max-queue-size (" + export.getMaxQueueSize()
							+ "); lower it or raise the queue size");
		}
		positive(export.getTimeout(), "export.timeout", errors, "10s");
		positive(export.getScheduleDelay(), "export.scheduleDelay", errors, "1s");
		if (export.getShutdownTimeout() == null || export.getShutdownTimeout().isNegative()) {
			errors.rejectValue("export.shutdownTimeout", "export.shutdown-timeout",
					"must not be negative; set braintrust.export.shutdown-timeout to 0 (do not wait) or a duration such as 10s");
		}
		BraintrustProperties.Retry retry = export.getRetry();
		if (retry.getMaxAttempts() < 1 || retry.getMaxAttempts() > MAX_ATTEMPTS_LIMIT) {
			errors.rejectValue("export.retry.maxAttempts", "export.retry.max-attempts",
					"must be between 1 (no retry) and " + MAX_ATTEMPTS_LIMIT
							+ " (OpenTelemetry's limit); set braintrust.export.retry.max-attempts accordingly");
		}
		positive(retry.getInitialBackoff(), "export.retry.initialBackoff", errors, "1s");
		positive(retry.getMaxBackoff(), "export.retry.maxBackoff", errors, "5s");
		BraintrustProperties.CircuitBreaker breaker = export.getCircuitBreaker();
		if (breaker.getFailureThreshold() < 1) {
			errors.rejectValue("export.circuitBreaker.failureThreshold", "export.circuit-breaker.failure-threshold",
					"must be at least 1; set braintrust.export.circuit-breaker.failure-threshold to a positive number such as 5");
		}
		positive(breaker.getOpenDuration(), "export.circuitBreaker.openDuration", errors, "30s");
		if (properties.getMetrics().getMaxModels() < 1) {
			errors.rejectValue("metrics.maxModels", "metrics.max-models",
					"must be at least 1; set braintrust.metrics.max-models to a positive number such as 100");
		}
	}

	private static void validateApiUrl(URI apiUrl, Errors errors) {
		String scheme = apiUrl.getScheme();
		if (!apiUrl.isAbsolute() || scheme == null
				|| !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
			errors.rejectValue("apiUrl", "api-url",
					"must be an absolute http or https URL; set braintrust.api-url (or BRAINTRUST_API_URL) to e.g. "
							+ BraintrustProperties.DEFAULT_API_URL);
		}
		else if (!StringUtils.hasText(apiUrl.getHost())) {
			errors.rejectValue("apiUrl", "api-url",
					"must name a host; set braintrust.api-url (or BRAINTRUST_API_URL) to e.g. "
							+ BraintrustProperties.DEFAULT_API_URL);
		}
		else if (apiUrl.getRawQuery() != null || apiUrl.getRawFragment() != null) {
			errors.rejectValue("apiUrl", "api-url",
					"must not have a query or fragment; set braintrust.api-url to the base URL, e.g. "
							+ BraintrustProperties.DEFAULT_API_URL);
		}
	}

	private static void positive(Duration duration, String field, Errors errors, String example) {
		if (duration == null || duration.isNegative() || duration.isZero()) {
			String property = "braintrust." + dashed(field);
			errors.rejectValue(field, dashed(field),
					"must be positive; set " + property + " to a duration such as " + example);
		}
	}

	static String dashed(String field) {
		return field.replaceAll("([A-Z])", "-$1").toLowerCase(java.util.Locale.ROOT);
	}

}
