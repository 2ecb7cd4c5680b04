package dev.braintrust.spring.boot.export;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import org.jspecify.annotations.Nullable;

/**
 * Everything the exporter needs, resolved from the configuration properties by the
 * auto-configuration. Its {@link #toString()} never shows the API key.
 *
 * @param endpoint the OTLP traces URL ({@code braintrust.export.endpoint}, by default
 * {@code {api-url}/otel/v1/traces})
 * @param apiKey the Braintrust API key, sent as a bearer token
 * @param defaultParent the {@code x-bt-parent} header value for spans without their own
 * {@code braintrust.parent} attribute, or {@code null} for none
 * @param filterAiSpans whether only spans with {@code gen_ai.*} or {@code braintrust.*}
 * attributes are exported
 * @param timeout timeout of one export request, its retries included
 * @param maxQueueSize maximum number of spans held for export
 * @param maxQueueBytes maximum estimated size of the spans held for export, in bytes
 * @param maxBatchSize maximum number of spans in one request
 * @param scheduleDelay delay between two exports of queued spans
 * @param maxAttempts attempts of one request, the first included (1 to 5)
 * @param initialBackoff backoff before the first retry
 * @param maxBackoff maximum backoff between two attempts
 * @param failureThreshold consecutive failed exports after which the breaker opens
 * @param openDuration how long the breaker stays open before a probe
 * @param shutdownTimeout maximum time to flush pending spans on shutdown
 * @param spoolDirectory the directory of the disk spool, or {@code null} for none
 * @param spoolMaxSize the maximum size of the disk spool, in bytes
 */
public record BraintrustExportSettings(URI endpoint, String apiKey, @Nullable String defaultParent,
		boolean filterAiSpans, Duration timeout, int maxQueueSize, long maxQueueBytes, int maxBatchSize,
		Duration scheduleDelay, int maxAttempts, Duration initialBackoff, Duration maxBackoff, int failureThreshold,
		Duration openDuration, Duration shutdownTimeout, @Nullable Path spoolDirectory, long spoolMaxSize) {

	/**
	 * Path of the OTLP traces endpoint under the Braintrust API URL.
	 */
	public static final String TRACES_PATH = "/otel/v1/traces";

	/**
	 * The OTLP traces URL under a Braintrust API URL.
	 * @param apiUrl the API URL, e.g. {@code https://api.braintrust.dev}
	 * @return the traces URL, e.g. {@code https://api.braintrust.dev/otel/v1/traces}
	 */
	public static URI tracesEndpoint(URI apiUrl) {
		String base = apiUrl.toString();
		while (base.endsWith("/")) {
			base = base.substring(0, base.length() - 1);
		}
		return URI.create(base + TRACES_PATH);
	}

	/**
	 * The wait before sending again after {@code attempt} failed attempts in a row:
	 * exponential from {@code initialBackoff} up to {@code maxBackoff}, with jitter; a
	 * server's {@code Retry-After} is a floor.
	 * @param attempt the failed attempts in a row, at least 1
	 * @param retryAfter what the server asked for, or {@code null}
	 * @return the wait
	 */
	Duration backoff(int attempt, @Nullable Duration retryAfter) {
		long exponential = this.initialBackoff.toNanos() << Math.min(attempt - 1, 20);
		long capped = Math.min(Math.max(exponential, 0), this.maxBackoff.toNanos());
		long jittered = (long) (capped * (0.8 + 0.2 * ThreadLocalRandom.current().nextDouble()));
		long floor = (retryAfter != null) ? retryAfter.toNanos() : 0;
		return Duration.ofNanos(Math.max(jittered, floor));
	}

	@Override
	public String toString() {
		return "BraintrustExportSettings[endpoint=" + this.endpoint + ", apiKey=******, defaultParent="
				+ this.defaultParent + ", filterAiSpans=" + this.filterAiSpans + ", timeout=" + this.timeout
				+ ", maxQueueSize=" + this.maxQueueSize + ", maxQueueBytes=" + this.maxQueueBytes + ", maxBatchSize="
				+ this.maxBatchSize + ", spoolDirectory=" + this.spoolDirectory + "]";
	}

}
