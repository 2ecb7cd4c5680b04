package dev.braintrust.spring.boot.autoconfigure;

import dev.braintrust.spring.boot.trace.ContentStrippingSpanExporter;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * Keeps the content of LLM spans away from the application's other span exporters: Spring
 * Boot's {@code OpenTelemetryTracingAutoConfiguration} exports through one batch span
 * processor fed by its {@code SpanExporters} bean, which collects every
 * {@code SpanExporter} bean (Zipkin, OTLP, a user's own); each of those is wrapped in a
 * {@link ContentStrippingSpanExporter}. Braintrust's export and local mode's log are span
 * processors of their own, next to Boot's, and keep the content.
 * {@code braintrust.trace.content-to-other-exporters=true} turns this off.
 */
@AutoConfiguration
@ConditionalOnClass(name = ContentStrippingExportersPostProcessor.SPAN_EXPORTERS)
@ConditionalOnBooleanProperty(name = "braintrust.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "braintrust.trace.content-to-other-exporters", havingValue = false,
		matchIfMissing = true)
public final class BraintrustOtherExportersAutoConfiguration {

	@Bean
	static ContentStrippingExportersPostProcessor braintrustContentStrippingExportersPostProcessor() {
		return new ContentStrippingExportersPostProcessor();
	}

}
