package dev.braintrust.spring.boot.integrations.springai;

import java.util.List;

import dev.braintrust.spring.boot.autoconfigure.integrations.BedrockAutoConfiguration;
import dev.braintrust.spring.boot.integrations.bedrock.BedrockClients;
import dev.braintrust.spring.boot.testsupport.MockLlmServer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.Message;

import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Spring AI chat model built on a Bedrock Runtime client bean, as Spring AI's
 * {@code BedrockProxyChatModel} is (that module has no release for Spring AI 2.0 yet): a
 * call is one span, the model's, and the client under it adds none.
 */
class SpringAiBedrockModelTests {

	private static final AttributeKey<String> PROVIDER = AttributeKey.stringKey("gen_ai.provider.name");

	private final MockLlmServer server = MockLlmServer.start();

	@AfterEach
	void stopServer() {
		this.server.close();
	}

	@Test
	void aModelOverAnInstrumentedBedrockClientIsOneSpan() {
		this.server.onPost("/model/").json("bedrock/converse-basic.json");
		SpringAiTestContext.runner(BedrockAutoConfiguration.class)
			.withBean(MockLlmServer.class, () -> this.server)
			.withUserConfiguration(Models.class)
			.run((context) -> {
				ChatModel model = context.getBean(ChatModel.class);
				assertThat(model.call("What is the capital of France?")).isEqualTo("The capital of France is Paris.");
				assertThat(this.server.takeRequest().path()).endsWith("/converse");
				List<SpanData> chats = SpringAiTestContext.ourSpans(context, "chat");
				assertThat(chats).singleElement()
					.satisfies((span) -> assertThat(span.getAttributes().get(PROVIDER)).isEqualTo("spring-ai"));
				// Both integrations patched their beans: only the nesting rule keeps the
				// client's span out.
				assertThat(context.getBean(BedrockRuntimeClient.class))
					.isInstanceOf(dev.braintrust.spring.boot.integration.BraintrustInstrumented.class);
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class Models {

		@Bean
		BedrockRuntimeClient bedrockRuntimeClient(MockLlmServer server) {
			return BedrockClients.blockingClient(server);
		}

		@Bean
		ConverseChatModel converseChatModel(BedrockRuntimeClient client) {
			return new ConverseChatModel(client);
		}

	}

	/** A chat model that sends each prompt's text to Bedrock's Converse API. */
	static class ConverseChatModel implements ChatModel {

		private final BedrockRuntimeClient client;

		ConverseChatModel(BedrockRuntimeClient client) {
			this.client = client;
		}

		@Override
		public ChatResponse call(Prompt prompt) {
			ConverseResponse response = this.client
				.converse((request) -> request.modelId("us.anthropic.claude-sonnet-4-5-20250929-v1:0")
					.messages(Message.builder()
						.role(ConversationRole.USER)
						.content(ContentBlock.fromText(prompt.getContents()))
						.build()));
			String text = response.output().message().content().get(0).text();
			return new ChatResponse(List.of(new Generation(new AssistantMessage(text))));
		}

	}

}
