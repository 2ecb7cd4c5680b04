package dev.braintrust.spring.boot.autoconfigure.integrations;

import dev.braintrust.spring.boot.autoconfigure.BraintrustAutoConfiguration;
import dev.braintrust.spring.boot.autoconfigure.BraintrustProperties;
import dev.braintrust.spring.boot.autoconfigure.BraintrustTracingAutoConfiguration;
import dev.braintrust.spring.boot.integration.Integration;
import dev.braintrust.spring.boot.integration.IntegrationRegistry;
import dev.braintrust.spring.boot.integrations.springai.SpringAiIntegration;
import dev.braintrust.spring.boot.trace.ErrorClassifier;
import dev.braintrust.spring.boot.trace.LazyTracer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationPredicate;
import io.micrometer.tracing.Tracer;

import org.springframework.ai.chat.observation.ChatModelObservationContext;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
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
@AutoConfiguration(after = { BraintrustAutoConfiguration.class, BraintrustTracingAutoConfiguration.class },
		afterName = "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration")
@ConditionalOnBooleanProperty(name = "braintrust.enabled", matchIfMissing = true)
@EnableConfigurationProperties(SpringAiIntegrationProperties.class)
public final class SpringAiAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "braintrustSpringAiIntegration")
	Integration braintrustSpringAiIntegration(LazyTracer tracer, ListableBeanFactory beanFactory,
			SpringAiIntegrationProperties springAi, BraintrustProperties braintrust) {
		// Looked up without creating anything, when the first final model is seen.
		return SpringAiIntegration.create(tracer,
				() -> beanFactory.containsBean(ObservationTracingConfiguration.BEAN_NAME),
				inlineMediaLimit(springAi, braintrust));
	}

	static int inlineMediaLimit(SpringAiIntegrationProperties springAi, BraintrustProperties braintrust) {
		return springAi.isInlineMedia() ? braintrust.getTrace().getMaxContentLength() : 0;
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = SpringAiIntegration.CHAT_MODEL_CLASS)
	static class ErrorClassifierConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "springAiErrorClassifier")
		ErrorClassifier springAiErrorClassifier() {
			return SpringAiIntegration.errorClassifier();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(
			name = { SpringAiIntegration.CHAT_MODEL_CLASS, "io.micrometer.observation.ObservationPredicate" })
	static class NativeObservationsConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "springAiNativeObservationPredicate")
		ObservationPredicate springAiNativeObservationPredicate(SpringAiIntegrationProperties properties) {
			return SpringAiIntegration.nativeObservationPredicate(properties.isSuppressNativeObservations());
		}

		// Only when the starter records these calls' metrics itself: with the integration
		// switched off by a property, Spring AI's own metrics stay.
		@Bean
		@ConditionalOnBooleanProperty(name = "braintrust.integrations.spring-ai.enabled", matchIfMissing = true)
		@ConditionalOnBooleanProperty(name = "braintrust.integrations.spring-ai.suppress-native-observations",
				matchIfMissing = true)
		@ConditionalOnMissingBean(name = "springAiNativeMetersFilter")
		MeterFilter springAiNativeMetersFilter() {
			return SpringAiIntegration.nativeMetersFilter();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { SpringAiIntegration.CHAT_MODEL_CLASS,
			"io.micrometer.tracing.handler.TracingObservationHandler", "io.micrometer.tracing.otel.bridge.OtelSpan" })
	@ConditionalOnBean(Tracer.class)
	static class ObservationTracingConfiguration {

		static final String BEAN_NAME = "springAiChatModelObservationTracing";

		@Bean(BEAN_NAME)
		ObservationHandler<ChatModelObservationContext> springAiChatModelObservationTracing(LazyTracer tracer,
				ObjectProvider<Tracer> micrometerTracer, ObjectProvider<IntegrationRegistry> registry,
				SpringAiIntegrationProperties properties, BraintrustProperties braintrust) {
			return SpringAiIntegration.observationTracing(tracer, micrometerTracer::getObject,
					() -> registry.getObject().isEnabled(SpringAiIntegration.NAME),
					properties.isSuppressNativeObservations(), inlineMediaLimit(properties, braintrust));
		}

	}

}
