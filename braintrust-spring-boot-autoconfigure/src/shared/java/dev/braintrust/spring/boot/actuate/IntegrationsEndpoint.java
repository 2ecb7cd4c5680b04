package dev.braintrust.spring.boot.actuate;

import java.util.List;

import dev.braintrust.spring.boot.export.BraintrustExportStatus;
import dev.braintrust.spring.boot.integration.IntegrationInfo;
import dev.braintrust.spring.boot.integration.IntegrationRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * {@code /actuator/integrations}: every integration of the starter, its state, and where
 * spans go. Never shows the API key, only whether one is configured.
 * <p>
 * Read-only by default: the write operation of its web extension, which switches tracing
 * off at runtime, needs {@code management.endpoint.integrations.access=unrestricted}, so
 * that exposing every endpoint ({@code management.endpoints.web.exposure.include=*}) does
 * not let anyone who reaches it turn tracing off.
 */
@Endpoint(id = "integrations", defaultAccess = Access.READ_ONLY)
public class IntegrationsEndpoint {

	private final IntegrationRegistry registry;

	private final @Nullable BraintrustExportStatus exportStatus;

	/**
	 * Creates the endpoint.
	 * @param registry the integration registry
	 * @param exportStatus the exporter's status, or {@code null} when the application has
	 * no span export (then the exporter section says {@code none})
	 */
	public IntegrationsEndpoint(IntegrationRegistry registry, @Nullable BraintrustExportStatus exportStatus) {
		this.registry = registry;
		this.exportStatus = exportStatus;
	}

	/**
	 * Lists every integration.
	 * @return the integrations and the exporter
	 */
	@ReadOperation
	public IntegrationsDescriptor integrations() {
		return new IntegrationsDescriptor(this.registry.all(), exporter());
	}

	/**
	 * Describes one integration.
	 * @param name the integration name
	 * @return the integration, or {@code null} (404) when unknown
	 */
	@ReadOperation
	public @Nullable IntegrationInfo integration(@Selector String name) {
		return this.registry.find(name).orElse(null);
	}

	private ExporterDescriptor exporter() {
		BraintrustExportStatus status = this.exportStatus;
		if (status == null) {
			return new ExporterDescriptor("none", null, "not configured");
		}
		return new ExporterDescriptor(status.getMode().value(), status.getEndpoint(),
				status.isApiKeyConfigured() ? "configured" : "not configured");
	}

	/**
	 * Response of {@code GET /actuator/integrations}.
	 *
	 * @param integrations every integration
	 * @param exporter where spans go
	 */
	public record IntegrationsDescriptor(List<IntegrationInfo> integrations,
			ExporterDescriptor exporter) implements OperationResponseBody {

	}

	/**
	 * Where spans go.
	 *
	 * @param mode {@code braintrust} when spans are exported, {@code local} when they are
	 * only logged
	 * @param endpoint the OTLP endpoint spans are sent to, in {@code braintrust} mode
	 * @param apiKey {@code configured} or {@code not configured}; never the key
	 */
	public record ExporterDescriptor(String mode, @Nullable String endpoint, String apiKey) {

	}

}
