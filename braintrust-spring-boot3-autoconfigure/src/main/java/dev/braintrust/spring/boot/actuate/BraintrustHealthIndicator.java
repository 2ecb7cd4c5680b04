package dev.braintrust.spring.boot.actuate;

import dev.braintrust.spring.boot.export.BraintrustExportStatus;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * Health of the export to Braintrust, with Spring Boot 3's health API: {@code UP} in
 * local mode and while export works, {@code UNKNOWN} while the circuit breaker is open
 * ({@link BraintrustExportStatus#isDegraded()}), never {@code DOWN}; the details of
 * {@link BraintrustExportStatus#healthDetails()}.
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
