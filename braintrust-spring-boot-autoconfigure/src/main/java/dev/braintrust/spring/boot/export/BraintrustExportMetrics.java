package dev.braintrust.spring.boot.export;

import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Exporter counters: {@code braintrust.export.spans} tagged
 * {@code result=exported|failed|dropped}.
 */
public final class BraintrustExportMetrics implements MeterBinder {

	/**
	 * Name of the counter of spans handled by the exporter.
	 */
	public static final String SPANS = "braintrust.export.spans";

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
		register(registry, "failed", "Spans whose export failed after retries", BraintrustExportStatus::getFailedSpans);
		register(registry, "dropped", "Spans dropped because the queue was full or the circuit breaker open",
				BraintrustExportStatus::getDroppedSpans);
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
