package dev.braintrust.spring.boot.autoconfigure.integrations;

import dev.braintrust.spring.boot.autoconfigure.BraintrustAutoConfiguration;
import dev.braintrust.spring.boot.autoconfigure.BraintrustTracingAutoConfiguration;
import dev.braintrust.spring.boot.integration.Integration;
import dev.braintrust.spring.boot.integrations.googlegenai.GoogleGenAiIntegration;
import dev.braintrust.spring.boot.trace.ErrorClassifier;
import dev.braintrust.spring.boot.trace.LazyTracer;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of the Google GenAI SDK integration
 * ({@link GoogleGenAiIntegration}). The integration bean is always declared, so that
 * {@code /actuator/integrations} reports the SDK as not available when it is absent; the
 * beans that use the SDK only exist when it is present.
 * {@code braintrust.integrations.googlegenai.enabled=false} leaves the SDK's clients
 * uninstrumented.
 */
@AutoConfiguration(after = { BraintrustAutoConfiguration.class, BraintrustTracingAutoConfiguration.class })
@ConditionalOnBooleanProperty(name = "braintrust.enabled", matchIfMissing = true)
public final class GoogleGenAiAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "braintrustGoogleGenAiIntegration")
	Integration braintrustGoogleGenAiIntegration(LazyTracer tracer) {
		return GoogleGenAiIntegration.create(tracer);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "com.google.genai.Client")
	static final class GoogleGenAiSdkConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "googleGenAiErrorClassifier")
		ErrorClassifier googleGenAiErrorClassifier() {
			return GoogleGenAiIntegration.errorClassifier();
		}

	}

}
