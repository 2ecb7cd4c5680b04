package dev.braintrust.spring.reliability;

import java.lang.management.ManagementFactory;
import java.util.Locale;

import dev.braintrust.spring.boot.export.BraintrustExportStatus;
import dev.braintrust.spring.boot.export.CircuitBreakerState;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With Braintrust down, spans carrying 16 KB of content fill the queue up to its byte
 * bound (32 MB here); the heap the queue then holds, measured while the breaker pauses
 * sending, is the bound plus the overhead stated in RELIABILITY.md, whatever the number
 * of spans offered beyond it.
 */
class QueueHeapTests {

	static final long BOUND = 32L * 1024 * 1024;

	static final int CONTENT_CHARS = 16 * 1024;

	/** The overhead stated in RELIABILITY.md: 50 % of the bound. */
	static final double STATED_OVERHEAD = 0.5;

	@Test
	void heapHeldAtTheByteBoundIsTheBoundPlusTheStatedOverhead() {
		try (MockModelServer models = new MockModelServer(); FaultyOtlpReceiver receiver = new FaultyOtlpReceiver()) {
			receiver.mode(FaultyOtlpReceiver.Mode.REFUSE);
			ConfigurableApplicationContext context = Apps.start(models, receiver,
					"braintrust.export.max-queue-bytes=32MB", "braintrust.export.max-queue-size=100000",
					"braintrust.export.circuit-breaker.failure-threshold=1",
					"braintrust.export.circuit-breaker.open-duration=1h", "braintrust.export.retry.max-attempts=1",
					"braintrust.export.shutdown-timeout=0s");
			try {
				context.getBean(RecordingSpanProcessor.class).countOnly();
				BraintrustExportStatus status = context.getBean(BraintrustExportStatus.class);
				Tracer tracer = context.getBean(OpenTelemetry.class).getTracer("heap-test");
				String content = "x".repeat(CONTENT_CHARS);
				long before = usedHeapAfterGc();
				int offered = 0;
				// Twice what the bound holds: the rest must be refused, not held
				int toOffer = (int) (2 * BOUND / CONTENT_CHARS);
				for (; offered < toOffer; offered++) {
					tracer.spanBuilder("chat heap-" + offered)
						.setAttribute("gen_ai.operation.name", "chat")
						.setAttribute("braintrust.input_json", content + offered)
						.startSpan()
						.end();
				}
				// Measured with the worker paused by the open breaker: a batch being
				// encoded
				// is transient memory of its own (about one batch's content again)
				org.awaitility.Awaitility.await()
					.atMost(java.time.Duration.ofSeconds(30))
					.until(() -> status.getCircuitBreakerState() == CircuitBreakerState.OPEN);
				long after = usedHeapAfterGc();
				long held = after - before;
				String scenario = "Heap at the byte bound (32 MB, spans of 16 KB content, Braintrust down)";
				Figures.record(scenario, "spans offered / held / dropped",
						offered + " / " + status.getQueuedSpans() + " / " + status.getDroppedSpans());
				Figures.record(scenario, "estimated bytes held (bound 32 MB)", mb(status.getQueuedBytes()));
				Figures.record(scenario, "used heap after GC: before / at the bound / difference",
						mb(before) + " / " + mb(after) + " / " + mb(held));
				Figures.record(scenario, "heap held per byte of bound",
						String.format(Locale.ROOT, "%.2f", (double) held / BOUND));
				assertThat(status.getQueuedBytes()).isLessThanOrEqualTo(BOUND);
				assertThat(status.getDroppedSpans()).isPositive();
				assertThat(status.getQueuedSpans() + status.getDroppedSpans()).isEqualTo(offered);
				assertThat(held).isLessThanOrEqualTo((long) (BOUND * (1 + STATED_OVERHEAD)));
			}
			finally {
				context.close();
			}
		}
	}

	private static long usedHeapAfterGc() {
		for (int i = 0; i < 3; i++) {
			System.gc();
		}
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

	private static String mb(long bytes) {
		return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024.0));
	}

}
