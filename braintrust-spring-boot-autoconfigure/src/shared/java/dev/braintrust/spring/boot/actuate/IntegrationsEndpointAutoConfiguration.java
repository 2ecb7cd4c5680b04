package dev.braintrust.spring.boot.actuate;

import dev.braintrust.spring.boot.autoconfigure.BraintrustAutoConfiguration;
import dev.braintrust.spring.boot.autoconfigure.BraintrustExportAutoConfiguration;
import dev.braintrust.spring.boot.export.BraintrustExportStatus;
import dev.braintrust.spring.boot.integration.IntegrationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@link IntegrationsEndpoint}, available where the application
 * exposes it as any other actuator endpoint
 * ({@code management.endpoints.web.exposure.include=integrations}).
 */
@AutoConfiguration(after = { BraintrustAutoConfiguration.class, BraintrustExportAutoConfiguration.class })
@ConditionalOnClass(Endpoint.class)
@ConditionalOnBean(IntegrationRegistry.class)
@ConditionalOnAvailableEndpoint(IntegrationsEndpoint.class)
public final class IntegrationsEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	IntegrationsEndpoint integrationsEndpoint(IntegrationRegistry registry,
			ObjectProvider<BraintrustExportStatus> exportStatus) {
		return new IntegrationsEndpoint(registry, exportStatus.getIfAvailable());
	}

	@Bean
	@ConditionalOnMissingBean
	IntegrationsEndpointWebExtension integrationsEndpointWebExtension(IntegrationRegistry registry) {
		return new IntegrationsEndpointWebExtension(registry);
	}

}
