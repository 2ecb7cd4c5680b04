package dev.braintrust.spring.boot.autoconfigure.integrations;

import dev.braintrust.spring.boot.autoconfigure.BraintrustAutoConfiguration;
import dev.braintrust.spring.boot.autoconfigure.BraintrustTracingAutoConfiguration;
import dev.braintrust.spring.boot.integration.Integration;
import dev.braintrust.spring.boot.integrations.bedrock.BedrockIntegration;
import dev.braintrust.spring.boot.trace.ErrorClassifier;
import dev.braintrust.spring.boot.trace.LazyTracer;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of the AWS SDK Bedrock Runtime integration
 * ({@link BedrockIntegration}). The integration bean is always declared, so that
 * {@code /actuator/integrations} reports the SDK as not available when it is absent; the
 * beans that use the SDK only exist when it is present.
 * {@code braintrust.integrations.bedrock.enabled=false} leaves the SDK's beans unwrapped.
 */
@AutoConfiguration(after = { BraintrustAutoConfiguration.class, BraintrustTracingAutoConfiguration.class })
@ConditionalOnBooleanProperty(name = "braintrust.enabled", matchIfMissing = true)
public final class BedrockAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "braintrustBedrockIntegration")
	Integration braintrustBedrockIntegration(LazyTracer tracer) {
		return BedrockIntegration.create(tracer);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient")
	static final class BedrockSdkConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "bedrockErrorClassifier")
		ErrorClassifier bedrockErrorClassifier() {
			return BedrockIntegration.errorClassifier();
		}

	}

}
