package dev.braintrust.spring.boot.autoconfigure.integrations;

import dev.braintrust.spring.boot.autoconfigure.BraintrustAutoConfiguration;
import dev.braintrust.spring.boot.autoconfigure.BraintrustTracingAutoConfiguration;
import dev.braintrust.spring.boot.integration.Integration;
import dev.braintrust.spring.boot.integrations.langchain4j.LangChain4jIntegration;
import dev.braintrust.spring.boot.trace.ErrorClassifier;
import dev.braintrust.spring.boot.trace.LazyTracer;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of the LangChain4j integration ({@link LangChain4jIntegration}). The
 * integration bean is always declared, so that {@code /actuator/integrations} reports
 * LangChain4j as not available when it is absent; the beans that use LangChain4j only
 * exist when it is present. {@code braintrust.integrations.langchain4j.enabled=false}
 * leaves LangChain4j's beans unwrapped.
 */
@AutoConfiguration(after = { BraintrustAutoConfiguration.class, BraintrustTracingAutoConfiguration.class })
@ConditionalOnBooleanProperty(name = "braintrust.enabled", matchIfMissing = true)
public final class LangChain4jAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "braintrustLangChain4jIntegration")
	Integration braintrustLangChain4jIntegration(LazyTracer tracer) {
		return LangChain4jIntegration.create(tracer);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = LangChain4jIntegration.CHAT_MODEL_CLASS)
	static final class LangChain4jLibraryConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "langChain4jErrorClassifier")
		ErrorClassifier langChain4jErrorClassifier() {
			return LangChain4jIntegration.errorClassifier();
		}

	}

}
