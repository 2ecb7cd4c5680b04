package dev.braintrust.spring.boot.actuate;

import java.util.List;

import dev.braintrust.spring.boot.autoconfigure.BraintrustProperties;
import dev.braintrust.spring.boot.integration.IntegrationInfo;
import dev.braintrust.spring.boot.integration.IntegrationRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * {@code /actuator/integrations}: every integration of the starter, its state, and where
 * spans go. Never shows the API key, only whether one is configured.
 */
@Endpoint(id = "integrations")
public class IntegrationsEndpoint {

	private final IntegrationRegistry registry;

	private final BraintrustProperties properties;

	/**
	 * Creates the endpoint.
	 * @param registry the integration registry
	 * @param properties the starter's properties, for the exporter section
	 */
	public IntegrationsEndpoint(IntegrationRegistry registry, BraintrustProperties properties) {
		this.registry = registry;
		this.properties = properties;
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
		if (!this.properties.hasApiKey()) {
			return new ExporterDescriptor("local", null, "not configured");
		}
		String base = this.properties.getApiUrl().toString();
		String endpoint = (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/otel/v1/traces";
		return new ExporterDescriptor("braintrust", endpoint, "configured");
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
