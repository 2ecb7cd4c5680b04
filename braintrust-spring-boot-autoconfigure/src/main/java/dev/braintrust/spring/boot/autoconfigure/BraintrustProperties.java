package dev.braintrust.spring.boot.autoconfigure;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.StringUtils;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Configuration properties of the Braintrust starter, bound from {@code braintrust.*}.
 * Self-validating: invalid values fail startup with a message naming the property and the
 * fix.
 */
@ConfigurationProperties(BraintrustProperties.PREFIX)
public class BraintrustProperties implements Validator {

	/**
	 * Prefix of every property of the starter.
	 */
	public static final String PREFIX = "braintrust";

	/**
	 * Default Braintrust API URL.
	 */
	public static final URI DEFAULT_API_URL = URI.create("https://api.braintrust.dev");

	/**
	 * Whether the starter instruments anything at all. When false, no bean is wrapped and
	 * no span is written.
	 */
	private boolean enabled = true;

	/**
	 * Braintrust API key. When set, LLM spans are exported to Braintrust; when absent,
	 * the starter runs in local mode and only logs them. Also read from the
	 * BRAINTRUST_API_KEY environment variable.
	 */
	private @Nullable String apiKey;

	/**
	 * Base URL of the Braintrust API. Spans are sent to "{api-url}/otel/v1/traces". Also
	 * read from the BRAINTRUST_API_URL environment variable.
	 */
	private URI apiUrl = DEFAULT_API_URL;

	/**
	 * Name of the Braintrust project that receives the spans (sent as "x-bt-parent:
	 * project_name:..."). Also read from the BRAINTRUST_PROJECT environment variable.
	 * Mutually exclusive with project-id.
	 */
	private @Nullable String project;

	/**
	 * ID of the Braintrust project that receives the spans (sent as "x-bt-parent:
	 * project_id:..."). Also read from the BRAINTRUST_PROJECT_ID environment variable.
	 * Mutually exclusive with project.
	 */
	private @Nullable String projectId;

	private final Trace trace = new Trace();

	private final Export export = new Export();

	private final Metrics metrics = new Metrics();

	/**
	 * Per-integration settings, keyed by integration name ("openai", "anthropic",
	 * "spring-ai", or the name of an integration contributed by the application).
	 */
	private final Map<String, IntegrationProperties> integrations = new LinkedHashMap<>();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public @Nullable String getApiKey() {
		return this.apiKey;
	}

	public void setApiKey(@Nullable String apiKey) {
		this.apiKey = apiKey;
	}

	/**
	 * Whether an API key is configured, that is whether spans are exported to Braintrust.
	 * @return whether a non-blank API key is set
	 */
	public boolean hasApiKey() {
		return StringUtils.hasText(this.apiKey);
	}

	public URI getApiUrl() {
		return this.apiUrl;
	}

	public void setApiUrl(URI apiUrl) {
		this.apiUrl = apiUrl;
	}

	public @Nullable String getProject() {
		return this.project;
	}

	public void setProject(@Nullable String project) {
		this.project = project;
	}

	public @Nullable String getProjectId() {
		return this.projectId;
	}

	public void setProjectId(@Nullable String projectId) {
		this.projectId = projectId;
	}

	public Trace getTrace() {
		return this.trace;
	}

	public Export getExport() {
		return this.export;
	}

	public Metrics getMetrics() {
		return this.metrics;
	}

	public Map<String, IntegrationProperties> getIntegrations() {
		return this.integrations;
	}

	/**
	 * Whether an integration records prompts and completions:
	 * {@code braintrust.integrations.<name>.capture-content}, else
	 * {@code braintrust.trace.capture-content}.
	 * @param integration the integration name
	 * @return whether content is captured
	 */
	public boolean isCaptureContent(String integration) {
		IntegrationProperties settings = this.integrations.get(integration);
		Boolean capture = (settings != null) ? settings.getCaptureContent() : null;
		return (capture != null) ? capture : this.trace.isCaptureContent();
	}

	@Override
	public boolean supports(Class<?> type) {
		return BraintrustProperties.class.isAssignableFrom(type);
	}

	@Override
	public void validate(Object target, Errors errors) {
		BraintrustPropertiesValidator.validate((BraintrustProperties) target, errors);
	}

	/**
	 * What the spans of LLM calls contain.
	 */
	public static class Trace {

		/**
		 * Whether prompts, completions and tool arguments are recorded on spans. Each
		 * integration may override it with
		 * braintrust.integrations.<name>.capture-content.
		 */
		private boolean captureContent = true;

