package dev.braintrust.spring.boot.export;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;

/**
 * Read-only view of the Braintrust exporter's state, for the health indicator, metrics
 * and the actuator endpoint. Never holds or shows the API key, only whether one is
 * configured.
 */
public final class BraintrustExportStatus {

	private final ExportMode mode;

	private final @Nullable String endpoint;

	private final ExportCircuitBreaker circuitBreaker;

	private final Clock clock;

	private final AtomicLong exportedSpans = new AtomicLong();

	private final AtomicLong failedSpans = new AtomicLong();

	private final AtomicLong droppedSpans = new AtomicLong();

	private final AtomicLong spooledSpans = new AtomicLong();

	private final AtomicReference<@Nullable Instant> lastSuccess = new AtomicReference<>();

	private final AtomicReference<@Nullable Instant> lastFailure = new AtomicReference<>();

	private volatile @Nullable ExportQueue queue;

	private BraintrustExportStatus(ExportMode mode, @Nullable String endpoint, ExportCircuitBreaker circuitBreaker,
			Clock clock) {
		this.mode = mode;
		this.endpoint = endpoint;
		this.circuitBreaker = circuitBreaker;
		this.clock = clock;
	}

	/**
	 * Status of local mode: nothing is exported.
	 * @return a status whose mode is {@link ExportMode#LOCAL}
	 */
	public static BraintrustExportStatus local() {
		return new BraintrustExportStatus(ExportMode.LOCAL, null,
				new ExportCircuitBreaker(Integer.MAX_VALUE, Duration.ZERO, Clock.systemUTC()), Clock.systemUTC());
	}

	/**
	 * Status of export to Braintrust.
	 * @param endpoint the OTLP traces URL spans are sent to
	 * @param failureThreshold consecutive failed exports after which the breaker opens
	 * @param openDuration how long the breaker stays open
	 * @return a status whose mode is {@link ExportMode#BRAINTRUST}
	 */
	public static BraintrustExportStatus braintrust(String endpoint, int failureThreshold, Duration openDuration) {
		return braintrust(endpoint, failureThreshold, openDuration, Clock.systemUTC());
	}

	static BraintrustExportStatus braintrust(String endpoint, int failureThreshold, Duration openDuration,
			Clock clock) {
		return new BraintrustExportStatus(ExportMode.BRAINTRUST, endpoint,
				new ExportCircuitBreaker(failureThreshold, openDuration, clock), clock);
	}

	/**
	 * Where spans go.
	 * @return the export mode
	 */
	public ExportMode getMode() {
		return this.mode;
	}

	/**
	 * Whether an API key is configured (its value is never exposed).
	 * @return {@code true} in {@link ExportMode#BRAINTRUST} mode
	 */
	public boolean isApiKeyConfigured() {
		return this.mode == ExportMode.BRAINTRUST;
	}

	/**
	 * The OTLP traces URL, e.g. {@code https://api.braintrust.dev/otel/v1/traces}.
	 * @return the URL, or {@code null} in local mode
	 */
	public @Nullable String getEndpoint() {
		return this.endpoint;
	}

	/**
	 * When an export request last succeeded.
	 * @return the instant, or {@code null} if none has succeeded yet
	 */
	public @Nullable Instant getLastSuccess() {
		return this.lastSuccess.get();
	}

	/**
	 * When an export request last failed.
	 * @return the instant, or {@code null} if none has failed
	 */
	public @Nullable Instant getLastFailure() {
		return this.lastFailure.get();
	}

	/**
	 * Number of export requests that failed since the last success.
	 * @return the count
	 */
	public int getConsecutiveFailures() {
		return this.circuitBreaker.consecutiveFailures();
	}

	/**
	 * State of the circuit breaker ({@link CircuitBreakerState#CLOSED} in local mode).
	 * @return the state
	 */
	public CircuitBreakerState getCircuitBreakerState() {
		return this.circuitBreaker.state();
	}

	/**
	 * Spans accepted by Braintrust.
	 * @return the count since startup
	 */
	public long getExportedSpans() {
		return this.exportedSpans.get();
	}

