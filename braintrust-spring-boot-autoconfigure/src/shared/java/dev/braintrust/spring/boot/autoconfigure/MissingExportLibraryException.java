package dev.braintrust.spring.boot.autoconfigure;

/**
 * {@code braintrust.api-key} is set but the libraries that export needs are not on the
 * classpath.
 */
final class MissingExportLibraryException extends IllegalStateException {

	MissingExportLibraryException() {
		super("braintrust.api-key is set but io.opentelemetry:opentelemetry-exporter-otlp "
				+ "(OkHttp and the OTLP encoding) is not on the classpath");
	}

}
