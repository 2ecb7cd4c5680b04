package dev.braintrust.spring.boot.autoconfigure;

import dev.braintrust.spring.boot.trace.ErrorClassifier;
import dev.braintrust.spring.boot.trace.InstrumentationFailureListener;
import dev.braintrust.spring.boot.trace.LlmCallListener;
import dev.braintrust.spring.boot.trace.LlmSpanHandler;
import dev.braintrust.spring.boot.trace.LlmTracer;
import dev.braintrust.spring.boot.trace.SpanContentRedactor;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the tracing pipeline: the {@link LlmTracer} that integrations use
 * to turn model calls into spans (through the application's {@link OpenTelemetry} bean,
 * or a no-op one when there is none) and metrics (through the {@link MeterRegistry}, when
 * there is one).
 */
@AutoConfiguration(after = BraintrustAutoConfiguration.class, afterName = {
		"org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration",
		"org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration" })
@ConditionalOnBooleanProperty(name = "braintrust.enabled", matchIfMissing = true)
public final class BraintrustTracingAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(LlmTracer.class)
	LlmSpanHandler llmSpanHandler(BraintrustProperties properties, ObjectProvider<OpenTelemetry> openTelemetry,
			ObjectProvider<MeterRegistry> meterRegistry, ObjectProvider<LlmCallListener> listeners,
			ObjectProvider<ErrorClassifier> errorClassifiers, ObjectProvider<SpanContentRedactor> redactor,
			ObjectProvider<InstrumentationFailureListener> failureListeners) {
		BraintrustProperties.Trace trace = properties.getTrace();
		return LlmSpanHandler.builder(openTelemetry.getIfAvailable(OpenTelemetry::noop))
			.meterRegistry(meterRegistry.getIfUnique())
			.listeners(listeners.orderedStream().toList())
			.errorClassifiers(errorClassifiers.orderedStream().toList())
			.failureListeners(failureListeners.orderedStream().toList())
			.redactor(redactor.getIfUnique())
			.captureContent(properties::isCaptureContent)
			.maxContentLength((int) Math.min(Integer.MAX_VALUE, trace.getMaxContentLength().toBytes()))
			.genAiContent(trace.isGenAiContent())
			.build();
	}

}
