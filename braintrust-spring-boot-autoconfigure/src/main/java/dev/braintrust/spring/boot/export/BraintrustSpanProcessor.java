package dev.braintrust.spring.boot.export;

import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The {@link SpanProcessor} that feeds Braintrust. Spring Boot adds it to its tracer
 * provider next to its own processor, so Braintrust has its own bounded queue and worker:
 * a slow or unavailable Braintrust never delays the application or its other exporters.
 * <p>
 * {@code span.end()} only takes a permit and enqueues; when the {@code max-queue-size}
 * permits are taken (spans queued or being sent) the span is dropped and counted, never
 * waited for.
 */
public final class BraintrustSpanProcessor implements SpanProcessor {

	private static final Log logger = LogFactory.getLog(BraintrustSpanProcessor.class);

	private final BatchSpanProcessor delegate;

	private final Semaphore capacity;

	private final boolean filterAiSpans;

	private final BraintrustExportStatus status;

	private final long shutdownTimeoutNanos;

	private final AtomicBoolean overflowLogged = new AtomicBoolean();

	private final AtomicReference<@Nullable CompletableResultCode> shutdownResult = new AtomicReference<>();

	/**
	 * Create a processor that exports to Braintrust over OTLP http/protobuf.
	 * @param settings the export settings
	 * @param status the status this processor reports to
	 */
	public BraintrustSpanProcessor(BraintrustExportSettings settings, BraintrustExportStatus status) {
		this(settings, status, new BraintrustSpanExporter(settings, status));
	}

	BraintrustSpanProcessor(BraintrustExportSettings settings, BraintrustExportStatus status, SpanExporter exporter) {
		this.capacity = new Semaphore(settings.maxQueueSize());
		this.filterAiSpans = settings.filterAiSpans();
		this.status = status;
		this.shutdownTimeoutNanos = settings.shutdownTimeout().toNanos();
		this.delegate = BatchSpanProcessor.builder(new PermitReleasingExporter(exporter, this.capacity))
			.setMaxQueueSize(settings.maxQueueSize())
			.setMaxExportBatchSize(settings.maxBatchSize())
			.setScheduleDelay(settings.scheduleDelay())
			.setExporterTimeout(settings.timeout())
			.setMeterProvider(MeterProvider::noop)
			.build();
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
		if (!this.capacity.tryAcquire()) {
			this.status.recordDropped(1);
			if (this.overflowLogged.compareAndSet(false, true)) {
				logger.warn("Braintrust export queue is full; spans are dropped and counted "
						+ "(braintrust.export.spans{result=dropped}). Consider raising braintrust.export.max-queue-size");
			}
			return;
		}
		this.delegate.onEnd(span);
	}

	@Override
	public boolean isEndRequired() {
		return true;
	}

	@Override
	public CompletableResultCode forceFlush() {
		return this.delegate.forceFlush();
	}

	/**
	 * Flush pending spans and stop. Idempotent: Spring closes this bean and the tracer
	 * provider shuts down its processors, whichever comes first does the work. The result
	 * completes within {@code braintrust.export.shutdown-timeout} whoever waits for it:
	 * Spring Boot's tracer provider, closed before this bean, would otherwise wait for an
	 * unresponsive backend up to its own limit.
	 * @return the result of the shutdown, failed if the pending spans could not be sent
	 * within the shutdown timeout
	 */
	@Override
	public CompletableResultCode shutdown() {
		CompletableResultCode result = new CompletableResultCode();
		if (!this.shutdownResult.compareAndSet(null, result)) {
			CompletableResultCode existing = this.shutdownResult.get();
			return (existing != null) ? existing : result;
		}
		CompletableResultCode delegateResult = this.delegate.shutdown();
		delegateResult.whenComplete(() -> {
			if (delegateResult.isSuccess()) {
				result.succeed();
			}
			else {
				result.fail();
			}
		});
		if (!result.isDone()) {
			CompletableFuture.delayedExecutor(this.shutdownTimeoutNanos, TimeUnit.NANOSECONDS)
				.execute(() -> giveUp(result));
		}
		return result;
	}

	private void giveUp(CompletableResultCode result) {
		if (!result.isDone()) {
			logger.warn("Braintrust export did not flush pending spans within braintrust.export.shutdown-timeout ("
					+ this.shutdownTimeoutNanos / 1_000_000 + "ms); they are lost");
			result.fail();
		}
	}

	/**
	 * Shut down, waiting at most {@code braintrust.export.shutdown-timeout} for pending
	 * spans to be sent.
	 */
	@Override
	public void close() {
		shutdown().join(this.shutdownTimeoutNanos, TimeUnit.NANOSECONDS);
	}

	@Override
	public String toString() {
		return "BraintrustSpanProcessor[" + this.status + "]";
	}

	/**
	 * Gives the queue permits back once a batch has been sent (or given up on), so that
	 * the permits count spans queued and in flight.
	 */
	private static final class PermitReleasingExporter implements SpanExporter {

		private final SpanExporter delegate;

		private final Semaphore capacity;

		PermitReleasingExporter(SpanExporter delegate, Semaphore capacity) {
			this.delegate = delegate;
			this.capacity = capacity;
		}

		@Override
		public CompletableResultCode export(Collection<SpanData> spans) {
			// Counted now: BatchSpanProcessor passes a view of its batch, which it clears
			// and refills once the export timeout has passed, before a slow export ends
			int count = spans.size();
			CompletableResultCode result;
			try {
				result = this.delegate.export(spans);
			}
			catch (RuntimeException ex) {
				this.capacity.release(count);
				throw ex;
			}
			result.whenComplete(() -> this.capacity.release(count));
			return result;
		}

		@Override
		public CompletableResultCode flush() {
			return this.delegate.flush();
		}

		@Override
		public CompletableResultCode shutdown() {
			return this.delegate.shutdown();
		}

	}

}
