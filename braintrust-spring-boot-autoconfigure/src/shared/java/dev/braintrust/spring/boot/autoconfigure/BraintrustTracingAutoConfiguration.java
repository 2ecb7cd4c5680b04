package dev.braintrust.spring.boot.autoconfigure;

import java.nio.file.Path;

import dev.braintrust.spring.boot.integration.IntegrationRegistry;
import dev.braintrust.spring.boot.trace.ContentLimits;
import dev.braintrust.spring.boot.trace.ErrorClassifier;
import dev.braintrust.spring.boot.trace.InstrumentationFailureListener;
import dev.braintrust.spring.boot.trace.LlmCallDispatcher;
import dev.braintrust.spring.boot.trace.LlmCallListener;
import dev.braintrust.spring.boot.trace.LlmMetrics;
import dev.braintrust.spring.boot.trace.LlmSpanWriter;
import dev.braintrust.spring.boot.trace.LlmTracer;
import dev.braintrust.spring.boot.trace.OpenTelemetrySpanWriter;
import dev.braintrust.spring.boot.trace.SpanContentRedactor;
import dev.braintrust.spring.boot.trace.SpanOrigin;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * Auto-configuration of the tracing pipeline: the {@link LlmTracer} that integrations use
 * to turn model calls into spans (through the application's {@link OpenTelemetry} bean,
 * or a no-op one when there is none) and metrics (through the {@link MeterRegistry}, when
 * there is one), and the meter filter that bounds the models those metrics are tagged
 * with.
 */
@AutoConfiguration(after = BraintrustAutoConfiguration.class, afterName = {
		// Spring Boot 4
		"org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration",
		"org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration",
		// Spring Boot 3
		"org.springframework.boot.actuate.autoconfigure.opentelemetry.OpenTelemetryAutoConfiguration",
		"org.springframework.boot.actuate.autoconfigure.tracing.OpenTelemetryTracingAutoConfiguration",
		"org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
		"org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration" })
@ConditionalOnBooleanProperty(name = "braintrust.enabled", matchIfMissing = true)
@Import(ModelTagMeterFilterConfiguration.class)
public final class BraintrustTracingAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(LlmSpanWriter.class)
	OpenTelemetrySpanWriter llmSpanWriter(BraintrustProperties properties, ObjectProvider<OpenTelemetry> openTelemetry,
			ObjectProvider<SpanContentRedactor> redactor) {
		BraintrustProperties.Trace trace = properties.getTrace();
		BraintrustProperties.Environment environment = properties.getEnvironment();
		return OpenTelemetrySpanWriter.builder(openTelemetry.getIfAvailable(OpenTelemetry::noop))
			.redactor(redactor.getIfUnique())
			.genAiContent(trace.isGenAiContent())
			.legacyAttributes(trace.isGenAiLegacyAttributes())
			.callerLocation(trace.isCallerLocation())
			.origin(SpanOrigin.detect(environment.getType(), environment.getName(), System::getenv,
					Path.of(".env.braintrust")))
			.build();
	}

	@Bean
	@ConditionalOnMissingBean(LlmTracer.class)
	LlmCallDispatcher llmTracer(BraintrustProperties properties, IntegrationRegistry registry, LlmSpanWriter spanWriter,
			ObjectProvider<SdkTracerProvider> tracerProvider, ObjectProvider<LlmCallListener> listeners,
			ObjectProvider<ErrorClassifier> errorClassifiers,
			ObjectProvider<InstrumentationFailureListener> failureListeners) {
		return LlmCallDispatcher.builder(spanWriter)
			.listeners(listeners.orderedStream().toList())
			.errorClassifiers(errorClassifiers.orderedStream().toList())
			.failureListeners(failureListeners.orderedStream().toList())
			.captureContent(registry::capturesContent)
			.maxContentLength(
					maxContentLength(properties.getTrace().getMaxContentLength(), tracerProvider.getIfUnique()))
			.build();
	}

	/**
	 * The GenAI client metrics: a handler of the traced calls, next to the span writer.
	 */
	@Bean
	@ConditionalOnSingleCandidate(MeterRegistry.class)
	@ConditionalOnMissingBean
	LlmMetrics llmMetrics(MeterRegistry meterRegistry) {
		return new LlmMetrics(meterRegistry);
	}

	/**
	 * The bound of the JSON attributes: the OpenTelemetry SDK cuts every string attribute
	 * longer than its span limit
	 * ({@code management.opentelemetry.tracing.limits.max-attribute-value-length} with
	 * Spring Boot 4.1's SDK; read from the tracer provider on every generation) wherever
	 * it falls, leaving invalid JSON, so a lower limit wins over
	 * {@code braintrust.trace.max-content-length}. Below 16 characters no document fits
	 * either way; the handler's minimum is kept.
	 */
	static int maxContentLength(int configured, @Nullable SdkTracerProvider tracerProvider) {
		int limit = (tracerProvider != null) ? tracerProvider.getSpanLimits().getMaxAttributeValueLength()
				: Integer.MAX_VALUE;
		return Math.max(ContentLimits.MIN_MAX_CONTENT_LENGTH, Math.min(configured, limit));
	}

}
