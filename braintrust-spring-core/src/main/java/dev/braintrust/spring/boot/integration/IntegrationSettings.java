package dev.braintrust.spring.boot.integration;

/**
 * How an integration is configured at startup.
 *
 * @param enabled whether the integration may instrument beans
 * @param enabledBy the property that decided {@code enabled}, or {@code "default"}
 * @param captureContent whether the integration's spans record prompts and completions
 */
public record IntegrationSettings(boolean enabled, String enabledBy, boolean captureContent) {

	/**
	 * Settings of an integration nobody configured.
	 */
	public static final IntegrationSettings DEFAULTS = new IntegrationSettings(true, "default", true);

}
