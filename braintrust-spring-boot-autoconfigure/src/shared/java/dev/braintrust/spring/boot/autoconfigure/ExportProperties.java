package dev.braintrust.spring.boot.autoconfigure;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import dev.braintrust.spring.boot.export.BraintrustExportSettings;
import org.jspecify.annotations.Nullable;

import org.springframework.util.unit.DataSize;

/**
 * How spans are sent to Braintrust: the {@code braintrust.export.*} section of
 * {@link BraintrustProperties}. The export code itself takes the immutable
 * {@link BraintrustExportSettings} that {@link #toSettings} builds from it.
 */
public class ExportProperties {

	/**
	 * Whether Braintrust receives only AI spans: the starter's own, and spans with
	 * gen_ai.operation.name, gen_ai.provider.name, gen_ai.system, gen_ai.request.model or
	 * a braintrust.* attribute of the span contract. Other exporters of the application
	 * still receive every span.
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
	 * Maximum number of spans held for export (queued, or in a request not settled yet).
	 * Spans are held while Braintrust is unavailable; beyond this bound new spans are
	 * dropped and counted, never blocking the application.
	 */
	private int maxQueueSize = 10_000;

	/**
	 * Maximum estimated size of the spans held for export (their attributes, a character
	 * counted as a byte, plus about 1 KB per span). Beyond it new spans are dropped and
	 * counted.
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

	/**
	 * The settings the export code runs with, this section's values with the connection
	 * resolved from the top-level properties.
	 * @param apiUrl the Braintrust API URL, the base of the default endpoint
	 * @param apiKey the API key, stripped
	 * @param defaultParent the {@code x-bt-parent} of spans without their own, or
	 * {@code null} for none
	 * @return the export settings
	 */
	BraintrustExportSettings toSettings(URI apiUrl, String apiKey, @Nullable String defaultParent) {
		URI target = (this.endpoint != null) ? this.endpoint : BraintrustExportSettings.tracesEndpoint(apiUrl);
		return new BraintrustExportSettings(target, apiKey, defaultParent, this.filterAiSpans, this.timeout,
				this.maxQueueSize, this.maxQueueBytes.toBytes(), this.maxBatchSize, this.scheduleDelay,
				this.retry.getMaxAttempts(), this.retry.getInitialBackoff(), this.retry.getMaxBackoff(),
				this.circuitBreaker.getFailureThreshold(), this.circuitBreaker.getOpenDuration(), this.shutdownTimeout,
				this.spool.getDirectory(), this.spool.getMaxSize().toBytes());
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

}
