package dev.braintrust.spring.boot.actuate;

import java.time.Instant;

import dev.braintrust.spring.boot.export.BraintrustExportStatus;
import dev.braintrust.spring.boot.export.CircuitBreakerState;
import dev.braintrust.spring.boot.export.ExportMode;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Health of the export to Braintrust: {@code UP} in local mode and while export works,
 * {@code UNKNOWN} while the circuit breaker is open (Braintrust failed repeatedly; spans
 * are held in the queue until it answers again). Not {@code DOWN}: the application itself
 * is healthy when its tracing backend is not, and an unreachable Braintrust must never
 * fail readiness probes or load-balancer checks; {@code UNKNOWN} leaves the aggregate
 * status unchanged. Details show the mode, endpoint, last success, consecutive failures,
 * breaker state and span counts; never the API key.
 */
public final class BraintrustHealthIndicator implements HealthIndicator {

	private final BraintrustExportStatus status;

	/**
	 * Create an indicator reading the given status.
	 * @param status the exporter's status
	 */
	public BraintrustHealthIndicator(BraintrustExportStatus status) {
		this.status = status;
	}

	@Override
	public Health health() {
		CircuitBreakerState breaker = this.status.getCircuitBreakerState();
		Health.Builder builder = (breaker == CircuitBreakerState.OPEN) ? Health.unknown() : Health.up();
		builder.withDetail("mode", this.status.getMode().value());
		if (this.status.getMode() == ExportMode.LOCAL) {
			return builder.build();
		}
		builder.withDetail("endpoint", String.valueOf(this.status.getEndpoint()))
			.withDetail("lastSuccess", format(this.status.getLastSuccess()))
			.withDetail("lastFailure", format(this.status.getLastFailure()))
			.withDetail("consecutiveFailures", this.status.getConsecutiveFailures())
			.withDetail("circuitBreaker", breaker.name())
			.withDetail("exportedSpans", this.status.getExportedSpans())
			.withDetail("failedSpans", this.status.getFailedSpans())
			.withDetail("droppedSpans", this.status.getDroppedSpans())
			.withDetail("queuedSpans", this.status.getQueuedSpans())
			.withDetail("queuedBytes", this.status.getQueuedBytes());
		return builder.build();
	}

	private static String format(@Nullable Instant instant) {
		return (instant != null) ? instant.toString() : "never";
	}

}
