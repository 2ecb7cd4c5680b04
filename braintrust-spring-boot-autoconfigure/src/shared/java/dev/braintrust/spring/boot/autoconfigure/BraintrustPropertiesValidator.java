package dev.braintrust.spring.boot.autoconfigure;

import java.net.URI;
import java.time.Duration;

import dev.braintrust.spring.boot.trace.ContentLimits;

import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;
import org.springframework.validation.BindingResult;
import org.springframework.validation.Errors;
import org.springframework.validation.FieldError;

/**
 * Checks the values that would make export misbehave. Each error's code is the dashed
 * property path under {@code braintrust} and its message says what to do, so that
 * {@link BraintrustConfigurationFailureAnalyzer} can print both. A secret (the API key,
 * credentials in a URL) is checked but never copied into an error: its rejected value is
 * masked.
 */
final class BraintrustPropertiesValidator {

	/**
	 * Highest number of attempts OpenTelemetry's retry policy accepts.
	 */
	static final int MAX_ATTEMPTS_LIMIT = 5;

	/**
	 * Smallest queue byte bound: room for a few spans with content.
	 */
	static final long MIN_QUEUE_BYTES = 64 * 1024;

	/**
	 * Smallest spool: room for a few of the spool's 4 MB files.
	 */
	static final long MIN_SPOOL_BYTES = 16 * 1024 * 1024;

	/**
	 * Smallest memory bound of the trace viewer: room for a few spans with content.
	 */
	static final long MIN_VIEWER_BYTES = 1024 * 1024;

	static final String SPOOL_LIBRARY_CLASS = "io.opentelemetry.contrib.disk.buffering.storage.impl.FileSpanStorage";

	private BraintrustPropertiesValidator() {
	}

