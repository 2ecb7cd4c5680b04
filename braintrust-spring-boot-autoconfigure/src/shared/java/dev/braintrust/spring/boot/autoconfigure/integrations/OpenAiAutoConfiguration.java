package dev.braintrust.spring.boot.autoconfigure.integrations;

import dev.braintrust.spring.boot.autoconfigure.BraintrustAutoConfiguration;
import dev.braintrust.spring.boot.autoconfigure.BraintrustTracingAutoConfiguration;
import dev.braintrust.spring.boot.integration.Integration;
import dev.braintrust.spring.boot.integrations.openai.OpenAiIntegration;
import dev.braintrust.spring.boot.trace.ErrorClassifier;
import dev.braintrust.spring.boot.trace.LazyTracer;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of the OpenAI Java SDK integration. The {@link Integration} is
 * declared whether or not the SDK is on the classpath, so that the integrations endpoint
 * reports it ({@code NOT_AVAILABLE} without the SDK); it instruments {@code OpenAIClient}
 * and {@code OpenAIClientAsync} beans unless
 * {@code braintrust.integrations.openai.enabled=false}. With the SDK present, an
 * {@link ErrorClassifier} maps its exceptions to the normalized error types.
 */
@AutoConfiguration(after = { BraintrustAutoConfiguration.class, BraintrustTracingAutoConfiguration.class })
@ConditionalOnBooleanProperty(name = "braintrust.enabled", matchIfMissing = true)
public final class OpenAiAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "braintrustOpenAiIntegration")
	Integration braintrustOpenAiIntegration(LazyTracer tracer) {
		return OpenAiIntegration.create(tracer);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "com.openai.client.OpenAIClient")
	static final class OpenAiSdkConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "openAiErrorClassifier")
		ErrorClassifier openAiErrorClassifier() {
			return OpenAiIntegration.errorClassifier();
		}

	}

}
