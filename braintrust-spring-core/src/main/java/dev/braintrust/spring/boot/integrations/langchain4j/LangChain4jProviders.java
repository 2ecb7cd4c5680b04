package dev.braintrust.spring.boot.integrations.langchain4j;

import java.util.function.Supplier;

/**
 * The {@code gen_ai.provider.name} of a LangChain4j model: from the model's own
 * {@code provider()} ({@code ModelProvider}), else from the package of its class (a model
 * of a module that reports {@code OTHER}, or of a version without {@code provider()}).
 */
final class LangChain4jProviders {

	/** The provider of a model that tells none. */
	static final String FALLBACK = LangChain4jIntegration.NAME;

	private static final String[][] PACKAGES = { { "dev.langchain4j.model.openaiofficial.", "openai" },
			{ "dev.langchain4j.model.openai.", "openai" }, { "dev.langchain4j.model.azure.", "azure.ai.openai" },
			{ "dev.langchain4j.model.anthropic.", "anthropic" }, { "dev.langchain4j.model.googleai.", "gcp.gemini" },
			{ "dev.langchain4j.model.vertexai.", "gcp.vertex_ai" }, { "dev.langchain4j.model.ollama.", "ollama" },
			{ "dev.langchain4j.model.bedrock.", "aws.bedrock" }, { "dev.langchain4j.model.mistralai.", "mistral_ai" },
			{ "dev.langchain4j.model.github.", "github_models" },
			{ "dev.langchain4j.model.watsonx.", "ibm.watsonx.ai" }, { "dev.langchain4j.model.cohere.", "cohere" } };

	private LangChain4jProviders() {
	}

	/**
	 * The provider of a model.
	 * @param model the model (the proxy's target)
	 * @param provider reads the model's {@code provider()}: a lambda, not a method
	 * reference, so that a version without the method fails here, where it is caught,
	 * rather than where the reference is written
	 * @return the provider name
	 */
	static String of(Object model, Supplier<? extends Enum<?>> provider) {
		String name;
		try {
			Enum<?> value = provider.get();
			name = (value != null) ? value.name() : "OTHER";
		}
		catch (RuntimeException | LinkageError ex) {
			// A version without provider(), or a model whose provider() fails.
			name = "OTHER";
		}
		String mapped = switch (name) {
			case "OPEN_AI" -> "openai";
			case "ANTHROPIC" -> "anthropic";
			case "AMAZON_BEDROCK" -> "aws.bedrock";
			case "AZURE_OPEN_AI", "MICROSOFT_FOUNDRY" -> "azure.ai.openai";
			case "GOOGLE_AI_GEMINI" -> "gcp.gemini";
			case "GOOGLE_GENAI" -> "gcp.gen_ai";
			case "GOOGLE_VERTEX_AI_GEMINI", "GOOGLE_VERTEX_AI_ANTHROPIC" -> "gcp.vertex_ai";
			case "MISTRAL_AI" -> "mistral_ai";
			case "OLLAMA" -> "ollama";
			case "GITHUB_MODELS" -> "github_models";
			case "WATSONX" -> "ibm.watsonx.ai";
			case "COHERE" -> "cohere";
			case "VOYAGE_AI" -> "voyage_ai";
			case "JINA" -> "jina";
			default -> null;
		};
		return (mapped != null) ? mapped : byPackage(model.getClass().getName());
	}

	private static String byPackage(String className) {
		for (String[] entry : PACKAGES) {
			if (className.startsWith(entry[0])) {
				return entry[1];
			}
		}
		return FALLBACK;
	}

}
