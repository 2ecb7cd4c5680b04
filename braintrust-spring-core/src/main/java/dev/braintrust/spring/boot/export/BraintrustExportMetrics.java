package dev.braintrust.spring.boot.export;

import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Exporter counters: {@code braintrust.export.spans} tagged
 * {@code result=exported|failed|dropped}; gauges of what the queue holds.
 */
public final class BraintrustExportMetrics implements MeterBinder {

	/**
	 * Name of the counter of spans handled by the exporter.
	 */
	public static final String SPANS = "braintrust.export.spans";

	/**
	 * Name of the gauge of spans held for export.
	 */
	public static final String QUEUED_SPANS = "braintrust.export.queue.spans";

	/**
	 * Name of the gauge of the estimated size of the spans held for export.
	 */
	public static final String QUEUED_BYTES = "braintrust.export.queue.bytes";

	private final BraintrustExportStatus status;

	/**
	 * Create a binder exposing the counts of the given status.
	 * @param status the exporter's status
	 */
	public BraintrustExportMetrics(BraintrustExportStatus status) {
		this.status = status;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		register(registry, "exported", "Spans accepted by Braintrust", BraintrustExportStatus::getExportedSpans);
		register(registry, "failed", "Spans Braintrust refused (a 4xx about their destination, a rejected key)",
				BraintrustExportStatus::getFailedSpans);
		register(registry, "dropped",
				"Spans dropped because the queue was at its bound, or left unsent when the application stopped",
				BraintrustExportStatus::getDroppedSpans);
		Gauge.builder(QUEUED_SPANS, this.status, BraintrustExportStatus::getQueuedSpans)
			.description("Spans held for export (queued or in flight)")
			.baseUnit("spans")
			.register(registry);
		Gauge.builder(QUEUED_BYTES, this.status, BraintrustExportStatus::getQueuedBytes)
			.description("Estimated size of the spans held for export")
			.baseUnit("bytes")
			.register(registry);
	}

	private void register(MeterRegistry registry, String result, String description,
			ToDoubleFunction<BraintrustExportStatus> count) {
		FunctionCounter.builder(SPANS, this.status, count)
			.tag("result", result)
			.description(description)
			.baseUnit("spans")
			.register(registry);
	}

}
