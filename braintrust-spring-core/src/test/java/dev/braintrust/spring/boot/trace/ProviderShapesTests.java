package dev.braintrust.spring.boot.trace;

import java.util.List;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The provider shapes of the content documents, for one conversation: a system prompt, a
 * question, the model's tool call, the tool's result and a follow-up, answered with text
 * and a second tool call. The SDK integrations' own tests check them on real clients.
 */
class ProviderShapesTests {

	private final TestTracing tracing = new TestTracing();

	@AfterEach
	void close() {
		this.tracing.close();
	}

	@Test
	void chatShapeIsTheDefault() {
		Attributes span = trace(ContentShape.CHAT);
		assertThat(span.get(AttributeKey.stringKey("braintrust.input_json"))).isEqualTo("["
				+ "{\"role\":\"system\",\"content\":\"Be brief.\"},"
				+ "{\"role\":\"user\",\"content\":\"Weather in Paris?\"},"
				+ "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\","
				+ "\"function\":{\"name\":\"weather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}]},"
				+ "{\"role\":\"tool\",\"content\":\"18C\",\"name\":\"weather\",\"tool_call_id\":\"call_1\"},"
				+ "{\"role\":\"user\",\"content\":\"And Rome?\"}]");
	}

	@Test
	void googleShapeIsModelContentsAndCandidates() {
		Attributes span = trace(ContentShape.GOOGLE);
		assertThat(span.get(AttributeKey.stringKey("braintrust.input_json")))
			.isEqualTo("{\"model\":\"m\",\"contents\":["
					+ "{\"role\":\"user\",\"parts\":[{\"text\":\"Weather in Paris?\"}]},"
					+ "{\"role\":\"model\",\"parts\":[{\"functionCall\":{\"name\":\"weather\",\"args\":{\"city\":\"Paris\"}}}]},"
					+ "{\"role\":\"user\",\"parts\":[{\"functionResponse\":{\"name\":\"weather\",\"response\":{\"output\":\"18C\"}}}]},"
					+ "{\"role\":\"user\",\"parts\":[{\"text\":\"And Rome?\"}]}],"
					+ "\"config\":{\"systemInstruction\":{\"parts\":[{\"text\":\"Be brief.\"}]}}}");
		assertThat(span.get(AttributeKey.stringKey("braintrust.output_json")))
			.isEqualTo("{\"candidates\":[{\"index\":0,\"content\":{\"role\":\"model\",\"parts\":["
					+ "{\"text\":\"Checking.\"},{\"functionCall\":{\"name\":\"weather\",\"args\":{\"city\":\"Rome\"}}}]},"
					+ "\"finishReason\":\"STOP\"}]}");
	}

	@Test
	void bedrockShapeIsMessagesWithTypedPartsAndTheAssistantMessage() {
		Attributes span = trace(ContentShape.BEDROCK_CONVERSE);
		assertThat(span.get(AttributeKey.stringKey("braintrust.input_json"))).isEqualTo("["
				+ "{\"role\":\"system\",\"content\":[{\"type\":\"text\",\"text\":\"Be brief.\"}]},"
				+ "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Weather in Paris?\"}]},"
				+ "{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"toolUseId\":\"call_1\",\"name\":\"weather\","
				+ "\"input\":{\"city\":\"Paris\"}}]},"
				+ "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"toolUseId\":\"call_1\","
				+ "\"content\":[{\"type\":\"text\",\"text\":\"18C\"}]},{\"type\":\"text\",\"text\":\"And Rome?\"}]}]");
		assertThat(span.get(AttributeKey.stringKey("braintrust.output_json")))
			.isEqualTo("[{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"Checking.\"},"
					+ "{\"type\":\"tool_use\",\"toolUseId\":\"call_2\",\"name\":\"weather\",\"input\":{\"city\":\"Rome\"}}]}]");
	}

