package dev.braintrust.spring.boot.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import dev.braintrust.spring.boot.trace.ContentStrippingSpanExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;

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

	static final String SPAN_EXPORTERS = "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.SpanExporters";

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (!(bean instanceof SpanExporters exporters)) {
			return bean;
		}
		List<SpanExporter> wrapped = new ArrayList<>();
		for (SpanExporter exporter : exporters) {
			wrapped.add(isWrapped(exporter) ? exporter : new ContentStrippingSpanExporter(exporter));
		}
		return SpanExporters.of(wrapped);
	}

	private static boolean isWrapped(SpanExporter exporter) {
		// An exporter of the starter itself (none is a bean today) sends to Braintrust.
		return exporter instanceof ContentStrippingSpanExporter
				|| exporter.getClass().getName().startsWith("dev.braintrust.spring.boot.");
	}

}
