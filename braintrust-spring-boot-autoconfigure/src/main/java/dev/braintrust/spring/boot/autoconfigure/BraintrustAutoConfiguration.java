package dev.braintrust.spring.boot.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * Core auto-configuration of the Braintrust starter.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "braintrust.enabled", matchIfMissing = true)
@EnableConfigurationProperties(BraintrustProperties.class)
public final class BraintrustAutoConfiguration {

}
