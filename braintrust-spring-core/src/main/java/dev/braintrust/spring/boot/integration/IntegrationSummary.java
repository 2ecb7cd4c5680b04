package dev.braintrust.spring.boot.integration;

/**
 * The one line the registry logs at startup: every integration's status and how many
 * beans it instruments, such as
 * {@code Braintrust integrations: openai=ACTIVE (1 bean), anthropic=NOT_AVAILABLE}.
 */
final class IntegrationSummary {

	private IntegrationSummary() {
	}

	static String of(IntegrationState[] states) {
		StringBuilder summary = new StringBuilder("Braintrust integrations:");
		for (IntegrationState state : states) {
			summary.append(' ').append(state.name).append('=').append(state.status());
			int beans = state.wrapped.size();
			if (beans > 0) {
				summary.append(" (").append(beans).append((beans == 1) ? " bean)" : " beans)");
			}
			summary.append(',');
		}
		summary.setLength(summary.length() - 1);
		return summary.toString();
	}

}
