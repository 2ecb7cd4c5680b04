package dev.braintrust.spring.boot.autoconfigure;

import dev.braintrust.spring.boot.integration.IntegrationRegistry;
import dev.braintrust.spring.boot.trace.InstrumentationFailureListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;

/**
 * Counts the failures of the instrumentation itself: per integration in the registry (the
 * integrations endpoint shows the count and the last failure's type), and in the
 * {@value #METER} counter, tagged with the integration and the step, when there is a
 * meter registry.
 */
final class InstrumentationFailureCounter implements InstrumentationFailureListener {

	static final String METER = "braintrust.instrumentation.failures";

	private final IntegrationRegistry registry;

	private final ObjectProvider<MeterRegistry> meterRegistry;

	InstrumentationFailureCounter(IntegrationRegistry registry, ObjectProvider<MeterRegistry> meterRegistry) {
		this.registry = registry;
		this.meterRegistry = meterRegistry;
	}

	@Override
	public void onFailure(String integration, String step, Throwable failure) {
		this.registry.recordInstrumentationFailure(integration, step, failure);
		MeterRegistry meters = meters();
		if (meters != null) {
			Counter.builder(METER)
				.description("Failures of the instrumentation itself; the instrumented calls were unaffected")
				.tag("integration", integration)
				.tag("step", step)
				.register(meters)
				.increment();
		}
	}

	private @Nullable MeterRegistry meters() {
		return this.meterRegistry.getIfUnique();
	}

}
