package dev.braintrust.spring.boot.integrations.springai;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the Spring AI integration beyond the {@code enabled} and
 * {@code capture-content} switches that every integration has.
 */
@ConfigurationProperties("braintrust.integrations.spring-ai")
public class SpringAiIntegrationProperties {

	/**
	 * Whether to suppress Spring AI's own observations of the model calls and tool
	 * executions this integration traces (the "gen_ai.client.operation" observation of a
	 * chat or embedding model, the "spring.ai.tool" observation of a tool), so that each
	 * call is one span. Their metrics are replaced by the starter's
	 * "gen_ai.client.operation.duration" and "gen_ai.client.token.usage" metrics.
	 * ChatClient and advisor observations are never suppressed.
	 */
	private boolean suppressNativeObservations = true;

	public boolean isSuppressNativeObservations() {
		return this.suppressNativeObservations;
	}

	public void setSuppressNativeObservations(boolean suppressNativeObservations) {
		this.suppressNativeObservations = suppressNativeObservations;
	}

}
