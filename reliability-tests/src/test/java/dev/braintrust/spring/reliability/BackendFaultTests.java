package dev.braintrust.spring.reliability;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.anthropic.client.AnthropicClient;
import com.openai.client.OpenAIClient;
import dev.braintrust.spring.boot.export.BraintrustExportStatus;
import dev.braintrust.spring.boot.export.CircuitBreakerState;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The OTLP backend fails for {@value #DEFAULT_FAULT_SECONDS} seconds (by default) while
 * the application keeps calling models: refused connections, 503, 429 with
 * {@code Retry-After: 1}, answers after 5 s; then it recovers. The callers never notice;
 * the spans created during the fault are held, not dropped, and delivered after recovery,
 * each exactly once (by span id at the receiver); the counters say so.
 * <p>
 * Export settings: a queue bound that holds the traffic of the fault (50 000 spans, the
 * default 64 MB), 512-span batches every 100 ms, the default 10 s request timeout (so a 5
 * s answer is slow, not failed), two attempts per request, backoff from 100 ms to 1 s,
 * and a breaker opening after 3 failed rounds for 1 s.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BackendFaultTests {

	static final int DEFAULT_FAULT_SECONDS = 30;

	static final int MAX_QUEUE_SIZE = 50_000;

	static final int THREADS = 8;

	static final Duration FAULT = Duration
		.ofSeconds(Integer.getInteger("reliability.fault.seconds", DEFAULT_FAULT_SECONDS));

	static final Duration BASELINE = Duration.ofSeconds(5);

	/** At most this many calls in one window, whatever the machine's speed. */
	static final int MAX_CALLS_PER_WINDOW = 40_000;

	private final MockModelServer models = new MockModelServer();

	private final FaultyOtlpReceiver receiver = new FaultyOtlpReceiver();

	private ConfigurableApplicationContext context;

	private OpenAIClient openAi;

	private AnthropicClient anthropic;

	private BraintrustExportStatus status;

	private RecordingSpanProcessor recorder;

	private MeterRegistry meters;

	private final AtomicInteger nextCall = new AtomicInteger();

	private String baselineLatency = "n/a";

	@BeforeAll
	void start() {
		this.context = Apps.start(this.models, this.receiver, "braintrust.export.max-queue-size=" + MAX_QUEUE_SIZE,
				"braintrust.export.max-batch-size=512", "braintrust.export.schedule-delay=100ms",
				"braintrust.export.retry.max-attempts=2", "braintrust.export.retry.initial-backoff=100ms",
				"braintrust.export.retry.max-backoff=1s", "braintrust.export.circuit-breaker.failure-threshold=3",
				"braintrust.export.circuit-breaker.open-duration=1s", "braintrust.export.shutdown-timeout=2s");
		this.openAi = this.context.getBean(OpenAIClient.class);
		this.anthropic = this.context.getBean(AnthropicClient.class);
		this.status = this.context.getBean(BraintrustExportStatus.class);
		this.recorder = this.context.getBean(RecordingSpanProcessor.class);
		this.recorder.countOnly();
		this.meters = this.context.getBean(MeterRegistry.class);
		this.receiver.slowDelay(Duration.ofSeconds(5));
	}

	@AfterAll
	void stop() {
		this.context.close();
		this.receiver.close();
		this.models.close();
	}

	@Test
	@Order(1)
	void withoutFaultEverySpanIsExportedOnce() throws Exception {
		Outcome outcome = run(null, BASELINE);
		assertThat(outcome.delivered).isEqualTo(outcome.created);
		assertThat(outcome.exported).isEqualTo(outcome.created);
		assertThat(outcome.dropped).isZero();
		assertThat(outcome.duplicates).isZero();
		assertThat(outcome.breakerStates).containsOnly(CircuitBreakerState.CLOSED);
	}

	@ParameterizedTest
	@EnumSource(value = FaultyOtlpReceiver.Mode.class, names = { "REFUSE", "UNAVAILABLE", "TOO_MANY_REQUESTS", "SLOW" })
	@Order(2)
	void backendFaultLosesNoSpanAndDeliversEachOnceAfterRecovery(FaultyOtlpReceiver.Mode fault) throws Exception {
		Outcome outcome = run(fault, FAULT);
		assertThat(outcome.callerErrors).isZero();
		// Nothing dropped, nothing failed: every span created is exported, exactly once
		assertThat(outcome.dropped).isZero();
		assertThat(outcome.failed).isZero();
		assertThat(outcome.exported).isEqualTo(outcome.created);
		assertThat(outcome.delivered).isEqualTo(outcome.created);
		assertThat(outcome.duplicates).isZero();
		// The counters agree with the status
		assertThat(LoadTests.counter(this.meters, "dropped")).isEqualTo(this.status.getDroppedSpans());
		assertThat(LoadTests.counter(this.meters, "failed")).isEqualTo(this.status.getFailedSpans());
		assertThat(LoadTests.counter(this.meters, "exported")).isEqualTo(this.status.getExportedSpans());
		assertThat(outcome.maxQueued).isLessThanOrEqualTo(MAX_QUEUE_SIZE);
		if (fault != FaultyOtlpReceiver.Mode.SLOW) {
			// Spans created during the fault waited for the recovery
			assertThat(outcome.deliveredAfterRecovery).isPositive();
			assertThat(outcome.breakerStates).contains(CircuitBreakerState.OPEN);
		}
		assertThat(this.status.getCircuitBreakerState()).isEqualTo(CircuitBreakerState.CLOSED);
		assertThat(this.status.getQueuedSpans()).isZero();
	}

	private Outcome run(FaultyOtlpReceiver.Mode fault, Duration window) throws Exception {
		awaitSettled();
		String scenario = (fault != null) ? "Backend fault: " + describe(fault, window)
				: "Backend fault: none (baseline, " + window.toSeconds() + " s)";
		long created0 = this.recorder.llmSpanCount();
		long exported0 = this.status.getExportedSpans();
		long failed0 = this.status.getFailedSpans();
		long dropped0 = this.status.getDroppedSpans();
		int delivered0 = this.receiver.uniqueSpanCount();
		int received0 = this.receiver.spanCount();

		Set<CircuitBreakerState> states = ConcurrentHashMap.newKeySet();
		AtomicLong maxQueued = new AtomicLong();
		AtomicLong maxQueuedBytes = new AtomicLong();
		ScheduledExecutorService monitor = Executors.newSingleThreadScheduledExecutor();
		monitor.scheduleAtFixedRate(() -> {
			states.add(this.status.getCircuitBreakerState());
			maxQueued.accumulateAndGet(this.status.getQueuedSpans(), Math::max);
			maxQueuedBytes.accumulateAndGet(this.status.getQueuedBytes(), Math::max);
		}, 0, 10, TimeUnit.MILLISECONDS);

		Figures.Latencies duringFault = new Figures.Latencies();
		Figures.Latencies afterFault = new Figures.Latencies();
		AtomicInteger errors = new AtomicInteger();
		try {
			if (fault != null) {
				this.receiver.mode(fault);
			}
			load(window, MAX_CALLS_PER_WINDOW, duringFault, errors);
			long createdDuringFault = this.recorder.llmSpanCount() - created0;
			long recoveryStart = System.nanoTime();
			this.receiver.mode(FaultyOtlpReceiver.Mode.OK);
			int deliveredAtRecovery = this.receiver.uniqueSpanCount();
			// New spans keep flowing while the backlog drains
			load(Duration.ofSeconds(2), 2_000, afterFault, errors);
			awaitSettled();
			long drained = System.nanoTime() - recoveryStart;

			Outcome outcome = new Outcome();
			outcome.created = this.recorder.llmSpanCount() - created0;
			outcome.exported = this.status.getExportedSpans() - exported0;
			outcome.failed = this.status.getFailedSpans() - failed0;
			outcome.dropped = this.status.getDroppedSpans() - dropped0;
			outcome.delivered = this.receiver.uniqueSpanCount() - delivered0;
			outcome.duplicates = (this.receiver.spanCount() - received0) - outcome.delivered;
			outcome.deliveredAfterRecovery = this.receiver.uniqueSpanCount() - deliveredAtRecovery;
			outcome.callerErrors = errors.get();
			outcome.maxQueued = maxQueued.get();
			outcome.breakerStates = EnumSet.copyOf(states);

			if (fault == null) {
				this.baselineLatency = duringFault.summary();
			}
			Figures.record(scenario, "caller latency during the window / baseline",
					duringFault.summary() + " / " + this.baselineLatency);
			Figures.record(scenario, "caller latency after recovery, while the backlog drains", afterFault.summary());
			Figures.record(scenario, "caller errors", outcome.callerErrors);
			Figures.record(scenario, "spans created (during the window) / delivered, unique / duplicates received",
					outcome.created + " (" + createdDuringFault + ") / " + outcome.delivered + " / "
							+ outcome.duplicates);
			Figures.record(scenario, "counters exported / failed / dropped",
					outcome.exported + " / " + outcome.failed + " / " + outcome.dropped);
			Figures.record(scenario, "spans delivered after recovery", outcome.deliveredAfterRecovery);
			Figures.record(scenario, "max held: spans / MB (bounds " + MAX_QUEUE_SIZE + " / 64 MB)", outcome.maxQueued
					+ " / " + String.format(Locale.ROOT, "%.1f", maxQueuedBytes.get() / (1024.0 * 1024.0)));
			Figures.record(scenario, "breaker states seen", outcome.breakerStates);
			Figures.record(scenario, "recovery to every span delivered (backlog drained)", Figures.millis(drained));
			if (fault != null) {
				Figures.record(scenario, "requests the receiver saw while faulty", this.receiver.requests(fault));
			}
			return outcome;
		}
		finally {
			monitor.shutdownNow();
			this.receiver.mode(FaultyOtlpReceiver.Mode.OK);
		}
	}

	private void load(Duration duration, int maxCalls, Figures.Latencies latencies, AtomicInteger errors)
			throws InterruptedException {
		long deadline = System.nanoTime() + duration.toNanos();
		AtomicInteger budget = new AtomicInteger(maxCalls);
		ExecutorService pool = Executors.newFixedThreadPool(THREADS);
		for (int t = 0; t < THREADS; t++) {
			pool.execute(() -> {
				while (System.nanoTime() < deadline && budget.decrementAndGet() >= 0) {
					int call = this.nextCall.getAndIncrement();
					long start = System.nanoTime();
					try {
						Apps.call(this.openAi, this.anthropic, call);
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

	private void awaitSettled() {
		await().atMost(Duration.ofSeconds(90))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> this.recorder.llmSpanCount() == this.status.getExportedSpans() + this.status.getFailedSpans()
					+ this.status.getDroppedSpans());
	}

	private static String describe(FaultyOtlpReceiver.Mode fault, Duration window) {
		return switch (fault) {
			case REFUSE -> "receiver down (connection refused)";
			case SLOW -> "receiver slow (5 s answers)";
			case TOO_MANY_REQUESTS -> "429 with Retry-After: 1";
			case UNAVAILABLE -> "503";
			case RESET -> "connection reset mid-request";
			case OK -> "none";
		} + String.format(Locale.ROOT, " for %d s", window.toSeconds());
	}

	static final class Outcome {

		long created;

		long exported;

		long failed;

		long dropped;

		long delivered;

		long duplicates;

		long deliveredAfterRecovery;

		int callerErrors;

		long maxQueued;

		Set<CircuitBreakerState> breakerStates;

	}

}
