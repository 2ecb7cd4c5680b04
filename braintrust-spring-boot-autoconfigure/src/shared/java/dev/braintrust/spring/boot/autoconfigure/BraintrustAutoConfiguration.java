package dev.braintrust.spring.boot.autoconfigure;

import dev.braintrust.spring.boot.integration.Integration;
import dev.braintrust.spring.boot.integration.IntegrationPatchingPostProcessor;
import dev.braintrust.spring.boot.integration.IntegrationRegistry;
import dev.braintrust.spring.boot.trace.LazyTracer;
import dev.braintrust.spring.boot.trace.LlmTracer;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;

/**
 * Core auto-configuration of the Braintrust starter: its properties, the
 * {@link IntegrationRegistry} that registers every {@link Integration} bean, and the
 * post-processor that lets integrations wrap library beans.
 * {@code braintrust.enabled=false} switches the whole starter off.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "braintrust.enabled", matchIfMissing = true)
@EnableConfigurationProperties(BraintrustProperties.class)
public final class BraintrustAutoConfiguration {

	@Bean
	static IntegrationPatchingPostProcessor braintrustIntegrationPatchingPostProcessor(
			ObjectProvider<IntegrationRegistry> registry) {
		return new IntegrationPatchingPostProcessor(registry);
	}

	@Bean
	@ConditionalOnMissingBean
	IntegrationRegistry braintrustIntegrationRegistry(ObjectProvider<Integration> integrations,
			BraintrustProperties properties, Environment environment, ResourceLoader resourceLoader,
			ApplicationEventPublisher eventPublisher) {
		ClassLoader classLoader = resourceLoader.getClassLoader();
		return new IntegrationRegistry(integrations.orderedStream().toList(),
				new IntegrationSettingsBinder(environment, properties.getTrace()),
				(classLoader != null) ? classLoader : BraintrustAutoConfiguration.class.getClassLoader(),
				eventPublisher);
	}

	/**
	 * The tracer every integration uses, looked up on the first traced call: integrations
	 * are created with the registry, while beans are still being post-processed.
	 */
	@Bean
	LazyTracer braintrustLazyTracer(ObjectProvider<LlmTracer> tracer) {
		return new LazyTracer(tracer);
	}

	@Bean
	IntegrationCallCounter braintrustIntegrationCallCounter(IntegrationRegistry registry) {
		return new IntegrationCallCounter(registry);
	}

	@Bean
	InstrumentationFailureCounter braintrustInstrumentationFailureCounter(IntegrationRegistry registry,
			ObjectProvider<MeterRegistry> meterRegistry) {
		return new InstrumentationFailureCounter(registry, meterRegistry);
	}

}
