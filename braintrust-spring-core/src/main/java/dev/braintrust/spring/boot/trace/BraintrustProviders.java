package dev.braintrust.spring.boot.trace;

import java.util.Map;

/**
 * The provider names Braintrust attributes cost by ({@code metadata.provider}), as
 * Braintrust's SDKs write them, from the OpenTelemetry GenAI provider names
 * ({@code gen_ai.provider.name}, which keeps the semantic conventions' value): the two
 * differ where the conventions qualify a provider by its platform ({@code aws.bedrock} is
 * {@code bedrock} for Braintrust, {@code gcp.gemini} {@code google}). Any other name is
 * the same in both.
 */
final class BraintrustProviders {

	private static final Map<String, String> BY_GEN_AI_NAME = Map.of("aws.bedrock", "bedrock", "gcp.gemini", "google",
			"gcp.gen_ai", "google", "gcp.vertex_ai", "vertex", "azure.ai.openai", "azure", "azure.ai.inference",
			"azure", "mistral_ai", "mistral", "x_ai", "xAI");

	private BraintrustProviders() {
	}

	static String of(String genAiProvider) {
		return BY_GEN_AI_NAME.getOrDefault(genAiProvider, genAiProvider);
	}

}
