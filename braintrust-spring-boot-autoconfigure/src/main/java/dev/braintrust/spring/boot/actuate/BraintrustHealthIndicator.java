package dev.braintrust.spring.boot.actuate;

import dev.braintrust.spring.boot.export.BraintrustExportStatus;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Health of the export to Braintrust: {@code UP} in local mode and while export works,
 * {@code UNKNOWN} while the circuit breaker is open (Braintrust failed repeatedly; spans
 * are held in the queue until it answers again). Not {@code DOWN}: the application itself
 * is healthy when its tracing backend is not, and an unreachable Braintrust must never
 * fail readiness probes or load-balancer checks; {@code UNKNOWN} leaves the aggregate
 * status unchanged. Details show the mode, endpoint, last success, consecutive failures,
 * breaker state and span counts ({@link BraintrustExportStatus#healthDetails()}); never
 * the API key.
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
		Health.Builder builder = this.status.isDegraded() ? Health.unknown() : Health.up();
		return builder.withDetails(this.status.healthDetails()).build();
	}

}
