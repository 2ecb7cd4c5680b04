package dev.braintrust.spring.boot.integrations.langchain4j;

import java.util.List;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.braintrust.spring.boot.autoconfigure.integrations.OpenAiAutoConfiguration;
import dev.braintrust.spring.boot.integration.IntegrationRegistry;
import dev.braintrust.spring.boot.testsupport.MockLlmServer;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.listener.ChatModelRequestContext;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.openai.OpenAiChatModel;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A LangChain4j model call is one span, also when the model calls an SDK client that the
 * starter instruments too (as {@code langchain4j-open-ai-official} does over the OpenAI
 * SDK), and when the model has listeners of its own; and the integration can be switched
 * off and on at runtime.
 */
class LangChain4jNestingTests {

	private final LangChain4jTestContext test = new LangChain4jTestContext();

	private MockLlmServer server;

	@BeforeEach
	void startServer() {
		this.server = MockLlmServer.start();
		this.server.onPost("/v1/chat/completions").json("openai/chat-basic.json");
	}

	@AfterEach
	void stopServer() {
		this.server.close();
	}

	@Test
	void modelOverAnInstrumentedSdkClientIsOneSpan() {
		this.test.runner(OpenAiAutoConfiguration.class)
			.withBean("openAIClient", OpenAIClient.class,
					() -> OpenAIOkHttpClient.builder()
						.baseUrl(this.server.baseUrl() + "/v1")
						.apiKey("sk-test")
						.maxRetries(0)
						.build())
			.withBean("sdkChatModel", SdkChatModel.class)
			.run((context) -> {
				ChatModel model = context.getBean(ChatModel.class);
				assertThat(model.chat("What is the capital of France?")).isEqualTo("The capital of France is Paris.");
				// Both beans are instrumented, and the SDK client did answer the call.
				var openai = context.getBean(IntegrationRegistry.class).find("openai").orElseThrow();
				assertThat(openai.patchedBeans())
					.anySatisfy((bean) -> assertThat(bean.name()).isEqualTo("openAIClient"));
				assertThat(openai.calls()).isZero();
				assertThat(this.server.takeRequest().body()).contains("What is the capital of France?");
				List<SpanData> chat = this.test.spans("chat");
				assertThat(chat).hasSize(1);
				// The model's span (the request names no model), not the SDK client's.
				assertThat(chat.get(0).getName()).isEqualTo("chat");
				assertThat(chat.get(0).getAttributes().get(AttributeKey.stringKey("gen_ai.provider.name")))
					.isEqualTo("openai");
			});
	}

	@Test
	void modelWithAListenerIsOneSpanAndTheListenerRunsInsideIt() {
		List<Span> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
		ChatModelListener listener = new ChatModelListener() {

			@Override
			public void onRequest(ChatModelRequestContext requestContext) {
				seen.add(Span.current());
			}

		};
		this.test.runner()
			.withBean("openAiChatModel", OpenAiChatModel.class,
					() -> OpenAiChatModel.builder()
						.baseUrl(this.server.baseUrl() + "/v1")
						.apiKey("sk-test")
						.modelName("gpt-4o-mini")
						.maxRetries(0)
						.listeners(List.of(listener))
						.build())
			.run((context) -> {
				ChatModel model = context.getBean(ChatModel.class);
				model.chat("What is the capital of France?");
				List<SpanData> chat = this.test.spans("chat");
				assertThat(chat).hasSize(1);
				assertThat(seen).singleElement()
					.satisfies(
							(span) -> assertThat(span.getSpanContext().getSpanId()).isEqualTo(chat.get(0).getSpanId()));
			});
	}

	@Test
	void switchedOffAtRuntimeTheProxyPassesThroughAndBackOn() {
		this.test.runner()
			.withBean("openAiChatModel", OpenAiChatModel.class,
					() -> OpenAiChatModel.builder()
						.baseUrl(this.server.baseUrl() + "/v1")
						.apiKey("sk-test")
						.modelName("gpt-4o-mini")
						.maxRetries(0)
						.build())
			.run((context) -> {
				ChatModel model = context.getBean(ChatModel.class);
				IntegrationRegistry registry = context.getBean(IntegrationRegistry.class);
				registry.setEnabled(LangChain4jIntegration.NAME, false);
				assertThat(model.chat("Hi")).isEqualTo("The capital of France is Paris.");
				assertThat(this.test.spans()).isEmpty();
				registry.setEnabled(LangChain4jIntegration.NAME, true);
				assertThat(model.chat("Hi")).isEqualTo("The capital of France is Paris.");
				assertThat(this.test.spans("chat")).hasSize(1);
			});
	}

	/**
	 * A model of the application's that calls the OpenAI SDK client bean.
	 */
	static class SdkChatModel implements ChatModel {

		private final OpenAIClient client;

		SdkChatModel(OpenAIClient client) {
			this.client = client;
		}

		@Override
		public ChatResponse doChat(ChatRequest chatRequest) {
			String text = ((UserMessage) chatRequest.messages().get(0)).singleText();
			ChatCompletion completion = this.client.chat()
				.completions()
				.create(ChatCompletionCreateParams.builder().model("gpt-4o-mini").addUserMessage(text).build());
			return ChatResponse.builder()
				.aiMessage(AiMessage.from(completion.choices().get(0).message().content().orElse("")))
				.build();
		}

		@Override
		public ModelProvider provider() {
			return ModelProvider.OPEN_AI;
		}

	}

}