	/**
	 * Spans whose export request failed after its retries.
	 * @return the count since startup
	 */
	public long getFailedSpans() {
		return this.failedSpans.get();
	}

	/**
	 * Spans never sent: the queue was at its bound, or the application stopped before
	 * they could be sent.
	 * @return the count since startup
	 */
	public long getDroppedSpans() {
		return this.droppedSpans.get();
	}

	/**
	 * Spans written to the disk spool (memory could not hold them, or the application
	 * stopped before they were sent); they are sent from there, at this start or the
	 * next, and counted exported then.
	 * @return the count since startup
	 */
	public long getSpooledSpans() {
		return this.spooledSpans.get();
	}

	/**
	 * Spans held for export: queued, or in a request not settled yet.
	 * @return the count now
	 */
	public int getQueuedSpans() {
		ExportQueue queue = this.queue;
		return (queue != null) ? queue.heldSpans() : 0;
	}

	/**
	 * Estimated size of the spans held for export, in bytes.
	 * @return the size now
	 */
	public long getQueuedBytes() {
		ExportQueue queue = this.queue;
		return (queue != null) ? queue.heldBytes() : 0;
	}

	void attach(ExportQueue queue) {
		this.queue = queue;
	}

	ExportCircuitBreaker circuitBreaker() {
		return this.circuitBreaker;
	}

	void recordExported(int spans) {
		this.exportedSpans.addAndGet(spans);
	}

	/**
	 * The backend answered every request of an export: spans were accepted, or rejected
	 * for reasons of their destination alone, which say nothing against the backend.
	 * @param exported whether spans were accepted
	 */
	void recordBackendAnswered(boolean exported) {
		if (exported) {
			this.lastSuccess.set(this.clock.instant());
		}
		this.circuitBreaker.onSuccess();
	}

	void recordFailed(int spans) {
		this.failedSpans.addAndGet(spans);
	}

	void recordRequestFailed() {
		this.lastFailure.set(this.clock.instant());
		this.circuitBreaker.onFailure();
	}

	void recordSpooled(int spans) {
		this.spooledSpans.addAndGet(spans);
	}

	void recordDropped(int spans) {
		this.droppedSpans.addAndGet(spans);
	}

	/**
	 * Whether the export is degraded: the circuit breaker is open (Braintrust failed
	 * repeatedly; spans are held in the queue until it answers again). A health indicator
	 * reports it as {@code UNKNOWN}, never {@code DOWN}: the application is healthy when
	 * its tracing backend is not.
	 * @return whether the breaker is open
	 */
	public boolean isDegraded() {
		return getCircuitBreakerState() == CircuitBreakerState.OPEN;
	}

	/**
	 * The details a health indicator shows: the mode, and outside local mode the
	 * endpoint, last success and failure, consecutive failures, breaker state and span
	 * counts; never the API key.
	 * @return the details, in a stable order
	 */
	public Map<String, Object> healthDetails() {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("mode", getMode().value());
		if (getMode() == ExportMode.LOCAL) {
			return details;
		}
		details.put("endpoint", String.valueOf(getEndpoint()));
		details.put("lastSuccess", format(getLastSuccess()));
		details.put("lastFailure", format(getLastFailure()));
		details.put("consecutiveFailures", getConsecutiveFailures());
		details.put("circuitBreaker", getCircuitBreakerState().name());
		details.put("exportedSpans", getExportedSpans());
		details.put("failedSpans", getFailedSpans());
		details.put("droppedSpans", getDroppedSpans());
		details.put("queuedSpans", getQueuedSpans());
		details.put("queuedBytes", getQueuedBytes());
		return details;
	}

	private static String format(@Nullable Instant instant) {
		return (instant != null) ? instant.toString() : "never";
	}

	@Override
	public String toString() {
		return "BraintrustExportStatus[mode=" + this.mode.value() + ", endpoint=" + this.endpoint + ", breaker="
				+ getCircuitBreakerState() + ", exported=" + getExportedSpans() + ", failed=" + getFailedSpans()
				+ ", dropped=" + getDroppedSpans() + "]";
	}

}
