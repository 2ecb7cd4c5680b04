package dev.braintrust.spring.boot.actuate;

import java.util.Map;

import dev.braintrust.spring.boot.integration.IntegrationRegistry;
import dev.braintrust.spring.boot.integration.IntegrationRegistry.Toggle;

import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;

/**
 * Web extension of the {@link IntegrationsEndpoint}: {@code POST
 * /actuator/integrations/{name}} with {@code {"enabled":false}} switches an integration
 * off at runtime (its proxies become pass-throughs), and {@code {"enabled":true}} on
 * again. Unknown names answer 404; enabling an integration that wrapped nothing at
 * startup answers 409, since that takes a restart. The write operation is only mapped
 * with {@code management.endpoint.integrations.access=unrestricted}: the endpoint is
 * read-only by default.
 */
@EndpointWebExtension(endpoint = IntegrationsEndpoint.class)
public class IntegrationsEndpointWebExtension {

	private final IntegrationRegistry registry;

	/**
	 * Creates the extension.
	 * @param registry the integration registry
	 */
	public IntegrationsEndpointWebExtension(IntegrationRegistry registry) {
		this.registry = registry;
	}

	/**
	 * Switches an integration on or off.
	 * @param name the integration name
	 * @param enabled the new state
	 * @return the integration's new state, or an error status with a message
	 */
	@WriteOperation
	public WebEndpointResponse<Object> toggle(@Selector String name, boolean enabled) {
		Toggle toggle = this.registry.setEnabled(name, enabled);
		return switch (toggle) {
			case UPDATED ->
				new WebEndpointResponse<>(this.registry.find(name).orElseThrow(), WebEndpointResponse.STATUS_OK);
			case UNKNOWN -> new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
			case NOT_AVAILABLE -> new WebEndpointResponse<>(
					message(name, "its library is not on the classpath, so it cannot be enabled"), 409);
			case RESTART_REQUIRED ->
				new WebEndpointResponse<>(message(name, "it wrapped no bean at startup; set braintrust.integrations."
						+ name + ".enabled=true and restart the application"), 409);
		};
	}

	private static Map<String, String> message(String name, String reason) {
		return Map.of("name", name, "message", "Integration '" + name + "' was not enabled: " + reason);
	}

}