	@Test
	void anthropicShapeHasTheSystemPromptLastAndToolResultsInAUserMessage() {
		Attributes span = trace(ContentShape.ANTHROPIC);
		assertThat(span.get(AttributeKey.stringKey("braintrust.input_json"))).isEqualTo("["
				+ "{\"role\":\"user\",\"content\":\"Weather in Paris?\"},"
				+ "{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"call_1\",\"name\":\"weather\","
				+ "\"input\":{\"city\":\"Paris\"}}]},"
				+ "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"call_1\",\"content\":\"18C\"},"
				+ "{\"type\":\"text\",\"text\":\"And Rome?\"}]}," + "{\"role\":\"system\",\"content\":\"Be brief.\"}]");
		assertThat(span.get(AttributeKey.stringKey("braintrust.output_json")))
			.isEqualTo("{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"Checking.\"},"
					+ "{\"type\":\"tool_use\",\"id\":\"call_2\",\"name\":\"weather\",\"input\":{\"city\":\"Rome\"}}],"
					+ "\"stop_reason\":\"STOP\"}");
	}

	@Test
	void responsesShapeIsItems() {
		Attributes span = trace(ContentShape.OPENAI_RESPONSES);
		assertThat(span.get(AttributeKey.stringKey("braintrust.input_json"))).isEqualTo("["
				+ "{\"role\":\"system\",\"content\":\"Be brief.\"},"
				+ "{\"role\":\"user\",\"content\":\"Weather in Paris?\"},"
				+ "{\"type\":\"function_call\",\"call_id\":\"call_1\",\"name\":\"weather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"},"
				+ "{\"type\":\"function_call_output\",\"call_id\":\"call_1\",\"output\":\"18C\"},"
				+ "{\"role\":\"user\",\"content\":\"And Rome?\"}]");
		assertThat(span.get(AttributeKey.stringKey("braintrust.output_json")))
			.isEqualTo("[{\"type\":\"message\",\"role\":\"assistant\",\"status\":\"completed\",\"content\":"
					+ "[{\"type\":\"output_text\",\"text\":\"Checking.\"}]},"
					+ "{\"type\":\"function_call\",\"call_id\":\"call_2\",\"name\":\"weather\",\"arguments\":\"{\\\"city\\\":\\\"Rome\\\"}\"}]");
	}

	@Test
	void shapesDoNotChangeTheGenAiMessagesButTakeTheSystemPromptApart() {
		LlmCallDispatcher tracer = LlmCallDispatcher
			.builder(OpenTelemetrySpanWriter.builder(this.tracing.openTelemetry).genAiContent(true).build())
			.build();
		tracer.start(request(ContentShape.ANTHROPIC)).end(response());
		tracer.start(request(ContentShape.CHAT)).end(response());
		Attributes anthropic = this.tracing.spans().get(0).getAttributes();
		Attributes chat = this.tracing.spans().get(1).getAttributes();
		assertThat(anthropic.get(AttributeKey.stringKey("gen_ai.system_instructions")))
			.isEqualTo("[{\"type\":\"text\",\"content\":\"Be brief.\"}]");
		assertThat(anthropic.get(AttributeKey.stringKey("gen_ai.input.messages"))).doesNotContain("Be brief.")
			.contains("Weather in Paris?");
		assertThat(chat.get(AttributeKey.stringKey("gen_ai.system_instructions"))).isNull();
		assertThat(chat.get(AttributeKey.stringKey("gen_ai.input.messages"))).contains("Be brief.");
		assertThat(anthropic.get(AttributeKey.stringKey("gen_ai.output.messages")))
			.isEqualTo(chat.get(AttributeKey.stringKey("gen_ai.output.messages")));
	}

	private Attributes trace(ContentShape shape) {
		this.tracing.handler().build().start(request(shape)).end(response());
		return this.tracing.onlySpan().getAttributes();
	}

	private static LlmRequest request(ContentShape shape) {
		return LlmRequest.builder("test", "test", LlmOperation.CHAT)
			.model("m")
			.shape(shape)
			.message(ChatMessage.system("Be brief."))
			.message(ChatMessage.user("Weather in Paris?"))
			.message(ChatMessage.assistant(null, List.of(new ToolCall("call_1", "weather", "{\"city\":\"Paris\"}"))))
			.message(new ChatMessage("tool", "18C", List.of(), List.of(), "call_1", "weather"))
			.message(ChatMessage.user("And Rome?"))
			.build();
	}

	private static LlmResponse response() {
		return LlmResponse.chat("r", "m",
				List.of(new Choice(0,
						ChatMessage.assistant("Checking.",
								List.of(new ToolCall("call_2", "weather", "{\"city\":\"Rome\"}"))),
						"STOP")),
				TokenUsage.of(10, 5));
	}

}
