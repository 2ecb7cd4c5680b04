package dev.braintrust.spring.boot.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * Prepares the environment for the Braintrust starter, unless
 * {@code braintrust.enabled=false}:
 * <ul>
 * <li>defaults {@code management.tracing.sampling.probability} to 1.0 when the user has
 * not set it, so that no LLM call vanishes through Spring Boot's 10% default sampling;
 * <li>maps the Braintrust SDKs' environment variables ({@code BRAINTRUST_API_KEY},
 * {@code BRAINTRUST_API_URL}, {@code BRAINTRUST_PROJECT}, {@code BRAINTRUST_PROJECT_ID})
 * to {@code braintrust.*} properties. A {@code braintrust.*} property set anywhere else
 * (application.yml, system property, command line) wins over the environment variable,
 * although relaxed binding alone would let the environment variable win.
 * </ul>
 * Runs last, after the configuration files are loaded, from the environment
 * post-processor of each Spring Boot generation.
 */
final class BraintrustEnvironment {

	static final String SAMPLING_PROBABILITY = "management.tracing.sampling.probability";

	static final String DEFAULTS_SOURCE = "braintrustDefaults";

	static final String ENVIRONMENT_VARIABLES_SOURCE = "braintrustEnvironmentVariables";

	private static final Map<String, String> ENVIRONMENT_VARIABLES = Map.of("BRAINTRUST_API_KEY", "braintrust.api-key",
			"BRAINTRUST_API_URL", "braintrust.api-url", "BRAINTRUST_PROJECT", "braintrust.project",
			"BRAINTRUST_PROJECT_ID", "braintrust.project-id");

	private final Log logger;

	BraintrustEnvironment(Log logger) {
		this.logger = logger;
	}

	/**
	 * Prepare the environment (what the {@code BraintrustEnvironmentPostProcessor} of
	 * each Spring Boot generation does).
	 * @param environment the application's environment
	 */
	void prepare(ConfigurableEnvironment environment) {
		if (!Binder.get(environment).bind("braintrust.enabled", Boolean.class).orElse(true)) {
			return;
		}
		mapEnvironmentVariables(environment);
		defaultSamplingProbability(environment);
	}

	private void defaultSamplingProbability(ConfigurableEnvironment environment) {
		if (Binder.get(environment).bind(SAMPLING_PROBABILITY, String.class).isBound()) {
			return;
		}
		environment.getPropertySources()
			.addLast(new MapPropertySource(DEFAULTS_SOURCE, Map.of(SAMPLING_PROBABILITY, "1.0")));
		this.logger.info("Braintrust: " + SAMPLING_PROBABILITY
				+ " is not set, defaulting it to 1.0 so that every LLM call is traced "
				+ "(Spring Boot's default samples 10%). Set it explicitly to change this.");
	}

	private void mapEnvironmentVariables(ConfigurableEnvironment environment) {
		PropertySource<?> systemEnvironment = environment.getPropertySources()
			.get(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
		if (systemEnvironment == null) {
			return;
		}
		Map<String, Object> mapped = new LinkedHashMap<>();
		ENVIRONMENT_VARIABLES.forEach((variable, property) -> {
			Object value = systemEnvironment.getProperty(variable);
			if (value == null) {
				return;
			}
			Object explicit = explicitValue(environment, systemEnvironment, property);
			mapped.put(property, (explicit != null) ? explicit : value);
		});
		dropProjectConflictingWithExplicitOne(environment, systemEnvironment, mapped);
		if (!mapped.isEmpty()) {
			// Just above the system environment, so that it beats relaxed binding of the
			// variable itself and everything above it (command line, ...) still wins.
			environment.getPropertySources()
				.addBefore(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
						new MapPropertySource(ENVIRONMENT_VARIABLES_SOURCE, mapped));
		}
	}

	/**
	 * A project ID set explicitly must not be combined with a BRAINTRUST_PROJECT variable
	 * (and vice versa): the explicit choice wins. The other one is blanked rather than
	 * left out, because relaxed binding would otherwise still bind the variable.
	 */
	private void dropProjectConflictingWithExplicitOne(ConfigurableEnvironment environment,
			PropertySource<?> systemEnvironment, Map<String, Object> mapped) {
		if (explicitValue(environment, systemEnvironment, "braintrust.project-id") != null
				&& explicitValue(environment, systemEnvironment, "braintrust.project") == null) {
			mapped.computeIfPresent("braintrust.project", (key, value) -> "");
		}
		if (explicitValue(environment, systemEnvironment, "braintrust.project") != null
				&& explicitValue(environment, systemEnvironment, "braintrust.project-id") == null) {
			mapped.computeIfPresent("braintrust.project-id", (key, value) -> "");
		}
	}

	private @Nullable Object explicitValue(ConfigurableEnvironment environment, PropertySource<?> systemEnvironment,
			String property) {
		ConfigurationPropertyName name = ConfigurationPropertyName.of(property);
		for (PropertySource<?> source : environment.getPropertySources()) {
			if (source == systemEnvironment
					|| ConfigurationPropertySources.isAttachedConfigurationPropertySource(source)
					|| ENVIRONMENT_VARIABLES_SOURCE.equals(source.getName())) {
				continue;
			}
			ConfigurationPropertySource configurationSource = ConfigurationPropertySource.from(source);
			ConfigurationProperty candidate = (configurationSource != null)
					? configurationSource.getConfigurationProperty(name) : null;
			if (candidate != null) {
				return candidate.getValue();
			}
		}
		return null;
	}

}