		/**
		 * Maximum length, in characters, of each content attribute (input, output, tool
		 * arguments and results) and of the metadata. Longer content is truncated and
		 * stays valid JSON. When
		 * management.opentelemetry.tracing.limits.max-attribute-value-length is lower,
		 * that limit applies instead, so that the OpenTelemetry SDK never cuts a
		 * document.
		 */
		private int maxContentLength = 65536;

		/**
		 * Whether the OpenTelemetry GenAI content attributes (gen_ai.input.messages,
		 * gen_ai.output.messages) are written too, for backends other than Braintrust
		 * (which receive them with content-to-other-exporters=true).
		 */
		private boolean genAiContent = false;

		/**
		 * Whether the application's other span exporters (Zipkin, an APM's OTLP exporter,
		 * ...) receive the content of LLM spans too. By default they receive the LLM
		 * spans without it: prompts, completions, tool arguments and results go to
		 * Braintrust only.
		 */
		private boolean contentToOtherExporters = false;

		public boolean isCaptureContent() {
			return this.captureContent;
		}

		public void setCaptureContent(boolean captureContent) {
			this.captureContent = captureContent;
		}

		public int getMaxContentLength() {
			return this.maxContentLength;
		}

		public void setMaxContentLength(int maxContentLength) {
			this.maxContentLength = maxContentLength;
		}

		public boolean isGenAiContent() {
			return this.genAiContent;
		}

		public void setGenAiContent(boolean genAiContent) {
			this.genAiContent = genAiContent;
		}

		public boolean isContentToOtherExporters() {
			return this.contentToOtherExporters;
		}

		public void setContentToOtherExporters(boolean contentToOtherExporters) {
			this.contentToOtherExporters = contentToOtherExporters;
		}

	}

	/**
	 * How spans are sent to Braintrust.
	 */
	public static class Export {

		/**
		 * Whether Braintrust receives only AI spans: the starter's own, and spans with
		 * gen_ai.operation.name, gen_ai.provider.name, gen_ai.system,
		 * gen_ai.request.model or a braintrust.* attribute of the span contract. Other
		 * exporters of the application still receive every span.
		 */
		private boolean filterAiSpans = true;

		/**
		 * Maximum time to flush pending spans when the application context closes.
		 */
		private Duration shutdownTimeout = Duration.ofSeconds(10);

		/**
		 * Timeout of one export request.
		 */
		private Duration timeout = Duration.ofSeconds(10);

		/**
		 * Full URL of the OTLP traces endpoint spans are sent to, with the Braintrust
		 * headers, for example an OpenTelemetry Collector's
		 * "http://otel-collector:4318/v1/traces". Defaults to "{api-url}/otel/v1/traces".
		 */
		private @Nullable URI endpoint;

		/**
		 * Maximum number of spans held for export (queued, or in a request not settled
		 * yet). Spans are held while Braintrust is unavailable; beyond this bound new
		 * spans are dropped and counted, never blocking the application.
		 */
		private int maxQueueSize = 10_000;

		/**
		 * Maximum estimated size of the spans held for export (their attributes, a
		 * character counted as a byte, plus about 1 KB per span). Beyond it new spans are
		 * dropped and counted.
		 */
		private DataSize maxQueueBytes = DataSize.ofMegabytes(64);

		/**
		 * Maximum number of spans sent in one export request.
		 */
		private int maxBatchSize = 512;

		/**
		 * Delay between two exports of queued spans.
		 */
		private Duration scheduleDelay = Duration.ofSeconds(1);

		private final Retry retry = new Retry();

		private final CircuitBreaker circuitBreaker = new CircuitBreaker();

		private final Spool spool = new Spool();

		public boolean isFilterAiSpans() {
			return this.filterAiSpans;
		}

		public void setFilterAiSpans(boolean filterAiSpans) {
			this.filterAiSpans = filterAiSpans;
		}

		public Duration getShutdownTimeout() {
			return this.shutdownTimeout;
		}

		public void setShutdownTimeout(Duration shutdownTimeout) {
			this.shutdownTimeout = shutdownTimeout;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

		public int getMaxQueueSize() {
			return this.maxQueueSize;
		}

		public void setMaxQueueSize(int maxQueueSize) {
			this.maxQueueSize = maxQueueSize;
		}

		public @Nullable URI getEndpoint() {
			return this.endpoint;
		}

		public void setEndpoint(@Nullable URI endpoint) {
			this.endpoint = endpoint;
		}

		public DataSize getMaxQueueBytes() {
			return this.maxQueueBytes;
		}

		public void setMaxQueueBytes(DataSize maxQueueBytes) {
			this.maxQueueBytes = maxQueueBytes;
		}

		public int getMaxBatchSize() {
			return this.maxBatchSize;
		}

		public void setMaxBatchSize(int maxBatchSize) {
			this.maxBatchSize = maxBatchSize;
		}

		public Duration getScheduleDelay() {
			return this.scheduleDelay;
		}

		public void setScheduleDelay(Duration scheduleDelay) {
			this.scheduleDelay = scheduleDelay;
		}

		public Retry getRetry() {
			return this.retry;
		}

		public CircuitBreaker getCircuitBreaker() {
			return this.circuitBreaker;
		}

		public Spool getSpool() {
			return this.spool;
		}

	}

