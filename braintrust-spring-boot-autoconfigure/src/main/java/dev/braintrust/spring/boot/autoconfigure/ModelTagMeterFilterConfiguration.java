package dev.braintrust.spring.boot.autoconfigure;

import dev.braintrust.spring.boot.trace.LlmMetrics;
import dev.braintrust.spring.boot.trace.LlmSpanAttributes;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.micrometer.metrics.MaximumAllowableTagsMeterFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The GenAI client metrics are tagged with the request model, which a gateway application
 * takes from its callers: Spring Boot applies this filter to its meter registries, so
 * that past {@code braintrust.metrics.max-models} distinct models no new meter is created
 * (Boot's own bound of HTTP URI tags works the same way). Spring Boot 4's filter.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(MaximumAllowableTagsMeterFilter.class)
class ModelTagMeterFilterConfiguration {

	@Bean
	MaximumAllowableTagsMeterFilter braintrustModelTagMeterFilter(BraintrustProperties properties) {
		int maxModels = properties.getMetrics().getMaxModels();
		return new MaximumAllowableTagsMeterFilter(LlmMetrics.METER_NAME_PREFIX,
				LlmSpanAttributes.REQUEST_MODEL.getKey(), maxModels,
				"Calls to further models are left out of the metrics (their spans are unaffected); raise "
						+ "braintrust.metrics.max-models (" + maxModels + ") if they are expected.");
	}

}
