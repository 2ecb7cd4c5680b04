package dev.braintrust.spring.boot.integrations.springai;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.braintrust.spring.boot.testsupport.MockLlmServer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.openai.autoconfigure.OpenAiChatAutoConfiguration;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.definition.ToolDefinition;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code capture-content=false}, a Spring AI call whose messages, tool description
 * and schema, and every request option that can hold text carry a canary string exports
 * no span holding one; the options that are not content stay in the metadata.
 */
class SpringAiContentCaptureOffTests {

	private static final String CANARY = "cnry7";

	private final MockLlmServer server = MockLlmServer.start();

	@AfterEach
	void stopServer() {
		this.server.close();
	}

	@Test
	void chatModelCallWritesNoCanary() {
		this.server.onPost("/v1/chat/completions").json("openai/chat-basic.json");
		SpringAiTestContext.runner(OpenAiChatAutoConfiguration.class)
			.withPropertyValues("spring.ai.openai.api-key=sk-test",
					"spring.ai.openai.base-url=" + this.server.baseUrl() + "/v1", "spring.ai.openai.max-retries=0",
					"braintrust.trace.capture-content=false", "braintrust.trace.gen-ai-content=true")
			.run((context) -> {
				OpenAiChatOptions options = OpenAiChatOptions.builder()
					.model("gpt-4o-mini")
					.temperature(0.5)
					.topP(0.9)
					.maxTokens(256)
					.stop(List.of("END"))
					.frequencyPenalty(0.1)
					.presencePenalty(0.2)
					.seed(42)
					.n(1)
					.serviceTier("flex")
					.reasoningEffort("low")
					.verbosity("low")
					.user(canary("user"))
					.metadata(Map.of("customer", canary("metadata")))
					.promptCacheKey(canary("prompt-cache-key"))
					.extraBody(Map.of("custom", canary("extra-body")))
					.toolCallbacks(new CanaryTool())
					.build();
				Prompt prompt = new Prompt(
						List.of(new SystemMessage(canary("system")), new UserMessage(canary("user-message"))), options);
				context.getBean(ChatModel.class).call(prompt);
				List<SpanData> spans = SpringAiTestContext.spans(context);
				assertThat(spans).isNotEmpty().allSatisfy(SpringAiContentCaptureOffTests::assertNoCanary);
				SpanData chat = SpringAiTestContext.ourSpans(context, "chat").get(0);
				JsonNode metadata = JsonMapper.builder()
					.build()
					.readTree(chat.getAttributes().get(AttributeKey.stringKey("braintrust.metadata")));
				assertThat(metadata.get("model").asString()).as("the model that answered")
					.isEqualTo("gpt-4o-mini-2024-07-18");
				assertThat(metadata.get("temperature").asDouble()).isEqualTo(0.5);
				assertThat(metadata.get("stop").get(0).asString()).isEqualTo("END");
				assertThat(metadata.get("tools").toString())
					.isEqualTo("[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\"}}]");
			});
	}

	private static String canary(String field) {
		return CANARY + "-" + field;
	}

	private static void assertNoCanary(SpanData span) {
		List<String> texts = new ArrayList<>();
		texts.add(span.getName());
		texts.add(span.getStatus().getDescription());
		addValues(texts, span.getAttributes());
		for (EventData event : span.getEvents()) {
			texts.add(event.getName());
			addValues(texts, event.getAttributes());
		}
		assertThat(texts).as("names, status, attributes and events of span %s", span.getName())
			.noneSatisfy((text) -> assertThat(text).contains(CANARY));
	}

	private static void addValues(List<String> texts, Attributes attributes) {
		attributes.forEach((key, value) -> texts.add(key.getKey() + "=" + value));
	}

	/**
	 * A tool whose description and parameter schema are content.
	 */
	static final class CanaryTool implements ToolCallback {

		@Override
		public ToolDefinition getToolDefinition() {
			return ToolDefinition.builder()
				.name("get_weather")
				.description(canary("tool"))
				.inputSchema("{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\",\"description\":\""
						+ canary("schema") + "\"}}}")
				.build();
		}

		@Override
		public String call(String toolInput) {
			return "sunny";
		}

	}

}
