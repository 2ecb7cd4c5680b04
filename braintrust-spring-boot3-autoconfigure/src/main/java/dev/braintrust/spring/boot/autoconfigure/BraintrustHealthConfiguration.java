package dev.braintrust.spring.boot.autoconfigure;

import dev.braintrust.spring.boot.actuate.BraintrustHealthIndicator;
import dev.braintrust.spring.boot.export.BraintrustExportStatus;

import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@link BraintrustHealthIndicator} ({@code management.health.braintrust.enabled}),
 * with Spring Boot 3's health API.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass({ HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnEnabledHealthIndicator("braintrust")
class BraintrustHealthConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "braintrustHealthIndicator")
	BraintrustHealthIndicator braintrustHealthIndicator(BraintrustExportStatus status) {
		return new BraintrustHealthIndicator(status);
	}

}
