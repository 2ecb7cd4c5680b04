package dev.braintrust.spring.boot.autoconfigure;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Spring Boot 3's hook for {@link BraintrustEnvironment}: runs it last, after the
 * configuration files are loaded.
 */
class BraintrustEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	private final BraintrustEnvironment braintrustEnvironment;

	BraintrustEnvironmentPostProcessor(DeferredLogFactory logFactory) {
		this.braintrustEnvironment = new BraintrustEnvironment(
				logFactory.getLog(BraintrustEnvironmentPostProcessor.class));
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		this.braintrustEnvironment.prepare(environment);
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
