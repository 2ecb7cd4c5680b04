package dev.braintrust.spring.boot.integrations.springai;

import dev.braintrust.spring.boot.autoconfigure.BraintrustAutoConfiguration;
import dev.braintrust.spring.boot.autoconfigure.BraintrustTracingAutoConfiguration;
import dev.braintrust.spring.boot.trace.LlmTracer;
import io.micrometer.observation.ObservationPredicate;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of the Spring AI integration. Its {@link SpringAiIntegration} is
 * always declared, so that the integrations endpoint reports whether Spring AI is on the
 * classpath; the beans that reference Spring AI exist only when it is.
 */
@AutoConfiguration(after = { BraintrustAutoConfiguration.class, BraintrustTracingAutoConfiguration.class })
@ConditionalOnBooleanProperty(name = "braintrust.enabled", matchIfMissing = true)
public final class SpringAiAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	SpringAiIntegration springAiIntegration(ObjectProvider<LlmTracer> tracer) {
		return new SpringAiIntegration(tracer);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(
			name = { SpringAiIntegration.CHAT_MODEL_CLASS, "io.micrometer.observation.ObservationPredicate" })
	@EnableConfigurationProperties(SpringAiIntegrationProperties.class)
	static class NativeObservationsConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "springAiNativeObservationPredicate")
		ObservationPredicate springAiNativeObservationPredicate(SpringAiIntegrationProperties properties) {
			return new NativeObservationPredicate(properties);
		}

	}

}
