package dev.braintrust.spring.boot.autoconfigure;

import dev.braintrust.spring.boot.trace.ContentStrippingSpanExporter;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.actuate.autoconfigure.tracing.SpanExporters;

/**
 * Wraps each exporter of Spring Boot 3's {@link SpanExporters} bean in a
 * {@link ContentStrippingSpanExporter}, as the Spring Boot 4 line does with its own.
 */
final class ContentStrippingExportersPostProcessor implements BeanPostProcessor {

	/** Spring Boot 3's bean of the exporters its span processor sends to. */
	static final String SPAN_EXPORTERS = "org.springframework.boot.actuate.autoconfigure.tracing.SpanExporters";

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		return (bean instanceof SpanExporters exporters)
				? SpanExporters.of(ContentStrippingSpanExporter.wrapAll(exporters)) : bean;
	}

}
