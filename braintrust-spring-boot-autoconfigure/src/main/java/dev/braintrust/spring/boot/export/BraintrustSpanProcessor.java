package dev.braintrust.spring.boot.export;

import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The {@link SpanProcessor} that feeds Braintrust. Spring Boot adds it to its tracer
 * provider next to its own processor, so Braintrust has its own bounded queue and worker
 * thread: a slow or unavailable Braintrust never delays the application or its other
 * exporters.
 * <p>
 * {@code span.end()} only queues the span, or, at the queue's bound (in spans or in
 * bytes), drops it and counts it: it never waits. While the backend fails or the circuit
 * breaker is open, spans are held, not dropped: a batch that could not be sent goes back
 * to the head of the queue and is sent again after a backoff (at least what a
 * {@code Retry-After} asked for); the breaker only pauses sending. Once the backend
 * answers again, the backlog is sent batch after batch without waiting for the schedule
 * delay, while new spans keep joining the queue.
 * <p>
 * With a disk spool ({@code braintrust.export.spool.directory}), what memory cannot hold
 * goes to disk instead of being dropped: while the backend fails and the queue is past
 * half its bound, its oldest spans are written to the spool; they are sent back, oldest
 * first, once the backend answers, at this start or the next. At shutdown, spans not sent
 * within the shutdown timeout go to the spool, or without one are counted dropped.
 */
public final class BraintrustSpanProcessor implements SpanProcessor {

	private static final Log logger = LogFactory.getLog(BraintrustSpanProcessor.class);

	/** How often a paused worker looks again at the breaker and at shutdown. */
	private static final long MAX_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

	/** How often the worker looks for spooled spans when it found none. */
	private static final long SPOOL_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

	private final BraintrustSpanExporter exporter;

	private final ExportQueue queue;

	private final boolean filterAiSpans;

	private final BraintrustExportStatus status;

	private final int maxBatchSize;

	private final long scheduleDelayNanos;

	private final long shutdownTimeoutNanos;

	private final BraintrustExportSettings settings;

	private final Thread worker;

	private final @Nullable SpanSpool spool;

	private final int maxQueueSize;

	private final long maxQueueBytes;

	private final AtomicBoolean overflowLogged = new AtomicBoolean();

	private final Queue<CompletableResultCode> flushes = new ConcurrentLinkedQueue<>();

	private final AtomicReference<@Nullable CompletableResultCode> shutdownResult = new AtomicReference<>();

	private final CompletableResultCode workerDone = new CompletableResultCode();

	private volatile boolean accepting = true;

	private volatile boolean stopping;

	private volatile long stopDeadline = Long.MAX_VALUE;

	private volatile boolean flushRequested;

	/**
	 * Create a processor that exports to Braintrust over OTLP http/protobuf.
	 * @param settings the export settings
	 * @param status the status this processor reports to
	 */
	public BraintrustSpanProcessor(BraintrustExportSettings settings, BraintrustExportStatus status) {
		this(settings, status, new BraintrustSpanExporter(settings, status));
	}

	BraintrustSpanProcessor(BraintrustExportSettings settings, BraintrustExportStatus status,
			BraintrustSpanExporter exporter) {
		this.exporter = exporter;
		this.queue = new ExportQueue(settings.maxQueueSize(), settings.maxQueueBytes());
		this.filterAiSpans = settings.filterAiSpans();
		this.status = status;
		this.maxBatchSize = settings.maxBatchSize();
		this.scheduleDelayNanos = settings.scheduleDelay().toNanos();
		this.shutdownTimeoutNanos = settings.shutdownTimeout().toNanos();
		this.settings = settings;
		this.maxQueueSize = settings.maxQueueSize();
		this.maxQueueBytes = settings.maxQueueBytes();
		status.attach(this.queue);
		this.spool = (settings.spoolDirectory() != null)
				? SpanSpool.open(settings.spoolDirectory(), settings.spoolMaxSize(), status) : null;
		this.worker = new Thread(this::work, "braintrust-export");
		this.worker.setDaemon(true);
		this.worker.start();
	}

