package dev.braintrust.spring.boot.autoconfigure;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.braintrust.spring.boot.trace.Jackson2JsonValues;
import dev.braintrust.spring.boot.trace.JsonValues;
import dev.braintrust.spring.boot.trace.Traced;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The JSON mapper of {@link Traced} arguments and results, and of span metadata: the
 * application's Jackson 2 {@link ObjectMapper} bean (Spring Boot 3's), else a default
 * one. A {@link JsonValues} bean of the application's replaces it.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(ObjectMapper.class)
class TracedJsonConfiguration {

	@Bean
	@ConditionalOnMissingBean
	JsonValues braintrustJsonValues(ObjectProvider<ObjectMapper> objectMapper) {
		return new Jackson2JsonValues(objectMapper.getIfUnique(ObjectMapper::new));
	}

}
