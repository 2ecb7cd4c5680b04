package dev.braintrust.spring.boot.integrations.springai;

import java.util.List;

import dev.braintrust.spring.boot.testsupport.MockLlmServer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.model.openai.autoconfigure.OpenAiChatAutoConfiguration;
import org.springframework.ai.model.openai.autoconfigure.OpenAiEmbeddingAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static dev.braintrust.spring.boot.integrations.springai.SpringAiTestContext.nativeModelSpans;
import static dev.braintrust.spring.boot.integrations.springai.SpringAiTestContext.ourSpans;
import static dev.braintrust.spring.boot.integrations.springai.SpringAiTestContext.spans;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Spring AI integration with Spring AI's real {@code OpenAiChatModel} and
 * {@code OpenAiEmbeddingModel}, from Spring AI's own auto-configuration, talking HTTP to
 * a local server that replays OpenAI's payloads.
 */
class SpringAiOpenAiTests {

	private MockLlmServer server;

	private ApplicationContextRunner runner;

	@BeforeEach
	void startServer() {
		this.server = MockLlmServer.start();
		this.runner = SpringAiTestContext
			.runner(OpenAiChatAutoConfiguration.class, OpenAiEmbeddingAutoConfiguration.class)
			.withPropertyValues("spring.ai.openai.api-key=sk-test",
					"spring.ai.openai.base-url=" + this.server.baseUrl() + "/v1", "spring.ai.openai.max-retries=0",
					"spring.ai.openai.chat.options.model=gpt-4o-mini");
	}

	@AfterEach
	void stopServer() {
		this.server.close();
	}

	@Test
	void smoke() {
		this.server.onPost("/v1/chat/completions").json("springai/openai/chat-basic.json");
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed();
			ChatModel model = context.getBean(ChatModel.class);
			String answer = model.call("What is the capital of France?");
			assertThat(answer).isEqualTo("The capital of France is Paris.");
			for (SpanData span : spans(context)) {
				System.out.println(span.getName() + " " + span.getSpanId() + " parent=" + span.getParentSpanId() + " "
						+ span.getAttributes());
			}
			assertThat(ourSpans(context, "chat")).hasSize(1);
			assertThat(nativeModelSpans(context)).isEmpty();
		});
	}

}
