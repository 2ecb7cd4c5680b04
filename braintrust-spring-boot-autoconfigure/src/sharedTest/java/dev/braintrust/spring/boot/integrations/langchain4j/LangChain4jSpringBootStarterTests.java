package dev.braintrust.spring.boot.integrations.langchain4j;

import java.util.List;

import dev.braintrust.spring.boot.integration.IntegrationInfo;
import dev.braintrust.spring.boot.integration.IntegrationRegistry;
import dev.braintrust.spring.boot.testsupport.MockLlmServer;
import dev.braintrust.spring.testapp.langchain4j.StarterApplication;
import dev.braintrust.spring.testapp.langchain4j.StarterAssistant;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.spring.LangChain4jAutoConfig;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application built with LangChain4j's Spring Boot starter: the {@code @AiService}
 * interfaces it turns into beans are traced like services built with {@code AiServices}.
 */
class LangChain4jSpringBootStarterTests {

	private final LangChain4jTestContext test = new LangChain4jTestContext();

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
	void anAiServiceOfTheStarterIsOneTraceWithItsModelCall() {
		this.server.onPost("/v1/chat/completions").json("openai/chat-basic.json");
		this.test.runner(LangChain4jAutoConfig.class)
			.withPropertyValues("test.openai.base-url=" + this.server.baseUrl() + "/v1")
			.withUserConfiguration(StarterApplication.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				StarterAssistant assistant = context.getBean(StarterAssistant.class);
				assertThat(assistant.chat("What is the capital of France?"))
					.isEqualTo("The capital of France is Paris.");
				List<SpanData> spans = this.test.spans();
				assertThat(spans).extracting(SpanData::getName)
					.containsExactly("chat gpt-4o-mini", "invoke_agent StarterAssistant.chat");
				assertThat(spans.get(0).getParentSpanId()).isEqualTo(spans.get(1).getSpanId());
				assertThat(spans.get(1).getAttributes().get(AttributeKey.stringKey("braintrust.input_json")))
					.isEqualTo("[\"What is the capital of France?\"]");
				IntegrationInfo info = context.getBean(IntegrationRegistry.class).find("langchain4j").orElseThrow();
				assertThat(info.patchedBeans()).extracting((bean) -> bean.type())
					.contains(StarterAssistant.class.getName(), OpenAiChatModel.class.getName());
			});
	}

}
