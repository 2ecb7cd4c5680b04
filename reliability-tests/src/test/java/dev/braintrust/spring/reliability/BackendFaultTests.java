package dev.braintrust.spring.reliability;

import java.lang.management.ManagementFactory;
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
 * The OTLP backend fails for a few seconds while the application keeps calling models:
 * refused connections, 5 s responses, 429 with {@code Retry-After}, 503, connections
 * reset mid-request; then it recovers. The callers never notice; the queue stays within
 * its bound, every span is accounted for (exported, failed or dropped, and the counters
 * say which), the breaker opens and closes again, and spans flow after recovery.
 * <p>
 * Export settings are scaled down so that a scenario takes seconds: a 256-span queue,
 * 64-span batches every 100 ms, a 500 ms export timeout (so a 5 s response is a timeout),
 * two attempts 100 ms apart, and a breaker opening after 3 failures for 1 s.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BackendFaultTests {

	static final int MAX_QUEUE_SIZE = 256;

	static final int THREADS = 8;

	static final Duration FAULT = Duration.ofSeconds(Integer.getInteger("reliability.fault.seconds", 3));

	/** At most this many calls in one fault window, whatever the machine's speed. */
	static final int MAX_CALLS_PER_WINDOW = 4000;

	private final MockModelServer models = new MockModelServer();

	private final FaultyOtlpReceiver receiver = new FaultyOtlpReceiver();

	private ConfigurableApplicationContext context;

	private OpenAIClient openAi;

	private AnthropicClient anthropic;

	private BraintrustExportStatus status;

	private RecordingSpanProcessor recorder;

	private MeterRegistry meters;

	private java.util.concurrent.Semaphore permits;

	private final AtomicInteger nextCall = new AtomicInteger();

	@BeforeAll
	void start() {
		this.context = Apps.start(this.models, this.receiver, "braintrust.export.max-queue-size=" + MAX_QUEUE_SIZE,
				"braintrust.export.max-batch-size=64", "braintrust.export.schedule-delay=100ms",
				"braintrust.export.timeout=500ms", "braintrust.export.retry.max-attempts=2",
				"braintrust.export.retry.initial-backoff=100ms", "braintrust.export.retry.max-backoff=200ms",
				"braintrust.export.circuit-breaker.failure-threshold=3",
				"braintrust.export.circuit-breaker.open-duration=1s", "braintrust.export.shutdown-timeout=2s");
		this.openAi = this.context.getBean(OpenAIClient.class);
		this.anthropic = this.context.getBean(AnthropicClient.class);
		this.status = this.context.getBean(BraintrustExportStatus.class);
		this.recorder = this.context.getBean(RecordingSpanProcessor.class);
		this.recorder.countOnly();
		this.meters = this.context.getBean(MeterRegistry.class);
		java.lang.reflect.Field field = org.springframework.util.ReflectionUtils
			.findField(dev.braintrust.spring.boot.export.BraintrustSpanProcessor.class, "capacity");
		org.springframework.util.ReflectionUtils.makeAccessible(field);
		this.permits = (java.util.concurrent.Semaphore) org.springframework.util.ReflectionUtils.getField(field,
				this.context.getBean(dev.braintrust.spring.boot.export.BraintrustSpanProcessor.class));
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
	void withoutFaultEverySpanIsExported() throws Exception {
		Outcome outcome = run(null);
		assertThat(outcome.delivered).isEqualTo(outcome.created);
		assertThat(outcome.exported).isEqualTo(outcome.created);
		assertThat(outcome.dropped).isZero();
		assertThat(outcome.maxPermitsFree).isLessThanOrEqualTo(MAX_QUEUE_SIZE);
		assertThat(outcome.breakerStates).containsOnly(CircuitBreakerState.CLOSED);
	}

	@ParameterizedTest
	@EnumSource(value = FaultyOtlpReceiver.Mode.class, names = "OK", mode = EnumSource.Mode.EXCLUDE)
	@Order(2)
	void backendFaultNeverReachesCallersAndExportRecovers(FaultyOtlpReceiver.Mode fault) throws Exception {
		Outcome outcome = run(fault);
		assertThat(outcome.callerErrors).isZero();
		// Every span is accounted for, and the counters agree with the status
		assertThat(outcome.exported + outcome.failed + outcome.dropped).isEqualTo(outcome.created);
		assertThat(LoadTests.counter(this.meters, "dropped")).isEqualTo(this.status.getDroppedSpans());
		assertThat(LoadTests.counter(this.meters, "failed")).isEqualTo(this.status.getFailedSpans());
		assertThat(LoadTests.counter(this.meters, "exported")).isEqualTo(this.status.getExportedSpans());
		// The receiver holds every span reported exported (and, with slow answers, some
		// the exporter gave up on)
		assertThat(outcome.delivered).isGreaterThanOrEqualTo(outcome.exported);
		// The queue honoured its bound: never more permits taken, nor free, than
		// max-queue-size
		assertThat(outcome.maxPermitsTaken).isLessThanOrEqualTo(MAX_QUEUE_SIZE);
		assertThat(outcome.maxPermitsFree).isLessThanOrEqualTo(MAX_QUEUE_SIZE);
		// The breaker opened during the fault and closed after it, and spans flow again
		assertThat(outcome.breakerStates).contains(CircuitBreakerState.OPEN);
		assertThat(this.status.getCircuitBreakerState()).isEqualTo(CircuitBreakerState.CLOSED);
		assertThat(outcome.deliveredAfterRecovery).isPositive();
	}

	private Outcome run(FaultyOtlpReceiver.Mode fault) throws Exception {
		awaitSettled();
		String scenario = (fault != null) ? "Backend fault: " + describe(fault) : "Backend fault: none (baseline)";
		long created0 = this.recorder.llmSpanCount();
		long exported0 = this.status.getExportedSpans();
		long failed0 = this.status.getFailedSpans();
		long dropped0 = this.status.getDroppedSpans();
		int delivered0 = this.receiver.uniqueSpanCount();
		int received0 = this.receiver.spanCount();

		Set<CircuitBreakerState> states = ConcurrentHashMap.newKeySet();
		AtomicLong maxPending = new AtomicLong();
		AtomicLong maxPermitsTaken = new AtomicLong();
		AtomicLong maxPermitsFree = new AtomicLong();
		ScheduledExecutorService monitor = Executors.newSingleThreadScheduledExecutor();
		monitor.scheduleAtFixedRate(() -> {
			states.add(this.status.getCircuitBreakerState());
			long pending = this.recorder.llmSpanCount() - this.status.getExportedSpans() - this.status.getFailedSpans()
					- this.status.getDroppedSpans();
			maxPending.accumulateAndGet(pending, Math::max);
			int free = this.permits.availablePermits();
			maxPermitsTaken.accumulateAndGet(MAX_QUEUE_SIZE - free, Math::max);
			maxPermitsFree.accumulateAndGet(free, Math::max);
		}, 0, 10, TimeUnit.MILLISECONDS);

		Figures.Latencies latencies = new Figures.Latencies();
		AtomicInteger errors = new AtomicInteger();
		long heapBefore = usedHeap();
		try {
			if (fault != null) {
				this.receiver.mode(fault);
			}
			load(FAULT, MAX_CALLS_PER_WINDOW, latencies, errors);
			long heapDuringFault = usedHeap();
			long recoveryStart = System.nanoTime();
			this.receiver.mode(FaultyOtlpReceiver.Mode.OK);
			int deliveredAtRecovery = this.receiver.uniqueSpanCount();
			// Keep calling until the breaker has closed again, then until all is
			// accounted for
			await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
				load(Duration.ofMillis(100), 20, latencies, errors);
				return this.status.getCircuitBreakerState() == CircuitBreakerState.CLOSED;
			});
			long breakerClosedAfter = System.nanoTime() - recoveryStart;
			load(Duration.ofMillis(200), 50, latencies, errors);
			awaitSettled();
			long recovered = System.nanoTime() - recoveryStart;

			Outcome outcome = new Outcome();
			outcome.created = this.recorder.llmSpanCount() - created0;
			outcome.exported = this.status.getExportedSpans() - exported0;
			outcome.failed = this.status.getFailedSpans() - failed0;
			outcome.dropped = this.status.getDroppedSpans() - dropped0;
			outcome.delivered = this.receiver.uniqueSpanCount() - delivered0;
			outcome.deliveredAfterRecovery = this.receiver.uniqueSpanCount() - deliveredAtRecovery;
			outcome.callerErrors = errors.get();
			outcome.maxPending = maxPending.get();
			outcome.maxPermitsTaken = maxPermitsTaken.get();
			outcome.maxPermitsFree = maxPermitsFree.get();
			outcome.breakerStates = EnumSet.copyOf(states);

			Figures.record(scenario, "caller latency (fault window + recovery)", latencies.summary());
			Figures.record(scenario, "caller errors", outcome.callerErrors);
			Figures.record(scenario, "spans created / on receiver (unique) / duplicates received",
					outcome.created + " / " + outcome.delivered + " / "
							+ ((this.receiver.spanCount() - received0) - outcome.delivered));
			Figures.record(scenario, "counters exported / failed / dropped",
					outcome.exported + " / " + outcome.failed + " / " + outcome.dropped);
			Figures.record(scenario, "spans delivered after recovery", outcome.deliveredAfterRecovery);
			Figures.record(scenario, "max spans pending (queue bound " + MAX_QUEUE_SIZE + ")", outcome.maxPending);
			Figures.record(scenario, "queue permits: max taken / max free (bound " + MAX_QUEUE_SIZE + ")",
					maxPermitsTaken.get() + " / " + maxPermitsFree.get());
			Figures.record(scenario, "breaker states seen; breaker closed after recovery in",
					outcome.breakerStates + "; " + Figures.millis(breakerClosedAfter));
			Figures.record(scenario, "all spans accounted for after recovery in", Figures.millis(recovered));
			Figures.record(scenario, "used heap before / during fault (after GC)",
					heapBefore / (1024 * 1024) + " MB / " + heapDuringFault / (1024 * 1024) + " MB");
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
		assertThat(pool.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
	}

	private void awaitSettled() {
		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> this.recorder.llmSpanCount() == this.status.getExportedSpans() + this.status.getFailedSpans()
					+ this.status.getDroppedSpans());
	}

	private static long usedHeap() {
		System.gc();
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

	private static String describe(FaultyOtlpReceiver.Mode fault) {
		return switch (fault) {
			case REFUSE -> "receiver down (connection refused)";
			case SLOW -> "receiver slow (5 s answers, 500 ms export timeout)";
			case TOO_MANY_REQUESTS -> "429 with Retry-After: 1";
			case UNAVAILABLE -> "503";
			case RESET -> "connection reset mid-request";
			case OK -> "none";
		} + String.format(Locale.ROOT, " for %d s", FAULT.toSeconds());
	}

	static final class Outcome {

		long created;

		long exported;

		long failed;

		long dropped;

		long delivered;

		long deliveredAfterRecovery;

		int callerErrors;

		long maxPending;

		long maxPermitsTaken;

		long maxPermitsFree;

		Set<CircuitBreakerState> breakerStates;

	}

}
