package dev.braintrust.spring.boot.autoconfigure;

import dev.braintrust.spring.boot.trace.JacksonJsonValues;
import dev.braintrust.spring.boot.trace.JsonValues;
import dev.braintrust.spring.boot.trace.Traced;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The JSON mapper of {@link Traced} arguments and results, and of span metadata: the
 * application's Jackson 3 {@link JsonMapper} bean (Spring Boot 4's), else a default one.
 * A {@link JsonValues} bean of the application's replaces it.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(JsonMapper.class)
class TracedJsonConfiguration {

	@Bean
	@ConditionalOnMissingBean
	JsonValues braintrustJsonValues(ObjectProvider<JsonMapper> jsonMapper) {
		return new JacksonJsonValues(jsonMapper.getIfUnique(JsonMapper::new));
	}

}