	@Override
	public void onStart(Context parentContext, ReadWriteSpan span) {
	}

	@Override
	public boolean isStartRequired() {
		return false;
	}

	@Override
	public void onEnd(ReadableSpan span) {
		if (!span.getSpanContext().isSampled()) {
			return;
		}
		if (this.filterAiSpans && !AiSpans.isAiSpan(span)) {
			return;
		}
		if (!this.accepting || !this.queue.offer(span.toSpanData(), this.maxBatchSize)) {
			this.status.recordDropped(1);
			if (this.accepting && this.overflowLogged.compareAndSet(false, true)) {
				logger.warn("Braintrust export queue is at its bound (braintrust.export.max-queue-size spans or "
						+ "braintrust.export.max-queue-bytes); new spans are dropped and counted "
						+ "(braintrust.export.spans{result=dropped}) until it drains");
			}
		}
	}

	@Override
	public boolean isEndRequired() {
		return true;
	}

	/**
	 * Send what is queued now.
	 * @return a result that succeeds once nothing is held any more, or fails when a batch
	 * could not be sent (the backend is unavailable: the spans stay held)
	 */
	@Override
	public CompletableResultCode forceFlush() {
		CompletableResultCode result = new CompletableResultCode();
		if (this.queue.heldSpans() == 0) {
			return result.succeed();
		}
		this.flushes.add(result);
		this.flushRequested = true;
		this.queue.wake();
		return result;
	}

	/**
	 * Send what is held, within {@code braintrust.export.shutdown-timeout}, and stop.
	 * Spans still held then are counted dropped. Idempotent: Spring closes this bean and
	 * the tracer provider shuts down its processors, whichever comes first does the work;
	 * the result completes within the shutdown timeout whoever waits for it.
	 * @return the result of the shutdown, failed if spans were left unsent
	 */
	@Override
	public CompletableResultCode shutdown() {
		CompletableResultCode result = new CompletableResultCode();
		if (!this.shutdownResult.compareAndSet(null, result)) {
			CompletableResultCode existing = this.shutdownResult.get();
			return (existing != null) ? existing : result;
		}
		this.accepting = false;
		this.stopDeadline = System.nanoTime() + this.shutdownTimeoutNanos;
		this.exporter.stopRetrying();
		this.stopping = true;
		this.queue.wake();
		this.workerDone.whenComplete(() -> {
			if (this.workerDone.isSuccess()) {
				result.succeed();
			}
			else {
				result.fail();
			}
		});
		// The worker cancels a request still in flight at the deadline; a little margin
		// for it to settle its spans
		CompletableFuture.delayedExecutor(this.shutdownTimeoutNanos + TimeUnit.SECONDS.toNanos(1), TimeUnit.NANOSECONDS)
			.execute(() -> {
				if (!result.isDone()) {
					result.fail();
				}
			});
		return result;
	}

	/**
	 * Shut down, waiting at most {@code braintrust.export.shutdown-timeout} for pending
	 * spans to be sent.
	 */
	@Override
	public void close() {
		shutdown().join(this.shutdownTimeoutNanos + TimeUnit.SECONDS.toNanos(1), TimeUnit.NANOSECONDS);
	}

	@Override
	public String toString() {
		return "BraintrustSpanProcessor[" + this.status + "]";
	}

