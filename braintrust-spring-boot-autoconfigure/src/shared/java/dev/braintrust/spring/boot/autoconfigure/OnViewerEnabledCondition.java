package dev.braintrust.spring.boot.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when the trace viewer is on: {@code braintrust.viewer.enabled} when set,
 * otherwise local mode (no {@code braintrust.api-key}).
 */
class OnViewerEnabledCondition extends SpringBootCondition {

	private final OnApiKeyCondition apiKey = new OnApiKeyCondition();

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		Boolean enabled = Binder.get(context.getEnvironment())
			.bind("braintrust.viewer.enabled", Boolean.class)
			.orElse(null);
		if (enabled != null) {
			return enabled ? ConditionOutcome.match("braintrust.viewer.enabled is true")
					: ConditionOutcome.noMatch("braintrust.viewer.enabled is false");
		}
		ConditionOutcome key = this.apiKey.getMatchOutcome(context, metadata);
		return key.isMatch() ? ConditionOutcome.noMatch(key.getMessage() + " and braintrust.viewer.enabled is not set")
				: ConditionOutcome.match(key.getMessage() + ": local mode");
	}

}
