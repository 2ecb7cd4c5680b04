package dev.braintrust.spring.boot.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a {@link MissingExportLibraryException}: which dependency to add, or how to
 * run without export.
 */
class MissingExportLibraryFailureAnalyzer extends AbstractFailureAnalyzer<MissingExportLibraryException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, MissingExportLibraryException cause) {
		return new FailureAnalysis(
				"braintrust.api-key is set, so LLM spans are to be exported to Braintrust, but the OTLP exporter "
						+ "library is not on the classpath: export needs io.opentelemetry:opentelemetry-exporter-otlp "
						+ "(which brings OkHttp and the OTLP encoding).",
				"Depend on dev.braintrust.spring:braintrust-spring-boot-starter, which brings it, or add "
						+ "io.opentelemetry:opentelemetry-exporter-otlp to the application's dependencies. To run "
						+ "without export (spans logged locally), leave braintrust.api-key unset.",
				cause);
	}

}