	private void work() {
		int failedRounds = 0;
		// nanoTime values are compared by difference only: they may be negative
		long pausedUntil = System.nanoTime();
		long nextSend = pausedUntil + this.scheduleDelayNanos;
		long nextSpoolRead = pausedUntil;
		try {
			while (true) {
				long now = System.nanoTime();
				boolean stopping = this.stopping;
				if (stopping && (now - this.stopDeadline >= 0 || this.queue.queued() == 0)) {
					break;
				}
				completeFlushesIfEmpty();
				if (failedRounds > 0 || this.status.getCircuitBreakerState() == CircuitBreakerState.OPEN) {
					spillIfPressed();
				}
				if (now - pausedUntil < 0) {
					this.queue.awaitQueued(Integer.MAX_VALUE, Math.min(pausedUntil - now, MAX_PAUSE_NANOS));
					continue;
				}
				if (stopping && failedRounds > 0 && this.spool != null) {
					// The backend is failing: the spool keeps the spans across the
					// restart
					break;
				}
				if (!stopping && this.spool != null && now - nextSpoolRead >= 0) {
					int sent = sendFromSpool();
					if (sent < 0) {
						failedRounds++;
						pausedUntil = System.nanoTime() + this.settings.backoff(failedRounds, null).toNanos();
						// The spool waits its turn after the queue's next attempt
						nextSpoolRead = pausedUntil + SPOOL_POLL_NANOS;
						continue;
					}
					nextSpoolRead = (sent > 0) ? now : now + SPOOL_POLL_NANOS;
					if (sent > 0) {
						failedRounds = 0;
						continue;
					}
				}
				int queued = this.queue.queued();
				boolean due = stopping || this.flushRequested || queued >= this.maxBatchSize || now - nextSend >= 0;
				if (queued == 0 || !due) {
					if (queued == 0) {
						this.flushRequested = false;
						nextSend = now + this.scheduleDelayNanos;
					}
					this.queue.awaitQueued(Math.max(queued + 1, this.maxBatchSize),
							Math.min(Math.max(nextSend - now, 1), MAX_PAUSE_NANOS));
					continue;
				}
				if (!this.status.circuitBreaker().tryAcquire()) {
					// The breaker pauses sending; the spans stay held
					if (stopping) {
						break;
					}
					pausedUntil = now + MAX_PAUSE_NANOS;
					failFlushes();
					continue;
				}
				List<ExportQueue.QueuedSpan> batch = this.queue.take(this.maxBatchSize);
				BraintrustSpanExporter.ExportOutcome outcome = send(batch);
				this.queue.returnToHead(outcome.retry());
				settle(batch, outcome.retry());
				if (!outcome.retry().isEmpty()) {
					failedRounds++;
					pausedUntil = System.nanoTime()
							+ this.settings.backoff(failedRounds, outcome.retryAfter()).toNanos();
					failFlushes();
				}
				else {
					failedRounds = 0;
					// A backlog is sent at once, batch after batch; otherwise wait for
					// the
					// schedule
					nextSend = System.nanoTime()
							+ ((this.queue.queued() >= this.maxBatchSize) ? 0 : this.scheduleDelayNanos);
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (RuntimeException | LinkageError ex) {
			logger.error("Braintrust export stopped on an unexpected error: " + ex.getClass().getName(), ex);
		}
		finally {
			finish();
		}
	}

	private BraintrustSpanExporter.ExportOutcome send(List<ExportQueue.QueuedSpan> batch) throws InterruptedException {
		CompletableFuture<BraintrustSpanExporter.ExportOutcome> sent = this.exporter.send(batch);
		while (true) {
			try {
				if (!this.stopping) {
					return sent.get(MAX_PAUSE_NANOS, TimeUnit.NANOSECONDS);
				}
				long remaining = this.stopDeadline - System.nanoTime();
				if (remaining > 0) {
					return sent.get(Math.min(remaining, MAX_PAUSE_NANOS), TimeUnit.NANOSECONDS);
				}
				// Shutdown's deadline: cancel the request in flight; its spans are
				// held (they go to the spool, or are counted dropped), a cancelled
				// request
				// settling as "send again", never as exported
				this.exporter.shutdown();
				return sent.get(100, TimeUnit.MILLISECONDS);
			}
			catch (TimeoutException ex) {
				if (this.stopping && this.stopDeadline - System.nanoTime() <= 0) {
					return new BraintrustSpanExporter.ExportOutcome(batch, null);
				}
			}
			catch (ExecutionException ex) {
				return new BraintrustSpanExporter.ExportOutcome(batch, null);
			}
		}
	}

	private void settle(List<ExportQueue.QueuedSpan> batch, List<ExportQueue.QueuedSpan> retry) {
		if (retry.isEmpty()) {
			this.queue.settled(batch);
			return;
		}
		java.util.Set<ExportQueue.QueuedSpan> held = java.util.Collections
			.newSetFromMap(new java.util.IdentityHashMap<>());
		held.addAll(retry);
		this.queue.settled(batch.stream().filter((span) -> !held.contains(span)).toList());
	}

	private void finish() {
		this.exporter.shutdown();
		List<ExportQueue.QueuedSpan> rest = this.queue.take(Integer.MAX_VALUE);
		int dropped = rest.size();
		if (!rest.isEmpty() && this.spool != null) {
			dropped = this.spool.write(rest.stream().map(ExportQueue.QueuedSpan::span).toList());
			logger.info("Braintrust export: " + (rest.size() - dropped) + " spans not sent before shutdown were "
					+ "written to the spool; they are sent at the next start");
		}
		if (this.spool != null) {
			this.spool.close();
		}
		this.queue.settled(rest);
		if (dropped > 0) {
			this.status.recordDropped(dropped);
			logger.warn("Braintrust export did not send " + dropped + " spans within "
					+ "braintrust.export.shutdown-timeout (" + TimeUnit.NANOSECONDS.toMillis(this.shutdownTimeoutNanos)
					+ "ms); they are counted dropped");
			failFlushes();
			this.workerDone.fail();
		}
		else {
			completeFlushesIfEmpty();
			this.workerDone.succeed();
		}
	}

	/**
	 * While the backend fails, the oldest half of a queue past half its bound goes to the
	 * spool, so that new spans find room.
	 */
	private void spillIfPressed() {
		if (this.spool == null) {
			return;
		}
		while (this.queue.heldSpans() > this.maxQueueSize / 2 || this.queue.heldBytes() > this.maxQueueBytes / 2) {
			List<ExportQueue.QueuedSpan> oldest = this.queue.take(this.maxBatchSize);
			if (oldest.isEmpty()) {
				return;
			}
			int unwritten = this.spool.write(oldest.stream().map(ExportQueue.QueuedSpan::span).toList());
			this.queue.settled(oldest);
			if (unwritten > 0) {
				this.status.recordDropped(unwritten);
				return;
			}
		}
	}

	/**
	 * Send the oldest spooled batch, if one is ready.
	 * @return the spans sent, 0 if none was ready, -1 if the backend is unavailable
	 */
	private int sendFromSpool() throws InterruptedException {
		List<io.opentelemetry.sdk.trace.data.SpanData> spooled = this.spool.next();
		if (spooled == null || spooled.isEmpty()) {
			if (spooled != null) {
				this.spool.sent();
			}
			return 0;
		}
		if (!this.status.circuitBreaker().tryAcquire()) {
			return -1;
		}
		List<ExportQueue.QueuedSpan> batch = spooled.stream()
			.map((span) -> new ExportQueue.QueuedSpan(span, ExportQueue.estimatedBytes(span)))
			.toList();
		BraintrustSpanExporter.ExportOutcome outcome = send(batch);
		if (outcome.retry().size() == batch.size()) {
			// Nothing went: the batch stays on disk for the next attempt
			return -1;
		}
		this.spool.sent();
		// Part went: the rest is held in memory, at the head of the queue
		this.queue.addToHead(outcome.retry());
		return batch.size() - outcome.retry().size();
	}

	private void completeFlushesIfEmpty() {
		if (!this.flushes.isEmpty() && this.queue.heldSpans() == 0) {
			CompletableResultCode flush;
			while ((flush = this.flushes.poll()) != null) {
				flush.succeed();
			}
		}
	}

	private void failFlushes() {
		CompletableResultCode flush;
		while ((flush = this.flushes.poll()) != null) {
			flush.fail();
		}
	}

}
