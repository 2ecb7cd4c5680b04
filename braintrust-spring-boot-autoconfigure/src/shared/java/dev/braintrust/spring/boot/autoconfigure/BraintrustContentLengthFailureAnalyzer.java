package dev.braintrust.spring.boot.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.origin.Origin;
import org.springframework.core.Ordered;

/**
 * Explains a {@code braintrust.trace.max-content-length} that is not a number: it counts
 * characters (the unit of OpenTelemetry's attribute length limit), so a size such as
 * {@code 64KB} is refused with the fix, not only with Spring Boot's conversion failure.
 * Ordered before Spring Boot's generic bind failure analyzer.
 */
class BraintrustContentLengthFailureAnalyzer extends AbstractFailureAnalyzer<BindException> implements Ordered {

	static final String PROPERTY = "braintrust.trace.max-content-length";

	private static final ConfigurationPropertyName NAME = ConfigurationPropertyName.of(PROPERTY);

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, BindException cause) {
		if (!NAME.equals(cause.getName())) {
			return null;
		}
		StringBuilder description = new StringBuilder("Invalid Braintrust configuration:\n");
		description.append("\n    Property: ").append(PROPERTY);
		Origin origin = cause.getOrigin();
		if (origin != null) {
			description.append("\n    Origin: ").append(origin);
		}
		description.append("\n    Reason: must be a number of characters, such as 65536\n");
		return new FailureAnalysis(description.toString(),
				"Set " + PROPERTY
						+ " to a number of characters such as 65536 (a data size such as 64KB is not accepted).",
				cause);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
