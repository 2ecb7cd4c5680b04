package dev.braintrust.spring.boot.integrations.springai;

import dev.braintrust.spring.boot.testsupport.MockLlmServer;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.model.anthropic.autoconfigure.AnthropicChatAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static dev.braintrust.spring.boot.integrations.springai.SpringAiTestContext.ourSpans;
import static dev.braintrust.spring.boot.integrations.springai.SpringAiTestContext.spans;
import static org.assertj.core.api.Assertions.assertThat;

class SpringAiAnthropicTests {

	private MockLlmServer server;

	private ApplicationContextRunner runner;

	@BeforeEach
	void startServer() {
		this.server = MockLlmServer.start();
		this.runner = SpringAiTestContext.runner(AnthropicChatAutoConfiguration.class)
			.withPropertyValues("spring.ai.anthropic.api-key=sk-ant-test",
					"spring.ai.anthropic.base-url=" + this.server.baseUrl(), "spring.ai.anthropic.max-retries=0",
					"spring.ai.anthropic.chat.options.model=claude-sonnet-4-5");
	}

	@AfterEach
	void stopServer() {
		this.server.close();
	}

	@Test
	void smoke() {
		this.server.onPost("/v1/messages").json("springai/anthropic/messages-basic.json");
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed();
			ChatModel model = context.getBean(ChatModel.class);
			System.out.println("ANSWER " + model.call("What is the capital of France?"));
			for (SpanData span : spans(context)) {
				System.out.println(span.getName() + " " + span.getAttributes());
			}
			System.out.println("STREAM " + model.stream("hi").collectList().block());
		});
	}

}
