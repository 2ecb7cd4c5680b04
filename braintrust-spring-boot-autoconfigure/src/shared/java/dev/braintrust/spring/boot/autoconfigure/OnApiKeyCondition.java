package dev.braintrust.spring.boot.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Matches when {@code braintrust.api-key} has text (export to Braintrust); a blank key
 * means local mode. The outcome message never contains the key.
 */
class OnApiKeyCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		boolean configured = Binder.get(context.getEnvironment())
			.bind("braintrust.api-key", String.class)
			.map(StringUtils::hasText)
			.orElse(false);
		return configured ? ConditionOutcome.match("braintrust.api-key is set")
				: ConditionOutcome.noMatch("braintrust.api-key is not set");
	}

	/**
	 * The opposite: local mode.
	 */
	static class Missing extends SpringBootCondition {

		private final OnApiKeyCondition present = new OnApiKeyCondition();

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			ConditionOutcome outcome = this.present.getMatchOutcome(context, metadata);
			return outcome.isMatch() ? ConditionOutcome.noMatch(outcome.getMessage())
					: ConditionOutcome.match(outcome.getMessage());
		}

	}

}
