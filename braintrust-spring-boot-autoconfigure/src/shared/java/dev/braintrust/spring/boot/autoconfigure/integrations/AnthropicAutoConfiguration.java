package dev.braintrust.spring.boot.autoconfigure.integrations;

import dev.braintrust.spring.boot.autoconfigure.BraintrustAutoConfiguration;
import dev.braintrust.spring.boot.autoconfigure.BraintrustTracingAutoConfiguration;
import dev.braintrust.spring.boot.integration.Integration;
import dev.braintrust.spring.boot.integrations.anthropic.AnthropicIntegration;
import dev.braintrust.spring.boot.trace.ErrorClassifier;
import dev.braintrust.spring.boot.trace.LazyTracer;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of the Anthropic Java SDK integration
 * ({@link AnthropicIntegration}). The integration bean is always declared, so that
 * {@code /actuator/integrations} reports the SDK as not available when it is absent; the
 * beans that use the SDK only exist when it is present.
 * {@code braintrust.integrations.anthropic.enabled=false} leaves the SDK's beans
 * unwrapped.
 */
@AutoConfiguration(after = { BraintrustAutoConfiguration.class, BraintrustTracingAutoConfiguration.class })
@ConditionalOnBooleanProperty(name = "braintrust.enabled", matchIfMissing = true)
public final class AnthropicAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "braintrustAnthropicIntegration")
	Integration braintrustAnthropicIntegration(LazyTracer tracer) {
		return AnthropicIntegration.create(tracer);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "com.anthropic.client.AnthropicClient")
	static final class AnthropicSdkConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "anthropicErrorClassifier")
		ErrorClassifier anthropicErrorClassifier() {
			return AnthropicIntegration.errorClassifier();
		}

	}

}
