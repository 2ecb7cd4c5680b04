package dev.braintrust.spring.boot.integrations.springai;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Tells the {@code gen_ai.provider.name} of a Spring AI model from the package of its
 * class (or of its options' class, for a model that wraps another), without depending on
 * Spring AI's provider modules.
 */
final class SpringAiProviders {

	/**
	 * The provider of a model that no known package tells.
	 */
	static final String FALLBACK = "spring-ai";

	// Longest prefixes first where one contains another.
	private static final List<String[]> PACKAGES = List.of(
			new String[] { "org.springframework.ai.azure.openai.", "azure.ai.openai" },
			new String[] { "org.springframework.ai.openai.", "openai" },
			new String[] { "org.springframework.ai.anthropic.", "anthropic" },
			new String[] { "org.springframework.ai.bedrock.", "aws.bedrock" },
			new String[] { "org.springframework.ai.ollama.", "ollama" },
			new String[] { "org.springframework.ai.vertexai.", "gcp.vertex_ai" },
			new String[] { "org.springframework.ai.google.genai.", "gcp.gen_ai" },
			new String[] { "org.springframework.ai.mistralai.", "mistral_ai" },
			new String[] { "org.springframework.ai.deepseek.", "deepseek" },
			new String[] { "org.springframework.ai.minimax.", "minimax" },
			new String[] { "org.springframework.ai.zhipuai.", "zhipuai" },
			new String[] { "org.springframework.ai.huggingface.", "huggingface" },
			new String[] { "org.springframework.ai.oci.", "oci.genai" });

	// Per class: the provider, or the empty string when no package tells.
	private static final ClassValue<String> providers = new ClassValue<>() {

		@Override
		protected String computeValue(Class<?> type) {
			String provider = fromClass(type);
			return (provider != null) ? provider : "";
		}

	};

	private SpringAiProviders() {
	}

	/**
	 * The provider of a model.
	 * @param model the model (the proxy's target)
	 * @param options the options of the call, if any
	 * @return the provider name, {@link #FALLBACK} when unknown
	 */
	static String of(Object model, @Nullable Object options) {
		String provider = providers.get(model.getClass());
		if (provider.isEmpty() && options != null) {
			provider = providers.get(options.getClass());
		}
		return (!provider.isEmpty()) ? provider : FALLBACK;
	}

	private static @Nullable String fromClass(Class<?> type) {
		for (Class<?> current = type; current != null && current != Object.class; current = current.getSuperclass()) {
			String name = current.getName();
			for (String[] entry : PACKAGES) {
				if (name.startsWith(entry[0])) {
					return entry[1];
				}
			}
		}
		return null;
	}

}
