package dev.braintrust.spring.boot.integration;

/**
 * State of an integration, as reported by the registry and the actuator endpoint.
 */
public enum IntegrationStatus {

	/**
	 * The library is present, compatible and enabled: its beans are instrumented.
	 */
	ACTIVE,

	/**
	 * Switched off by configuration or at runtime.
	 */
	DISABLED,

	/**
	 * The library is not on the classpath.
	 */
	NOT_AVAILABLE,

	/**
	 * The library version is outside the supported range, or the integration needs a
	 * newer starter.
	 */
	INCOMPATIBLE,

	/**
	 * Patching a bean failed; the bean was left as it was.
	 */
	FAILED

}
