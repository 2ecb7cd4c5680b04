package dev.braintrust.spring.boot.testsupport;

import java.util.List;
import java.util.Map;

import io.opentelemetry.sdk.trace.export.SpanExporter;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.SpanExporters;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.ApplicationContext;

/**
 * What the shared tests of the Boot layer need from one Spring Boot generation (here
 * Spring Boot 4): its auto-configurations, and its health and span-exporter types read
 * into plain values.
 */
public final class BootLine {

	/** The OpenTelemetry SDK (tracer provider, resource). */
	public static final Class<?> OPEN_TELEMETRY_SDK = OpenTelemetrySdkAutoConfiguration.class;

	/** Spans of the SDK, with Boot's span processor over its span exporters. */
	public static final Class<?> OPEN_TELEMETRY_TRACING = OpenTelemetryTracingAutoConfiguration.class;

	/** Boot's own OTLP span exporter. */
	public static final Class<?> OTLP_TRACING = OtlpTracingAutoConfiguration.class;

	/** Micrometer Tracing (the observation handlers that make spans). */
	public static final Class<?> MICROMETER_TRACING = MicrometerTracingAutoConfiguration.class;

	/** The observation registry. */
	public static final Class<?> OBSERVATION = ObservationAutoConfiguration.class;

	/** Metrics: the meter filters applied to the registries. */
	public static final Class<?> METRICS = MetricsAutoConfiguration.class;

	/** The composite meter registry. */
	public static final Class<?> COMPOSITE_METER_REGISTRY = CompositeMeterRegistryAutoConfiguration.class;

	/** The simple meter registry. */
	public static final Class<?> SIMPLE_METRICS_EXPORT = SimpleMetricsExportAutoConfiguration.class;

	/** The application's JSON mapper. */
	public static final Class<?> JACKSON = JacksonAutoConfiguration.class;

	/** Bean validation (a proxy of the application's own on validated beans). */
	public static final Class<?> VALIDATION = ValidationAutoConfiguration.class;

	/** The property of the endpoint of Boot's own OTLP span exporter. */
	public static final String OTLP_TRACING_ENDPOINT = "management.opentelemetry.tracing.export.otlp.endpoint";

	private BootLine() {
	}

	/**
	 * A health indicator's answer.
	 * @param indicator the indicator
	 * @return its status code, details and text
	 */
	public static HealthView health(Object indicator) {
		Health health = ((HealthIndicator) indicator).health();
		return new HealthView(health.getStatus().getCode(), health.getDetails(), health.toString());
	}

	/**
	 * The exporters Boot's span processor sends to.
	 * @param context the application context
	 * @return the exporters
	 */
	public static List<SpanExporter> spanExporters(ApplicationContext context) {
		return context.getBean(SpanExporters.class).list();
	}

	/**
	 * A health indicator's answer, as plain values.
	 *
	 * @param status the status code ({@code UP}, {@code UNKNOWN}, ...)
	 * @param details the details
	 * @param text the health's text form
	 */
	public record HealthView(String status, Map<String, Object> details, String text) {
	}

}
