package dev.braintrust.spring.boot.autoconfigure;

import java.util.function.Function;

import dev.braintrust.spring.boot.integration.IntegrationSettings;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * The startup settings of an integration: {@code braintrust.integrations.<name>.enabled}
 * and {@code braintrust.integrations.<name>.capture-content} (else
 * {@code braintrust.trace.capture-content}), read for each integration by its name, as
 * Spring Boot reads {@code management.endpoint.<id>.access}. An integration with settings
 * of its own (Spring AI's) binds them in a properties class of its own, so that each
 * property is bound once.
 */
final class IntegrationSettingsBinder implements Function<String, IntegrationSettings> {

	private final Binder binder;

	private final BraintrustProperties.Trace trace;

	IntegrationSettingsBinder(Environment environment, BraintrustProperties.Trace trace) {
		this.binder = Binder.get(environment);
		this.trace = trace;
	}

	@Override
	public IntegrationSettings apply(String name) {
		String prefix = BraintrustProperties.PREFIX + ".integrations." + name + ".";
		Boolean enabled = this.binder.bind(prefix + "enabled", Boolean.class).orElse(null);
		boolean captureContent = this.binder.bind(prefix + "capture-content", Boolean.class)
			.orElse(this.trace.isCaptureContent());
		return new IntegrationSettings(enabled == null || enabled, (enabled != null) ? prefix + "enabled" : "default",
				captureContent);
	}

}
