package dev.braintrust.spring.boot.integrations.langchain4j;

import dev.langchain4j.model.ModelProvider;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The GenAI provider names of LangChain4j's models.
 */
class LangChain4jProvidersTests {

	@Test
	void theModelsProviderIsMappedToTheGenAiName() {
		assertThat(LangChain4jProviders.of(this, () -> ModelProvider.OPEN_AI)).isEqualTo("openai");
		assertThat(LangChain4jProviders.of(this, () -> ModelProvider.ANTHROPIC)).isEqualTo("anthropic");
		assertThat(LangChain4jProviders.of(this, () -> ModelProvider.GOOGLE_AI_GEMINI)).isEqualTo("gcp.gemini");
		assertThat(LangChain4jProviders.of(this, () -> ModelProvider.OLLAMA)).isEqualTo("ollama");
		assertThat(LangChain4jProviders.of(this, () -> ModelProvider.AMAZON_BEDROCK)).isEqualTo("aws.bedrock");
		assertThat(LangChain4jProviders.of(this, () -> ModelProvider.MISTRAL_AI)).isEqualTo("mistral_ai");
	}

	@Test
	void aModelThatTellsNoProviderIsNamedByItsPackageOrTheIntegration() {
		assertThat(LangChain4jProviders.of(this, () -> ModelProvider.OTHER)).isEqualTo("langchain4j");
		assertThat(LangChain4jProviders.of(this, () -> null)).isEqualTo("langchain4j");
		assertThat(LangChain4jProviders.of(this, () -> {
			throw new NoSuchMethodError("provider");
		})).isEqualTo("langchain4j");
		assertThat(LangChain4jProviders.of(dev.langchain4j.model.openai.OpenAiChatModel.builder()
			.apiKey("sk-test")
			.modelName("gpt-4o-mini")
			.build(), () -> ModelProvider.OTHER)).isEqualTo("openai");
	}

}
