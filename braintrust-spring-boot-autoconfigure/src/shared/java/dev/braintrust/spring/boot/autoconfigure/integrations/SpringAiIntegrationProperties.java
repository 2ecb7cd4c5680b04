package dev.braintrust.spring.boot.autoconfigure.integrations;

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

	/**
	 * Whether images and files sent as bytes in a prompt are recorded inline, as data
	 * URLs, when they fit within "braintrust.trace.max-content-length". By default they
	 * are recorded as a placeholder with their MIME type and size, so that a call holds
	 * no encoded copy of its media.
	 */
	private boolean inlineMedia;

	public boolean isSuppressNativeObservations() {
		return this.suppressNativeObservations;
	}

	public void setSuppressNativeObservations(boolean suppressNativeObservations) {
		this.suppressNativeObservations = suppressNativeObservations;
	}

	public boolean isInlineMedia() {
		return this.inlineMedia;
	}

	public void setInlineMedia(boolean inlineMedia) {
		this.inlineMedia = inlineMedia;
	}

}
