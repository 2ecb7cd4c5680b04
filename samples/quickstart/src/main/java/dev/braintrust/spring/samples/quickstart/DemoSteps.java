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
import dev.braintrust.spring.boot.trace.BraintrustSpans;
import dev.braintrust.spring.boot.trace.Traced;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.client.advisor.MessageChatMemoryAdvisor;
import org.springframework.ai.chat.memory.ChatMemory;
import org.springframework.ai.chat.memory.MessageWindowChatMemory;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.stereotype.Component;

/**
 * The demo's steps, each a task of the application: {@code @Traced} on the class makes
 * every public method a Braintrust task span, the root of its trace, with the model calls
 * and tool runs it makes inside it.
 */
@Component
@Traced
public class DemoSteps {

	private final ChatClient chatClient;

	private final MessageChatMemoryAdvisor memory = MessageChatMemoryAdvisor
		.builder(MessageWindowChatMemory.builder().build())
		.build();

	private final EmbeddingModel embeddingModel;

	private final OpenAIClient openAIClient;

	private final AnthropicClient anthropicClient;

	private final BedrockRuntimeClient bedrockClient;

	private final BraintrustSpans spans;

	DemoSteps(ChatClient.Builder chatClientBuilder, WeatherTools weatherTools, EmbeddingModel embeddingModel,
			OpenAIClient openAIClient, AnthropicClient anthropicClient, BedrockRuntimeClient bedrockClient,
			BraintrustSpans spans) {
		this.chatClient = chatClientBuilder.defaultSystem("You are a concise assistant.")
			.defaultTools(weatherTools)
			.build();
		this.embeddingModel = embeddingModel;
		this.openAIClient = openAIClient;
		this.anthropicClient = anthropicClient;
		this.bedrockClient = bedrockClient;
		this.spans = spans;
	}

	@Traced("capital-question")
	public String capitalQuestion(String question) {
		return this.chatClient.prompt().user(question).call().content();
	}

	@Traced("streamed-count")
	public String streamedCount(String question) {
		return this.chatClient.prompt().user(question).stream().content().collect(Collectors.joining()).block();
	}

	/**
	 * A chat that calls a tool, in a conversation the chat memory keeps: the model calls,
	 * the tool run and this task all record the conversation id, and the task gets a tag
	 * and metadata of the application's.
	 * @param city the city
	 * @param conversationId the conversation
	 * @return the answer
	 */
	@Traced("weather-report")
	public String weatherReport(String city, String conversationId) {
		this.spans.tags("demo", "weather");
		this.spans.metadata("city", city);
		return this.chatClient.prompt()
			.user("What is the weather in " + city + "?")
			.advisors((advisors) -> advisors.advisors(this.memory).param(ChatMemory.CONVERSATION_ID, conversationId))
			.call()
			.content();
	}

	// The vector is left out of the span: only its size is worth seeing.
	@Traced(value = "embedding", captureResult = false)
	public float[] embedding(String text) {
		return this.embeddingModel.embed(text);
	}

	@Traced(value = "openai-sdk-hello", type = "function")
	public String openAiHello() {
		ChatCompletion completion = this.openAIClient.chat()
			.completions()
			.create(ChatCompletionCreateParams.builder()
				.model(ChatModel.GPT_4O_MINI)
				.addUserMessage("Say hello from the OpenAI Java SDK.")
				.build());
		return completion.choices().get(0).message().content().orElse("");
	}

	@Traced(value = "anthropic-sdk-hello", type = "function")
	public String anthropicHello() {
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
		return String.join("", texts);
	}

	@Traced(value = "bedrock-hello", type = "function")
	public String bedrockHello() {
		ConverseResponse response = this.bedrockClient
			.converse((request) -> request.modelId("us.anthropic.claude-haiku-4-5-20251001-v1:0")
				.messages(software.amazon.awssdk.services.bedrockruntime.model.Message.builder()
					.role(ConversationRole.USER)
					.content(ContentBlock.fromText("Say hello from Amazon Bedrock."))
					.build())
				.inferenceConfig((config) -> config.maxTokens(256)));
		return response.output().message().content().get(0).text();
	}

}
