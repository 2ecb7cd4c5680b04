package dev.braintrust.spring.boot.autoconfigure;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import dev.braintrust.spring.boot.export.BraintrustExportSettings;
import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each {@code braintrust.export.*} property reaches the export settings as itself.
 */
class ExportPropertiesTests {

	private static final URI API_URL = URI.create("https://api.example.com/");

	@Test
	void everyPropertyReachesItsSetting() {
		ExportProperties properties = new ExportProperties();
		properties.setFilterAiSpans(false);
		properties.setTimeout(Duration.ofSeconds(3));
		properties.setMaxQueueSize(300);
		properties.setMaxQueueBytes(DataSize.ofMegabytes(2));
		properties.setMaxBatchSize(30);
		properties.setScheduleDelay(Duration.ofMillis(300));
		properties.getRetry().setMaxAttempts(4);
		properties.getRetry().setInitialBackoff(Duration.ofMillis(40));
		properties.getRetry().setMaxBackoff(Duration.ofMillis(400));
		properties.getCircuitBreaker().setFailureThreshold(7);
		properties.getCircuitBreaker().setOpenDuration(Duration.ofSeconds(70));
		properties.setShutdownTimeout(Duration.ofSeconds(8));
		properties.getSpool().setDirectory(Path.of("spool"));
		properties.getSpool().setMaxSize(DataSize.ofMegabytes(32));
		BraintrustExportSettings settings = properties.toSettings(API_URL, "sk-test", "project_id:p");
		assertThat(settings).isEqualTo(new BraintrustExportSettings(
				URI.create("https://api.example.com/otel/v1/traces"), "sk-test", "project_id:p", false,
				Duration.ofSeconds(3), 300, 2L << 20, 30, Duration.ofMillis(300), 4, Duration.ofMillis(40),
				Duration.ofMillis(400), 7, Duration.ofSeconds(70), Duration.ofSeconds(8), Path.of("spool"), 32L << 20));
	}

	@Test
	void endpointDefaultsToTheTracesPathUnderTheApiUrl() {
		ExportProperties properties = new ExportProperties();
		assertThat(properties.toSettings(API_URL, "sk-test", null).endpoint())
			.isEqualTo(URI.create("https://api.example.com/otel/v1/traces"));
		properties.setEndpoint(URI.create("http://otel-collector:4318/v1/traces"));
		assertThat(properties.toSettings(API_URL, "sk-test", null).endpoint())
			.isEqualTo(URI.create("http://otel-collector:4318/v1/traces"));
	}

}
