package dev.braintrust.spring.boot.testsupport;

import java.util.List;
import java.util.Map;

import io.opentelemetry.sdk.trace.export.SpanExporter;

import org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.observation.ObservationAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.opentelemetry.OpenTelemetryAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.tracing.MicrometerTracingAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.tracing.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.tracing.SpanExporters;
import org.springframework.boot.actuate.autoconfigure.tracing.otlp.OtlpTracingAutoConfiguration;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.validation.ValidationAutoConfiguration;
import org.springframework.context.ApplicationContext;

/**
 * What the shared tests of the Boot layer need from Spring Boot 3 (the same members as
 * the Spring Boot 4 line's {@code BootLine}, on Spring Boot 3's classes).
 */
public final class BootLine {

	public static final Class<?> OPEN_TELEMETRY_SDK = OpenTelemetryAutoConfiguration.class;

	public static final Class<?> OPEN_TELEMETRY_TRACING = OpenTelemetryTracingAutoConfiguration.class;

	public static final Class<?> OTLP_TRACING = OtlpTracingAutoConfiguration.class;

	public static final Class<?> MICROMETER_TRACING = MicrometerTracingAutoConfiguration.class;

	public static final Class<?> OBSERVATION = ObservationAutoConfiguration.class;

	public static final Class<?> METRICS = MetricsAutoConfiguration.class;

	public static final Class<?> COMPOSITE_METER_REGISTRY = CompositeMeterRegistryAutoConfiguration.class;

	public static final Class<?> SIMPLE_METRICS_EXPORT = SimpleMetricsExportAutoConfiguration.class;

	public static final Class<?> JACKSON = JacksonAutoConfiguration.class;

	public static final Class<?> VALIDATION = ValidationAutoConfiguration.class;

	public static final String OTLP_TRACING_ENDPOINT = "management.otlp.tracing.endpoint";

	private BootLine() {
	}

	public static HealthView health(Object indicator) {
		Health health = ((HealthIndicator) indicator).health();
		return new HealthView(health.getStatus().getCode(), health.getDetails(), health.toString());
	}

	public static List<SpanExporter> spanExporters(ApplicationContext context) {
		return context.getBean(SpanExporters.class).list();
	}

	public record HealthView(String status, Map<String, Object> details, String text) {
	}

}