	static void validate(BraintrustProperties properties, Errors errors) {
		validateApiKey(properties.getApiKey(), errors);
		validateApiUrl(properties.getApiUrl(), errors);
		if (StringUtils.hasText(properties.getProject()) && StringUtils.hasText(properties.getProjectId())) {
			errors.rejectValue("projectId", "project-id",
					"braintrust.project and braintrust.project-id are mutually exclusive: set only one of them "
							+ "(or only one of BRAINTRUST_PROJECT and BRAINTRUST_PROJECT_ID)");
		}
		if (StringUtils.hasText(properties.getProjectId()) && !isPrintableAscii(properties.getProjectId().strip())) {
			errors.rejectValue("projectId", "project-id",
					"must be printable ASCII, as Braintrust's project ids are; copy it from the project's settings in "
							+ "Braintrust, or set braintrust.project to the project's name instead");
		}
		if (StringUtils.hasText(properties.getProject()) && hasControlCharacter(properties.getProject())) {
			errors.rejectValue("project", "project",
					"must not contain control characters (a line break, a tab); set braintrust.project to the "
							+ "project's name as Braintrust shows it, or set braintrust.project-id instead");
		}
		if (properties.getTrace().getMaxContentLength() < ContentLimits.MIN_MAX_CONTENT_LENGTH) {
			errors.rejectValue("trace.maxContentLength", "trace.max-content-length",
					"must be at least " + ContentLimits.MIN_MAX_CONTENT_LENGTH
							+ " characters; set braintrust.trace.max-content-length "
							+ "to a number of characters such as 65536");
		}
		ExportProperties export = properties.getExport();
		if (export.getMaxQueueSize() < 1) {
			errors.rejectValue("export.maxQueueSize", "export.max-queue-size",
					"must be at least 1; set braintrust.export.max-queue-size to a positive number such as 10000");
		}
		if (export.getMaxQueueBytes() == null || export.getMaxQueueBytes().toBytes() < MIN_QUEUE_BYTES) {
			errors.rejectValue("export.maxQueueBytes", "export.max-queue-bytes", "must be at least "
					+ MIN_QUEUE_BYTES / 1024 + "KB; set braintrust.export.max-queue-bytes to a size such as 64MB");
		}
		if (export.getEndpoint() != null) {
			validateEndpoint(export.getEndpoint(), errors);
		}
		ExportProperties.Spool spool = export.getSpool();
		if (spool.getDirectory() != null && !ClassUtils.isPresent(SPOOL_LIBRARY_CLASS, null)) {
			errors.rejectValue("export.spool.directory", "export.spool.directory",
					"needs io.opentelemetry.contrib:opentelemetry-disk-buffering on the classpath (the starter brings "
							+ "it); add it, or leave braintrust.export.spool.directory unset");
		}
		if (spool.getMaxSize() == null || spool.getMaxSize().toBytes() < MIN_SPOOL_BYTES) {
			errors.rejectValue("export.spool.maxSize", "export.spool.max-size",
					"must be at least " + MIN_SPOOL_BYTES / (1024 * 1024)
							+ "MB; set braintrust.export.spool.max-size to a size such as 512MB");
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
		ExportProperties.Retry retry = export.getRetry();
		if (retry.getMaxAttempts() < 1 || retry.getMaxAttempts() > MAX_ATTEMPTS_LIMIT) {
			errors.rejectValue("export.retry.maxAttempts", "export.retry.max-attempts",
					"must be between 1 (no retry in a row) and " + MAX_ATTEMPTS_LIMIT
							+ " (failed spans go back to the queue and are retried after a backoff anyway); set "
							+ "braintrust.export.retry.max-attempts accordingly");
		}
		positive(retry.getInitialBackoff(), "export.retry.initialBackoff", errors, "1s");
		positive(retry.getMaxBackoff(), "export.retry.maxBackoff", errors, "5s");
		ExportProperties.CircuitBreaker breaker = export.getCircuitBreaker();
		if (breaker.getFailureThreshold() < 1) {
			errors.rejectValue("export.circuitBreaker.failureThreshold", "export.circuit-breaker.failure-threshold",
					"must be at least 1; set braintrust.export.circuit-breaker.failure-threshold to a positive number such as 5");
		}
		positive(breaker.getOpenDuration(), "export.circuitBreaker.openDuration", errors, "30s");
		validateViewer(properties.getViewer(), errors);
		if (properties.getMetrics().getMaxModels() < 1) {
			errors.rejectValue("metrics.maxModels", "metrics.max-models",
					"must be at least 1; set braintrust.metrics.max-models to a positive number such as 100");
		}
	}

	private static void validateViewer(BraintrustProperties.Viewer viewer, Errors errors) {
		String path = viewer.getPath();
		if (path == null || !path.matches("(/[A-Za-z0-9._~-]+)+")) {
			errors.rejectValue("viewer.path", "viewer.path",
					"must start with '/', name at least one segment and contain only letters, digits and . _ ~ - "
							+ "between the slashes (no trailing slash); set braintrust.viewer.path to a path such as "
							+ "/braintrust/traces");
		}
		if (viewer.getMaxTraces() < 1) {
			errors.rejectValue("viewer.maxTraces", "viewer.max-traces",
					"must be at least 1; set braintrust.viewer.max-traces to a positive number such as 200");
		}
		if (viewer.getMaxSpansPerTrace() < 1) {
			errors.rejectValue("viewer.maxSpansPerTrace", "viewer.max-spans-per-trace",
					"must be at least 1; set braintrust.viewer.max-spans-per-trace to a positive number such as 500");
		}
		if (viewer.getMaxSize() == null || viewer.getMaxSize().toBytes() < MIN_VIEWER_BYTES) {
			errors.rejectValue("viewer.maxSize", "viewer.max-size",
					"must be at least 1MB; set braintrust.viewer.max-size to a size such as 32MB");
		}
	}

	/**
	 * The key travels as a bearer token in an HTTP header: whitespace inside it (a
	 * non-breaking space pasted with it) or control characters would make every export
	 * fail. Surrounding ASCII whitespace is tolerated: it is stripped.
	 */
	private static void validateApiKey(String apiKey, Errors errors) {
		if (!StringUtils.hasText(apiKey)) {
			return;
		}
		String key = apiKey.strip();
		for (int i = 0; i < key.length(); i++) {
			char c = key.charAt(i);
			if (c <= 0x20 || c >= 0x7f) {
				rejectSecret(errors, "apiKey", "api-key",
						"contains whitespace, control or non-ASCII characters (at position " + (i + 1)
								+ "), which cannot be sent in the Authorization header; set braintrust.api-key "
								+ "(or BRAINTRUST_API_KEY) to the key exactly as Braintrust shows it");
				return;
			}
		}
	}

	private static void validateApiUrl(URI apiUrl, Errors errors) {
		if (apiUrl.getRawUserInfo() != null) {
			rejectSecret(errors, "apiUrl", "api-url",
					"must not contain user-info (credentials before '@'); put the API key in braintrust.api-key "
							+ "and set braintrust.api-url (or BRAINTRUST_API_URL) to the bare URL, e.g. "
							+ BraintrustProperties.DEFAULT_API_URL);
			return;
		}
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

	private static void validateEndpoint(URI endpoint, Errors errors) {
		String scheme = endpoint.getScheme();
		if (endpoint.getRawUserInfo() != null) {
			rejectSecret(errors, "export.endpoint", "export.endpoint",
					"must not contain user-info (credentials before '@'); the API key goes in braintrust.api-key");
		}
		else if (!endpoint.isAbsolute() || scheme == null
				|| !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))
				|| !StringUtils.hasText(endpoint.getHost())) {
			errors.rejectValue("export.endpoint", "export.endpoint",
					"must be an absolute http or https URL with a host; set braintrust.export.endpoint to the full "
							+ "OTLP traces URL, e.g. http://otel-collector:4318/v1/traces, or leave it unset");
		}
	}

	private static boolean isPrintableAscii(String value) {
		return value.chars().allMatch((c) -> c > 0x20 && c < 0x7f);
	}

	private static boolean hasControlCharacter(String value) {
		return value.chars().anyMatch(Character::isISOControl);
	}

	/**
	 * Rejects a field whose value is a secret: the error carries a masked value, so that
	 * no message built from it (Spring's own included) can show the secret.
	 */
	private static void rejectSecret(Errors errors, String field, String code, String message) {
		if (errors instanceof BindingResult result) {
			result.addError(new FieldError(result.getObjectName(), field, "******", false, new String[] { code }, null,
					message));
		}
		else {
			errors.rejectValue(field, code, message);
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
