package dev.braintrust.spring.boot.export;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link BraintrustSpanExporter}: whatever a request does, throw synchronously,
 * fail asynchronously, succeed, or find the backend unavailable, in whatever state the
 * breaker is, every span is accounted for and the breaker hears the outcome.
 */
class BraintrustSpanExporterTests {

	private final MutableClock clock = new MutableClock();

	private final BraintrustExportStatus status = BraintrustExportStatus.braintrust("http://127.0.0.1:9", 1,
			Duration.ofSeconds(30), this.clock);

	private final BraintrustExportSettings settings = new BraintrustExportSettings(
			BraintrustExportSettings.tracesEndpoint(URI.create("http://127.0.0.1:9")), "sk-test", "project_name:p",
			true, Duration.ofSeconds(5), 100, 1 << 20, 10, Duration.ofSeconds(1), 1, Duration.ofMillis(10),
			Duration.ofMillis(20), 1, Duration.ofSeconds(30), Duration.ofSeconds(1), null, 0);

	private volatile BraintrustSpanExporter.RequestSender behaviour;

	private final BraintrustSpanExporter exporter = new BraintrustSpanExporter(
			(parent, spans) -> this.behaviour.send(parent, spans), () -> {
			}, this.settings, this.status);

	private static List<ExportQueue.QueuedSpan> spans(int count) {
		InMemorySpanExporter memory = InMemorySpanExporter.create();
		try (SdkTracerProvider provider = SdkTracerProvider.builder()
			.addSpanProcessor(SimpleSpanProcessor.create(memory))
			.build()) {
			Tracer tracer = provider.get("test");
			for (int i = 0; i < count; i++) {
				tracer.spanBuilder("chat " + i).setAttribute("gen_ai.operation.name", "chat").startSpan().end();
			}
			// before the provider's close, which clears the in-memory exporter
			return memory.getFinishedSpanItems()
				.stream()
				.map((span) -> new ExportQueue.QueuedSpan(span, ExportQueue.estimatedBytes(span)))
				.toList();
		}
	}

	/**
	 * What the export worker does: ask the breaker, then send.
	 */
	private BraintrustSpanExporter.ExportOutcome export(int count) throws Exception {
		assertThat(this.status.circuitBreaker().tryAcquire()).as("the breaker lets the batch through").isTrue();
		return this.exporter.send(spans(count)).get(5, TimeUnit.SECONDS);
	}

	private void throwing() {
		this.behaviour = (parent, spans) -> {
			throw new IllegalArgumentException("Unexpected char 0xe9 at 16 in x-bt-parent value");
		};
	}

	@Test
	void requestThatThrowsWhileClosedCountsItsSpansFailedAndTheBreakerOpens() throws Exception {
		throwing();
		assertThat(export(3).retry()).isEmpty();
		assertThat(this.status.getFailedSpans()).isEqualTo(3);
		assertThat(this.status.getConsecutiveFailures()).isEqualTo(1);
		assertThat(this.status.getCircuitBreakerState()).isEqualTo(CircuitBreakerState.OPEN);
	}

	@Test
	void requestThatFailsAsynchronouslyCountsItsSpansFailed() throws Exception {
		this.behaviour = (parent, spans) -> CompletableFuture.failedFuture(new IllegalStateException("boom"));
		assertThat(export(2).retry()).isEmpty();
		assertThat(this.status.getFailedSpans()).isEqualTo(2);
		assertThat(this.status.getCircuitBreakerState()).isEqualTo(CircuitBreakerState.OPEN);
	}

	@Test
	void probeThatThrowsWhileHalfOpenReopensTheBreakerAndTheNextProbeClosesIt() throws Exception {
		throwing();
		export(1);
		assertThat(this.status.getCircuitBreakerState()).isEqualTo(CircuitBreakerState.OPEN);
		// Open: the worker is not let through
		assertThat(this.status.circuitBreaker().tryAcquire()).isFalse();
		this.clock.advance(Duration.ofSeconds(31));
		assertThat(this.status.getCircuitBreakerState()).isEqualTo(CircuitBreakerState.HALF_OPEN);
		// The half-open probe throws: the breaker leaves HALF_OPEN
		export(4);
		assertThat(this.status.getFailedSpans()).isEqualTo(1 + 4);
		assertThat(this.status.getCircuitBreakerState()).isEqualTo(CircuitBreakerState.OPEN);
		this.clock.advance(Duration.ofSeconds(31));
		this.behaviour = (parent, spans) -> CompletableFuture.completedFuture(SendResult.success(200));
		assertThat(export(5).retry()).isEmpty();
		assertThat(this.status.getExportedSpans()).isEqualTo(5);
		assertThat(this.status.getCircuitBreakerState()).isEqualTo(CircuitBreakerState.CLOSED);
	}

	@Test
	void probeThatFailsAsynchronouslyWhileHalfOpenReopensTheBreaker() throws Exception {
		throwing();
		export(1);
		this.clock.advance(Duration.ofSeconds(31));
		this.behaviour = (parent, spans) -> CompletableFuture.failedFuture(new IllegalStateException("boom"));
		export(1);
		assertThat(this.status.getCircuitBreakerState()).isEqualTo(CircuitBreakerState.OPEN);
		assertThat(this.status.getFailedSpans()).isEqualTo(2);
	}

	@Test
	void probeRejectedForItsDestinationClosesTheBreaker() throws Exception {
		// A 404 about one experiment proves the backend up
		throwing();
		export(1);
		this.clock.advance(Duration.ofSeconds(31));
		this.behaviour = (parent, spans) -> CompletableFuture.completedFuture(SendResult.rejected(404, "HTTP 404"));
		export(2);
		assertThat(this.status.getCircuitBreakerState()).isEqualTo(CircuitBreakerState.CLOSED);
		assertThat(this.status.getFailedSpans()).isEqualTo(3);
	}

	@Test
	void spansOfAnUnavailableBackendAreHandedBackNotCounted() throws Exception {
		this.behaviour = (parent, spans) -> CompletableFuture
			.completedFuture(SendResult.retryable(503, Duration.ofSeconds(2), "HTTP 503"));
		BraintrustSpanExporter.ExportOutcome outcome = export(3);
		assertThat(outcome.retry()).hasSize(3);
		assertThat(outcome.retryAfter()).isEqualTo(Duration.ofSeconds(2));
		assertThat(this.status.getFailedSpans() + this.status.getExportedSpans() + this.status.getDroppedSpans())
			.isZero();
		assertThat(this.status.getCircuitBreakerState()).isEqualTo(CircuitBreakerState.OPEN);
	}

	static final class MutableClock extends Clock {

		private volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public ZoneOffset getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

}