	/**
	 * Retry of failed export requests (HTTP 429, 5xx and connection errors).
	 */
	public static class Retry {

		/**
		 * Maximum number of attempts of one export request in a row, the first included
		 * (1 to 5). After them its spans go back to the queue, at their place, and are
		 * sent again after a backoff.
		 */
		private int maxAttempts = 5;

		/**
		 * Backoff before the first retry; it grows exponentially up to max-backoff.
		 */
		private Duration initialBackoff = Duration.ofSeconds(1);

		/**
		 * Maximum backoff between two attempts.
		 */
		private Duration maxBackoff = Duration.ofSeconds(5);

		public int getMaxAttempts() {
			return this.maxAttempts;
		}

		public void setMaxAttempts(int maxAttempts) {
			this.maxAttempts = maxAttempts;
		}

		public Duration getInitialBackoff() {
			return this.initialBackoff;
		}

		public void setInitialBackoff(Duration initialBackoff) {
			this.initialBackoff = initialBackoff;
		}

		public Duration getMaxBackoff() {
			return this.maxBackoff;
		}

		public void setMaxBackoff(Duration maxBackoff) {
			this.maxBackoff = maxBackoff;
		}

	}

	/**
	 * Circuit breaker that stops export attempts after repeated failures and probes the
	 * backend again later.
	 */
	public static class CircuitBreaker {

		/**
		 * Number of consecutive failed exports after which the breaker opens.
		 */
		private int failureThreshold = 5;

		/**
		 * How long the breaker stays open before one probe export is let through.
		 */
		private Duration openDuration = Duration.ofSeconds(30);

		public int getFailureThreshold() {
			return this.failureThreshold;
		}

		public void setFailureThreshold(int failureThreshold) {
			this.failureThreshold = failureThreshold;
		}

		public Duration getOpenDuration() {
			return this.openDuration;
		}

		public void setOpenDuration(Duration openDuration) {
			this.openDuration = openDuration;
		}

	}

	/**
	 * The GenAI client metrics (gen_ai.client.operation.duration,
	 * gen_ai.client.token.usage, gen_ai.client.operation.time_to_first_chunk).
	 */
	public static class Metrics {

		/**
		 * Maximum number of distinct request models (values of the gen_ai.request.model
		 * tag) that the gen_ai.client.* meters record. Calls to further models get no
		 * meter (a warning is logged once); their spans are unaffected.
		 */
		private int maxModels = 100;

		public int getMaxModels() {
			return this.maxModels;
		}

		public void setMaxModels(int maxModels) {
			this.maxModels = maxModels;
		}

	}

	/**
	 * Disk spool of spans that memory cannot hold: during an outage longer than the
	 * queue's bound, or when the application stops with spans unsent.
	 */
	public static class Spool {

		/**
		 * Directory of the disk spool; setting it turns the spool on. Spans are written
		 * under "spans" in it with OpenTelemetry's disk-buffering library and sent once
		 * the backend answers, at this start or the next.
		 */
		private @Nullable Path directory;

		/**
		 * Maximum size of the spool's files. Beyond it the oldest files are removed first
		 * and their spans counted dropped.
		 */
		private DataSize maxSize = DataSize.ofMegabytes(512);

		public @Nullable Path getDirectory() {
			return this.directory;
		}

		public void setDirectory(@Nullable Path directory) {
			this.directory = directory;
		}

		public DataSize getMaxSize() {
			return this.maxSize;
		}

		public void setMaxSize(DataSize maxSize) {
			this.maxSize = maxSize;
		}

	}

	/**
	 * Settings of one integration.
	 */
	public static class IntegrationProperties {

		/**
		 * Whether the integration instruments its library's beans.
		 */
		private boolean enabled = true;

		/**
		 * Whether this integration records prompts and completions. Inherits
		 * braintrust.trace.capture-content when not set.
		 */
		private @Nullable Boolean captureContent;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public @Nullable Boolean getCaptureContent() {
			return this.captureContent;
		}

		public void setCaptureContent(@Nullable Boolean captureContent) {
			this.captureContent = captureContent;
		}

	}

}
