package dev.braintrust.spring.boot.autoconfigure;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.logging.DeferredLogs;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link BraintrustEnvironmentPostProcessor}.
 */
class BraintrustEnvironmentPostProcessorTests {

	private final DeferredLogs logs = new DeferredLogs();

	private final BraintrustEnvironmentPostProcessor postProcessor = new BraintrustEnvironmentPostProcessor(this.logs);

	private final Map<String, Object> systemEnvironment = new HashMap<>();

	private final Map<String, Object> applicationProperties = new HashMap<>();

	private StandardEnvironment process() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new SystemEnvironmentPropertySource(
					StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, this.systemEnvironment));
		environment.getPropertySources()
			.addLast(new MapPropertySource("application.properties", this.applicationProperties));
		ConfigurationPropertySources.attach(environment);
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		return environment;
	}

	private static String bind(StandardEnvironment environment, String name) {
		return Binder.get(environment).bind(name, String.class).orElse(null);
	}

	@Test
	void defaultsSamplingProbabilityToOneWhenAbsent() {
		StandardEnvironment environment = process();
		assertThat(environment.getProperty("management.tracing.sampling.probability", Float.class)).isEqualTo(1.0f);
		assertThat(environment.getPropertySources().get(BraintrustEnvironment.DEFAULTS_SOURCE)).isNotNull();
	}

	@Test
	void keepsUsersSamplingProbability() {
		this.applicationProperties.put("management.tracing.sampling.probability", "0.25");
		StandardEnvironment environment = process();
		assertThat(environment.getProperty("management.tracing.sampling.probability", Float.class)).isEqualTo(0.25f);
		assertThat(environment.getPropertySources().get(BraintrustEnvironment.DEFAULTS_SOURCE)).isNull();
	}

	@Test
	void keepsSamplingProbabilitySetThroughEnvironmentVariable() {
		this.systemEnvironment.put("MANAGEMENT_TRACING_SAMPLING_PROBABILITY", "0.5");
		StandardEnvironment environment = process();
		assertThat(environment.getProperty("management.tracing.sampling.probability", Float.class)).isEqualTo(0.5f);
	}

	@Test
	void mapsBraintrustEnvironmentVariables() {
		this.systemEnvironment.put("BRAINTRUST_API_KEY", "sk-env");
		this.systemEnvironment.put("BRAINTRUST_API_URL", "https://eu.braintrust.dev");
		this.systemEnvironment.put("BRAINTRUST_PROJECT", "from-env");
		StandardEnvironment environment = process();
		assertThat(bind(environment, "braintrust.api-key")).isEqualTo("sk-env");
		assertThat(environment.getProperty("braintrust.api-url")).isEqualTo("https://eu.braintrust.dev");
		assertThat(bind(environment, "braintrust.project")).isEqualTo("from-env");
	}

	@Test
	void mapsProjectIdEnvironmentVariable() {
		this.systemEnvironment.put("BRAINTRUST_PROJECT_ID", "p-42");
		assertThat(bind(process(), "braintrust.project-id")).isEqualTo("p-42");
	}

	@Test
	void explicitPropertiesWinOverEnvironmentVariables() {
		this.systemEnvironment.put("BRAINTRUST_API_KEY", "sk-env");
		this.systemEnvironment.put("BRAINTRUST_PROJECT", "from-env");
		this.applicationProperties.put("braintrust.api-key", "sk-explicit");
		this.applicationProperties.put("braintrust.project", "explicit");
		StandardEnvironment environment = process();
		assertThat(bind(environment, "braintrust.api-key")).isEqualTo("sk-explicit");
		assertThat(environment.getProperty("braintrust.api-key")).isEqualTo("sk-explicit");
		assertThat(bind(environment, "braintrust.project")).isEqualTo("explicit");
	}

	@Test
	void explicitProjectIdIsNotCombinedWithProjectEnvironmentVariable() {
		this.systemEnvironment.put("BRAINTRUST_PROJECT", "from-env");
		this.applicationProperties.put("braintrust.project-id", "p-1");
		StandardEnvironment environment = process();
		assertThat(bind(environment, "braintrust.project-id")).isEqualTo("p-1");
		// relaxed binding alone would bind BRAINTRUST_PROJECT to braintrust.project
		assertThat(bind(environment, "braintrust.project")).isNullOrEmpty();
	}

	@Test
	void doesNothingWhenDisabled() {
		this.applicationProperties.put("braintrust.enabled", "false");
		this.systemEnvironment.put("BRAINTRUST_API_KEY", "sk-env");
		StandardEnvironment environment = process();
		assertThat(environment.getPropertySources().get(BraintrustEnvironment.DEFAULTS_SOURCE)).isNull();
		assertThat(environment.getPropertySources().get(BraintrustEnvironment.ENVIRONMENT_VARIABLES_SOURCE)).isNull();
	}

	@Test
	void isRegisteredAndRunsLast() {
		// The environment post-processor interface of the Spring Boot generation at hand
		Class<?> hook = Arrays.stream(BraintrustEnvironmentPostProcessor.class.getInterfaces())
			.filter((type) -> type.getSimpleName().equals("EnvironmentPostProcessor"))
			.findFirst()
			.orElseThrow();
		assertThat(org.springframework.core.io.support.SpringFactoriesLoader.loadFactoryNames(hook,
				getClass().getClassLoader()))
			.contains(BraintrustEnvironmentPostProcessor.class.getName());
		assertThat(this.postProcessor.getOrder()).isEqualTo(org.springframework.core.Ordered.LOWEST_PRECEDENCE);
	}

}
