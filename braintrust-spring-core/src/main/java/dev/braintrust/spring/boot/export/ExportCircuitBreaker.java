package dev.braintrust.spring.boot.export;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Counts consecutive failed exports and pauses sending for a while once they reach the
 * threshold, so that an unavailable backend costs neither threads nor log noise. It only
 * pauses: the spans wait in the queue meanwhile.
 */
final class ExportCircuitBreaker {

	private static final Log logger = LogFactory.getLog(ExportCircuitBreaker.class);

	private final int failureThreshold;

	private final Duration openDuration;

	private final Clock clock;

	private CircuitBreakerState state = CircuitBreakerState.CLOSED;

	private int consecutiveFailures;

	private @Nullable Instant openedAt;

	private boolean probeInFlight;

	ExportCircuitBreaker(int failureThreshold, Duration openDuration, Clock clock) {
		this.failureThreshold = failureThreshold;
		this.openDuration = openDuration;
		this.clock = clock;
	}

	/**
	 * Whether an export may be attempted now.
	 * @return {@code false} while the breaker is open, or half-open with its probe
	 * already running
	 */
	synchronized boolean tryAcquire() {
		if (this.state == CircuitBreakerState.OPEN && this.openedAt != null
				&& !this.clock.instant().isBefore(this.openedAt.plus(this.openDuration))) {
			this.state = CircuitBreakerState.HALF_OPEN;
			this.probeInFlight = false;
		}
		return switch (this.state) {
			case CLOSED -> true;
			case OPEN -> false;
			case HALF_OPEN -> {
				if (this.probeInFlight) {
					yield false;
				}
				this.probeInFlight = true;
				yield true;
			}
		};
	}

	synchronized void onSuccess() {
		if (this.state != CircuitBreakerState.CLOSED) {
			logger.info("Export to Braintrust recovered; circuit breaker closed");
		}
		this.state = CircuitBreakerState.CLOSED;
		this.consecutiveFailures = 0;
		this.openedAt = null;
		this.probeInFlight = false;
	}

	synchronized void onFailure() {
		this.consecutiveFailures++;
		this.probeInFlight = false;
		if (this.state == CircuitBreakerState.HALF_OPEN
				|| (this.state == CircuitBreakerState.CLOSED && this.consecutiveFailures >= this.failureThreshold)) {
			if (this.state == CircuitBreakerState.CLOSED) {
				logger.warn("Export to Braintrust failed " + this.consecutiveFailures
						+ " times in a row; circuit breaker opened: sending pauses for " + this.openDuration
						+ ", spans are held in the queue meanwhile");
			}
			this.state = CircuitBreakerState.OPEN;
			this.openedAt = this.clock.instant();
		}
	}

	synchronized CircuitBreakerState state() {
		if (this.state == CircuitBreakerState.OPEN && this.openedAt != null
				&& !this.clock.instant().isBefore(this.openedAt.plus(this.openDuration))) {
			return CircuitBreakerState.HALF_OPEN;
		}
		return this.state;
	}

	synchronized int consecutiveFailures() {
		return this.consecutiveFailures;
	}

}
