package dev.braintrust.spring.boot.autoconfigure;

import dev.braintrust.spring.boot.export.BraintrustExportMetrics;
import dev.braintrust.spring.boot.export.BraintrustExportSettings;
import dev.braintrust.spring.boot.export.BraintrustExportStatus;
import dev.braintrust.spring.boot.export.BraintrustProjects;
import dev.braintrust.spring.boot.export.BraintrustSpanProcessor;
import dev.braintrust.spring.boot.export.LocalSpanLogger;
import dev.braintrust.spring.boot.internal.HeaderValues;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.util.StringUtils;

/**
 * Export of LLM spans: to Braintrust over OTLP when {@code braintrust.api-key} is set,
 * otherwise local mode (spans logged, nothing sent). Contributes {@link SpanProcessor}
 * beans, which Spring Boot's {@code OpenTelemetryTracingAutoConfiguration} adds to its
 * tracer provider next to its own exporters; it defines no {@code SpanExporter} bean
 * (Boot would export through it a second time) and no {@link OtlpHttpSpanExporter} bean
 * (Boot's own OTLP exporter would back off). Export uses the OkHttp client and the OTLP
 * encoding that {@code io.opentelemetry:opentelemetry-exporter-otlp} brings.
 */
@AutoConfiguration(after = BraintrustAutoConfiguration.class, beforeName = {
		// Spring Boot 4
		"org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration",
		"org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingAutoConfiguration",
		// Spring Boot 3
		"org.springframework.boot.actuate.autoconfigure.tracing.OpenTelemetryTracingAutoConfiguration",
		"org.springframework.boot.actuate.autoconfigure.tracing.otlp.OtlpTracingAutoConfiguration" })
@ConditionalOnClass({ SdkTracerProvider.class, SpanProcessor.class })
@ConditionalOnBooleanProperty(name = "braintrust.enabled", matchIfMissing = true)
@EnableConfigurationProperties(BraintrustProperties.class)
@Import(BraintrustHealthConfiguration.class)
public final class BraintrustExportAutoConfiguration {

	private static final Log logger = LogFactory.getLog("dev.braintrust.spring.boot.export");

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

	/**
	 * The {@code x-bt-parent} of spans without their own: a project name that cannot be
	 * sent in a header (non-ASCII) is resolved to its id through the Braintrust API,
	 * once.
	 */
	static @Nullable String sendableDefaultParent(BraintrustProperties properties, String apiKey) {
		String parent = defaultParent(properties);
		if (parent == null || HeaderValues.isSendable(parent)) {
			return parent;
		}
		String project = properties.getProject().strip();
		String id = BraintrustProjects.resolveId(properties.getApiUrl(), apiKey, project,
				properties.getExport().getTimeout());
		logger.info("Braintrust export: braintrust.project is not ASCII, so it cannot be sent in the x-bt-parent "
				+ "header; the Braintrust API resolved it to project id " + id + " (set braintrust.project-id=" + id
				+ " to skip this request at startup)");
		return "project_id:" + id;
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(
			name = { "okhttp3.OkHttpClient", "io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler" })
	@Conditional(OnApiKeyCondition.class)
	static class BraintrustExportConfiguration {

		@Bean
		@ConditionalOnMissingBean
		BraintrustExportSettings braintrustExportSettings(BraintrustProperties properties) {
			String apiKey = properties.getApiKey();
			String key = (apiKey != null) ? apiKey.strip() : "";
			return properties.getExport()
				.toSettings(properties.getApiUrl(), key, sendableDefaultParent(properties, key));
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
				BraintrustExportSettings settings, BraintrustProperties properties) {
			return new BraintrustExportStartupLogger(status, settings.defaultParent(),
					(properties.getExport().getEndpoint() != null) ? "braintrust.export.endpoint"
							: "braintrust.api-url");
		}

	}

	/**
	 * An API key without the libraries export needs (an application that depends on the
	 * auto-configuration artifact alone): startup fails, and
	 * {@link MissingExportLibraryFailureAnalyzer} says which dependency to add.
	 */
	@Configuration(proxyBeanMethods = false)
	@Conditional({ OnApiKeyCondition.class, ExportLibraryMissingCondition.class })
	static class MissingExportLibraryConfiguration {

		@Bean
		@ConditionalOnMissingBean
		BraintrustExportStatus braintrustExportStatus() {
			throw new MissingExportLibraryException();
		}

	}

	static class ExportLibraryMissingCondition extends AnyNestedCondition {

		ExportLibraryMissingCondition() {
			super(ConfigurationPhase.REGISTER_BEAN);
		}

		@ConditionalOnMissingClass("okhttp3.OkHttpClient")
		static class OkHttpMissing {

		}

		@ConditionalOnMissingClass("io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler")
		static class OtlpEncodingMissing {

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
			return new BraintrustExportStartupLogger(status, null, "braintrust.api-url");
		}

	}

}
