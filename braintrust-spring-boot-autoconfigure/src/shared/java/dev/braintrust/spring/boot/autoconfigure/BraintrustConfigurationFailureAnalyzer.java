package dev.braintrust.spring.boot.autoconfigure;

import java.util.LinkedHashSet;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.bind.validation.ValidationErrors;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.origin.Origin;
import org.springframework.core.Ordered;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;

/**
 * Explains invalid {@code braintrust.*} configuration: each offending property, where it
 * was set, what is wrong and how to fix it. Values are deliberately not printed, so no
 * secret (API key, credentials in a URL) can leak into the startup failure. Ordered
 * before Spring Boot's generic bind validation analyzer.
 */
class BraintrustConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<BindValidationException>
		implements Ordered {

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, BindValidationException cause) {
		ValidationErrors errors = cause.getValidationErrors();
		if (!BraintrustProperties.PREFIX.equals(errors.getName().toString())) {
			return null;
		}
		StringBuilder description = new StringBuilder("Invalid Braintrust configuration:\n");
		Set<String> properties = new LinkedHashSet<>();
		for (ObjectError error : errors) {
			String property = propertyName(error);
			properties.add(property);
			description.append("\n    Property: ").append(property);
			Origin origin = Origin.from(error);
			if (origin != null) {
				description.append("\n    Origin: ").append(origin);
			}
			description.append("\n    Reason: ").append(error.getDefaultMessage()).append('\n');
		}
		String action = "Update " + String.join(", ", properties)
				+ " as described above, or set braintrust.enabled=false to turn the Braintrust starter off.";
		return new FailureAnalysis(description.toString(), action, cause);
	}

	private static String propertyName(ObjectError error) {
		if (error instanceof FieldError fieldError) {
			return BraintrustProperties.PREFIX + "." + BraintrustPropertiesValidator.dashed(fieldError.getField());
		}
		return BraintrustProperties.PREFIX;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
