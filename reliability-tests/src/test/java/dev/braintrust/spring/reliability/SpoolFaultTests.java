package dev.braintrust.spring.reliability;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.anthropic.client.AnthropicClient;
import com.openai.client.OpenAIClient;
import dev.braintrust.spring.boot.export.BraintrustExportStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The receiver refuses connections for longer than the memory bound can hold (a 500-span
 * queue, spans created at about 150 a second): with the spool on, the oldest spans go to
 * disk instead of being dropped, and after recovery every span is delivered exactly once.
 */
class SpoolFaultTests {

	static final int MAX_QUEUE_SIZE = 500;

	static final int THREADS = 8;

	static final Duration FAULT = Duration.ofSeconds(10);

	@Test
	void faultLongerThanTheMemoryBoundLosesNothingWithTheSpool(@TempDir Path spool) throws Exception {
		try (MockModelServer models = new MockModelServer(); FaultyOtlpReceiver receiver = new FaultyOtlpReceiver()) {
			ConfigurableApplicationContext context = Apps.start(models, receiver,
					"braintrust.export.max-queue-size=" + MAX_QUEUE_SIZE, "braintrust.export.max-batch-size=100",
					"braintrust.export.schedule-delay=100ms", "braintrust.export.retry.max-attempts=2",
					"braintrust.export.retry.initial-backoff=100ms", "braintrust.export.retry.max-backoff=1s",
					"braintrust.export.circuit-breaker.failure-threshold=3",
					"braintrust.export.circuit-breaker.open-duration=1s", "braintrust.export.spool.directory=" + spool);
			try {
				OpenAIClient openAi = context.getBean(OpenAIClient.class);
				AnthropicClient anthropic = context.getBean(AnthropicClient.class);
				BraintrustExportStatus status = context.getBean(BraintrustExportStatus.class);
				RecordingSpanProcessor recorder = context.getBean(RecordingSpanProcessor.class);
				recorder.countOnly();
				AtomicLong maxHeld = new AtomicLong();
				ScheduledExecutorService monitor = Executors.newSingleThreadScheduledExecutor();
				monitor.scheduleAtFixedRate(() -> maxHeld.accumulateAndGet(status.getQueuedSpans(), Math::max), 0, 10,
						TimeUnit.MILLISECONDS);
				Figures.Latencies latencies = new Figures.Latencies();
				AtomicInteger errors = new AtomicInteger();
				try {
					receiver.mode(FaultyOtlpReceiver.Mode.REFUSE);
					load(openAi, anthropic, FAULT, latencies, errors);
					long createdDuringFault = recorder.llmSpanCount();
					long spooled = status.getSpooledSpans();
					long recovery = System.nanoTime();
					receiver.mode(FaultyOtlpReceiver.Mode.OK);
					await().atMost(Duration.ofSeconds(60))
						.pollInterval(Duration.ofMillis(50))
						.until(() -> status.getExportedSpans() + status.getFailedSpans()
								+ status.getDroppedSpans() == recorder.llmSpanCount());
					long drained = System.nanoTime() - recovery;
					String scenario = "Backend fault longer than the memory bound, spool on: refused for "
							+ FAULT.toSeconds() + " s, queue bound " + MAX_QUEUE_SIZE + " spans";
					Figures.record(scenario, "caller latency during the fault", latencies.summary());
					Figures.record(scenario, "spans created / written to the spool during the fault",
							createdDuringFault + " / " + spooled);
					Figures.record(scenario, "max spans held in memory", maxHeld.get());
					Figures.record(scenario, "counters exported / failed / dropped", status.getExportedSpans() + " / "
							+ status.getFailedSpans() + " / " + status.getDroppedSpans());
					Figures.record(scenario, "delivered, unique / duplicates received",
							receiver.uniqueSpanCount() + " / " + (receiver.spanCount() - receiver.uniqueSpanCount()));
					Figures.record(scenario, "recovery to every span delivered", Figures.millis(drained));
					Figures.record(scenario, "spool files left", String.format(Locale.ROOT, "%d", spoolFiles(spool)));
					assertThat(errors.get()).isZero();
					assertThat(createdDuringFault).isGreaterThan(MAX_QUEUE_SIZE);
					assertThat(spooled).isPositive();
					assertThat(status.getDroppedSpans()).isZero();
					assertThat(status.getFailedSpans()).isZero();
					assertThat(status.getExportedSpans()).isEqualTo(recorder.llmSpanCount());
					assertThat((long) receiver.uniqueSpanCount()).isEqualTo(recorder.llmSpanCount());
					assertThat(receiver.spanCount()).isEqualTo(receiver.uniqueSpanCount());
					assertThat(maxHeld.get()).isLessThanOrEqualTo(MAX_QUEUE_SIZE);
				}
				finally {
					monitor.shutdownNow();
				}
			}
			finally {
				context.close();
			}
		}
	}

	private static long spoolFiles(Path spool) throws Exception {
		try (var files = java.nio.file.Files.list(spool.resolve("spans"))) {
			return files.count();
		}
	}

	private static void load(OpenAIClient openAi, AnthropicClient anthropic, Duration duration,
			Figures.Latencies latencies, AtomicInteger errors) throws InterruptedException {
		long deadline = System.nanoTime() + duration.toNanos();
		AtomicInteger next = new AtomicInteger();
		ExecutorService pool = Executors.newFixedThreadPool(THREADS);
		for (int t = 0; t < THREADS; t++) {
			pool.execute(() -> {
				while (System.nanoTime() < deadline) {
					int call = next.getAndIncrement();
					long start = System.nanoTime();
					try {
						Apps.call(openAi, anthropic, call);
						latencies.add(System.nanoTime() - start);
					}
					catch (RuntimeException ex) {
						errors.incrementAndGet();
					}
				}
			});
		}
		pool.shutdown();
		assertThat(pool.awaitTermination(2, TimeUnit.MINUTES)).isTrue();
	}

}
