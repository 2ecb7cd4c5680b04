package dev.braintrust.spring.boot.autoconfigure;

import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import org.jspecify.annotations.Nullable;

import dev.braintrust.spring.boot.export.BraintrustExportMetrics;
import dev.braintrust.spring.boot.export.BraintrustExportSettings;
import dev.braintrust.spring.boot.export.BraintrustExportStatus;
import dev.braintrust.spring.boot.export.BraintrustHealthIndicator;
import dev.braintrust.spring.boot.export.BraintrustSpanProcessor;
import dev.braintrust.spring.boot.export.LocalSpanLogger;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;

/**
 * Export of LLM spans: to Braintrust over OTLP when {@code braintrust.api-key} is set,
 * otherwise local mode (spans logged, nothing sent). Contributes {@link SpanProcessor}
 * beans, which Spring Boot's {@code OpenTelemetryTracingAutoConfiguration} adds to its
 * tracer provider next to its own exporters; it defines no {@code SpanExporter} bean
 * (Boot would export through it a second time) and no {@link OtlpHttpSpanExporter} bean
 * (Boot's own OTLP exporter would back off).
 */
@AutoConfiguration(after = BraintrustAutoConfiguration.class, beforeName = {
		"org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration",
		"org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingAutoConfiguration" })
@ConditionalOnClass({ SdkTracerProvider.class, SpanProcessor.class })
@ConditionalOnBooleanProperty(name = "braintrust.enabled", matchIfMissing = true)
@EnableConfigurationProperties(BraintrustProperties.class)
public final class BraintrustExportAutoConfiguration {

	BraintrustExportAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	BraintrustExportMetrics braintrustExportMetrics(BraintrustExportStatus braintrustExportStatus) {
		return new BraintrustExportMetrics(braintrustExportStatus);
	}

	static @Nullable String defaultParent(BraintrustProperties properties) {
		if (StringUtils.hasText(properties.getProjectId())) {
			return "project_id:" + properties.getProjectId().strip();
		}
		if (StringUtils.hasText(properties.getProject())) {
			return "project_name:" + properties.getProject().strip();
		}
		return null;
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(OtlpHttpSpanExporter.class)
	@Conditional(OnApiKeyCondition.class)
	static class BraintrustExportConfiguration {

		@Bean
		@ConditionalOnMissingBean
		BraintrustExportSettings braintrustExportSettings(BraintrustProperties properties) {
			BraintrustProperties.Export export = properties.getExport();
			String apiKey = properties.getApiKey();
			return new BraintrustExportSettings(BraintrustExportSettings.tracesEndpoint(properties.getApiUrl()),
					(apiKey != null) ? apiKey.strip() : "", defaultParent(properties), export.isFilterAiSpans(),
					export.getTimeout(), export.getMaxQueueSize(), export.getMaxBatchSize(), export.getScheduleDelay(),
					export.getRetry().getMaxAttempts(), export.getRetry().getInitialBackoff(),
					export.getRetry().getMaxBackoff(), export.getCircuitBreaker().getFailureThreshold(),
					export.getCircuitBreaker().getOpenDuration(), export.getShutdownTimeout());
		}

		@Bean
		@ConditionalOnMissingBean
		BraintrustExportStatus braintrustExportStatus(BraintrustExportSettings settings) {
			return BraintrustExportStatus.braintrust(settings.endpoint().toString(), settings.failureThreshold(),
					settings.openDuration());
		}

		@Bean
		@ConditionalOnMissingBean
		BraintrustSpanProcessor braintrustSpanProcessor(BraintrustExportSettings settings,
				BraintrustExportStatus status) {
			return new BraintrustSpanProcessor(settings, status);
		}

		@Bean
		BraintrustExportStartupLogger braintrustExportStartupLogger(BraintrustExportStatus status,
				BraintrustExportSettings settings) {
			return new BraintrustExportStartupLogger(status, settings.defaultParent());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@Conditional(OnApiKeyCondition.Missing.class)
	static class LocalModeConfiguration {

		@Bean
		@ConditionalOnMissingBean
		BraintrustExportStatus braintrustExportStatus() {
			return BraintrustExportStatus.local();
		}

		@Bean
		@ConditionalOnMissingBean
		LocalSpanLogger braintrustLocalSpanLogger() {
			return new LocalSpanLogger();
		}

		@Bean
		BraintrustExportStartupLogger braintrustExportStartupLogger(BraintrustExportStatus status) {
			return new BraintrustExportStartupLogger(status, null);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
	@ConditionalOnEnabledHealthIndicator("braintrust")
	static class HealthConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "braintrustHealthIndicator")
		BraintrustHealthIndicator braintrustHealthIndicator(BraintrustExportStatus status) {
			return new BraintrustHealthIndicator(status);
		}

	}

}
