package dev.braintrust.spring.boot.autoconfigure;

import dev.braintrust.spring.boot.trace.ContentStrippingSpanExporter;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.SpanExporters;

/**
 * Wraps each exporter of Spring Boot's {@link SpanExporters} bean, the exporters its
 * batch span processor sends every span to, in a {@link ContentStrippingSpanExporter}.
 * The {@code SpanExporter} beans themselves keep their class (an injection point that
 * names {@code OtlpHttpSpanExporter} still gets it); only the path Boot exports through
 * changes. The starter's own export is not in it: it is a span processor of its own.
 */
final class ContentStrippingExportersPostProcessor implements BeanPostProcessor {

	/** Spring Boot 4's bean of the exporters its span processor sends to. */
	static final String SPAN_EXPORTERS = "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.SpanExporters";

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		return (bean instanceof SpanExporters exporters)
				? SpanExporters.of(ContentStrippingSpanExporter.wrapAll(exporters)) : bean;
	}

}
