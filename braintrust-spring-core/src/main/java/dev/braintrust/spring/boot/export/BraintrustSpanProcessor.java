package dev.braintrust.spring.boot.export;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import io.opentelemetry.sdk.common.CompletableResultCode;
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
public final class BraintrustSpanProcessor implements OnEndSpanProcessor {

	private static final Log logger = LogFactory.getLog(BraintrustSpanProcessor.class);

	private final ExportQueue queue;

	private final ExportWorker worker;

	private final BraintrustExportStatus status;

	private final boolean filterAiSpans;

	private final int maxBatchSize;

	private final long shutdownTimeoutNanos;

	private final AtomicBoolean overflowLogged = new AtomicBoolean();

	private final AtomicReference<@Nullable CompletableResultCode> shutdownResult = new AtomicReference<>();

	private volatile boolean accepting = true;

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
		this.queue = new ExportQueue(settings.maxQueueSize(), settings.maxQueueBytes());
		this.status = status;
		this.filterAiSpans = settings.filterAiSpans();
		this.maxBatchSize = settings.maxBatchSize();
		this.shutdownTimeoutNanos = settings.shutdownTimeout().toNanos();
		status.attach(this.queue);
		this.worker = new ExportWorker(settings, this.queue, status, exporter);
		this.worker.start();
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
		this.worker.flush(result);
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
		CompletableResultCode workerDone = this.worker.stop(System.nanoTime() + this.shutdownTimeoutNanos);
		workerDone.whenComplete(() -> {
			if (workerDone.isSuccess()) {
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

}
