package dev.braintrust.spring.samples.quickstart;

import java.util.List;
import java.util.stream.Collectors;

import com.anthropic.client.AnthropicClient;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.Model;
import com.openai.client.OpenAIClient;
import com.openai.models.ChatModel;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Component;

/**
 * Runs a short demo at startup so the traces show at once: a plain chat, a streamed chat,
 * a chat that calls a tool, an embedding, and one call through each SDK client.
 */
@Component
@ConditionalOnBooleanProperty(name = "quickstart.demo.enabled", matchIfMissing = true)
class DemoRunner implements ApplicationRunner {

	private static final Log logger = LogFactory.getLog(DemoRunner.class);

	private final ChatClient chatClient;

	private final EmbeddingModel embeddingModel;

	private final OpenAIClient openAIClient;

	private final AnthropicClient anthropicClient;

	DemoRunner(ChatClient.Builder chatClientBuilder, WeatherTools weatherTools, EmbeddingModel embeddingModel,
			OpenAIClient openAIClient, AnthropicClient anthropicClient) {
		this.chatClient = chatClientBuilder.defaultSystem("You are a concise assistant.")
			.defaultTools(weatherTools)
			.build();
		this.embeddingModel = embeddingModel;
		this.openAIClient = openAIClient;
		this.anthropicClient = anthropicClient;
	}

	@Override
	public void run(ApplicationArguments args) {
		logger.info("Demo: a plain chat, a streamed chat, a tool call, an embedding and one call per SDK client");
		String answer = this.chatClient.prompt().user("What is the capital of France?").call().content();
		logger.info("Spring AI chat answered: " + answer);

		String streamed = this.chatClient.prompt()
			.user("Count from one to five.")
			.stream()
			.content()
			.collect(Collectors.joining())
			.block();
		logger.info("Spring AI streamed chat answered: " + streamed);

		String weather = this.chatClient.prompt().user("What is the weather in Paris?").call().content();
		logger.info("Spring AI tool-calling chat answered: " + weather);

		float[] embedding = this.embeddingModel.embed("Braintrust traces every LLM call");
		logger.info("Spring AI embedding has " + embedding.length + " dimensions");

		ChatCompletion completion = this.openAIClient.chat()
			.completions()
			.create(ChatCompletionCreateParams.builder()
				.model(ChatModel.GPT_4O_MINI)
				.addUserMessage("Say hello from the OpenAI Java SDK.")
				.build());
		logger.info("OpenAI SDK answered: " + completion.choices().get(0).message().content().orElse(""));

		Message message = this.anthropicClient.messages()
			.create(MessageCreateParams.builder()
				.model(Model.CLAUDE_HAIKU_4_5)
				.maxTokens(256)
				.addUserMessage("Say hello from the Anthropic Java SDK.")
				.build());
		List<String> texts = message.content()
			.stream()
			.flatMap((block) -> block.text().stream())
			.map((text) -> text.text())
			.toList();
		logger.info("Anthropic SDK answered: " + String.join("", texts));
	}

}
