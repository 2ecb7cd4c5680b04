package dev.braintrust.spring.boot.export;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The thread of {@link BraintrustSpanProcessor} that sends what its queue holds: a batch
 * when the schedule delay is up, the queue holds a full batch, or a flush asks for it;
 * after a failed batch, a backoff (at least what a {@code Retry-After} asked for); while
 * the circuit breaker is open, a pause. With a disk spool it also moves the oldest spans
 * of a queue under pressure to disk and sends spooled spans back, oldest first. It stops
 * once the queue is empty or the shutdown deadline has passed, and settles what is left
 * (spooled, or counted dropped).
 */
final class ExportWorker {

	// Logs under the processor's name, the one users know and configure
	private static final Log logger = LogFactory.getLog(BraintrustSpanProcessor.class);

	/** How often a paused worker looks again at the breaker and at shutdown. */
	private static final long MAX_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

	/** How often the worker looks for spooled spans when it found none. */
	private static final long SPOOL_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

	private final BraintrustSpanExporter exporter;

	private final ExportQueue queue;

	private final BraintrustExportStatus status;

	private final BraintrustExportSettings settings;

	private final int maxBatchSize;

	private final long scheduleDelayNanos;

	private final @Nullable SpanSpool spool;

	private final Thread thread;

	private final Queue<CompletableResultCode> flushes = new ConcurrentLinkedQueue<>();

	private final CompletableResultCode done = new CompletableResultCode();

	private volatile boolean stopping;

	private volatile long stopDeadline = Long.MAX_VALUE;

	private volatile boolean flushRequested;

	ExportWorker(BraintrustExportSettings settings, ExportQueue queue, BraintrustExportStatus status,
			BraintrustSpanExporter exporter) {
		this.exporter = exporter;
		this.queue = queue;
		this.status = status;
		this.settings = settings;
		this.maxBatchSize = settings.maxBatchSize();
		this.scheduleDelayNanos = settings.scheduleDelay().toNanos();
		this.spool = (settings.spoolDirectory() != null)
				? SpanSpool.open(settings.spoolDirectory(), settings.spoolMaxSize(), status) : null;
		this.thread = new Thread(this::work, "braintrust-export");
		this.thread.setDaemon(true);
	}

	void start() {
		this.thread.start();
	}

	/**
	 * Send what is queued now, without waiting for the schedule delay.
	 * @param result completed once nothing is held any more, failed when a batch could
	 * not be sent
	 */
	void flush(CompletableResultCode result) {
		this.flushes.add(result);
		this.flushRequested = true;
		this.queue.wake();
	}

	/**
	 * Send what is held until {@code deadline}, then stop.
	 * @param deadline the {@link System#nanoTime()} after which nothing more is sent
	 * @return completed once the worker has stopped, failed if spans were left unsent
	 */
	CompletableResultCode stop(long deadline) {
		this.stopDeadline = deadline;
		this.exporter.stopRetrying();
		this.stopping = true;
		this.queue.wake();
		return this.done;
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
					// the schedule
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
				// request settling as "send again", never as exported
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
		Set<ExportQueue.QueuedSpan> held = Collections.newSetFromMap(new IdentityHashMap<>());
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
					+ "braintrust.export.shutdown-timeout (" + this.settings.shutdownTimeout().toMillis()
					+ "ms); they are counted dropped");
			failFlushes();
			this.done.fail();
		}
		else {
			completeFlushesIfEmpty();
			this.done.succeed();
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
		while (this.queue.heldSpans() > this.settings.maxQueueSize() / 2
				|| this.queue.heldBytes() > this.settings.maxQueueBytes() / 2) {
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
		List<SpanData> spooled = this.spool.next();
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
