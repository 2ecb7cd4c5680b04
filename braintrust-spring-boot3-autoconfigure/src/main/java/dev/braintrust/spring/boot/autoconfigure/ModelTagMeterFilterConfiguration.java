package dev.braintrust.spring.boot.autoconfigure;

import dev.braintrust.spring.boot.trace.LlmMetrics;
import dev.braintrust.spring.boot.trace.LlmSpanAttributes;
import io.micrometer.core.instrument.config.MeterFilter;

import org.springframework.boot.actuate.autoconfigure.metrics.OnlyOnceLoggingDenyMeterFilter;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The bound of the models the GenAI client metrics are tagged with
 * ({@code braintrust.metrics.max-models}), with Spring Boot 3's meter filter that logs
 * once when it denies.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(OnlyOnceLoggingDenyMeterFilter.class)
class ModelTagMeterFilterConfiguration {

	@Bean
	MeterFilter braintrustModelTagMeterFilter(BraintrustProperties properties) {
		int maxModels = properties.getMetrics().getMaxModels();
		return MeterFilter.maximumAllowableTags(LlmMetrics.METER_NAME_PREFIX, LlmSpanAttributes.REQUEST_MODEL.getKey(),
				maxModels,
				new OnlyOnceLoggingDenyMeterFilter(() -> "Reached the maximum number of '"
						+ LlmSpanAttributes.REQUEST_MODEL.getKey() + "' tags for '" + LlmMetrics.METER_NAME_PREFIX
						+ "*' meters. Calls to further models are left out of the metrics (their spans are "
						+ "unaffected); raise braintrust.metrics.max-models (" + maxModels
						+ ") if they are expected."));
	}

}
