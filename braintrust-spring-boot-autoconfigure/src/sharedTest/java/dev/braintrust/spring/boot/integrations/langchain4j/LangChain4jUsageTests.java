package dev.braintrust.spring.boot.integrations.langchain4j;

import dev.braintrust.spring.boot.testsupport.MockLlmServer;
import dev.braintrust.spring.boot.trace.TokenUsage;
import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.openai.OpenAiChatModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The token usage details that only the provider modules' own usage types carry, read by
 * {@link LangChain4jUsage} through their accessors' names: these tests fail on a version
 * of a provider module that renames them.
 */
class LangChain4jUsageTests {

	private MockLlmServer server;

	@BeforeEach
	void startServer() {
		this.server = MockLlmServer.start();
	}

	@AfterEach
	void stopServer() {
		this.server.close();
	}

	@Test
	void openAiUsageCarriesCachedAndReasoningTokens() {
		this.server.onPost("/v1/chat/completions").json("openai/chat-reasoning.json");
		ChatResponse response = OpenAiChatModel.builder()
			.baseUrl(this.server.baseUrl() + "/v1")
			.apiKey("sk-test")
			.modelName("o3-mini")
			.maxRetries(0)
			.build()
			.chat(dev.langchain4j.model.chat.request.ChatRequest.builder()
				.messages(dev.langchain4j.data.message.UserMessage.from("Think"))
				.build());
		TokenUsage usage = LangChain4jUsage.of(response.tokenUsage());
		assertThat(usage).isNotNull();
		assertThat(usage.inputTokens()).isEqualTo(response.tokenUsage().inputTokenCount().longValue());
		assertThat(usage.reasoningTokens()).isEqualTo(256);
		assertThat(usage.cachedInputTokens()).isNotNull();
	}

	@Test
	void anthropicUsageAddsTheCacheReadsAndWritesToTheInputTokens() {
		this.server.onPost("/v1/messages").json("anthropic/message-prompt-caching.json");
		ChatResponse response = AnthropicChatModel.builder()
			.baseUrl(this.server.baseUrl() + "/v1/")
			.apiKey("sk-ant-test")
			.modelName("claude-sonnet-4-5")
			.maxRetries(0)
			.build()
			.chat(dev.langchain4j.model.chat.request.ChatRequest.builder()
				.messages(dev.langchain4j.data.message.UserMessage.from("Summarize"))
				.build());
		TokenUsage usage = LangChain4jUsage.of(response.tokenUsage());
		assertThat(usage).isNotNull();
		assertThat(usage.inputTokens()).isEqualTo(12 + 2048 + 1800);
		assertThat(usage.cachedInputTokens()).isEqualTo(1800);
		assertThat(usage.cacheCreationInputTokens()).isEqualTo(2048);
		assertThat(usage.outputTokens()).isEqualTo(18);
		assertThat(usage.totalTokens()).isEqualTo(12 + 2048 + 1800 + 18);
	}

	@Test
	void plainUsageHasTheCountsOnly() {
		TokenUsage usage = LangChain4jUsage.of(new dev.langchain4j.model.output.TokenUsage(3, 4));
		assertThat(usage).isEqualTo(new TokenUsage(3L, 4L, 7L, null, null, null));
		assertThat(LangChain4jUsage.of(null)).isNull();
	}

}
