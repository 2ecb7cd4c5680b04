package dev.braintrust.spring.boot.trace;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ChatStreamAccumulatorTests {

	@Test
	void aggregatesContentPerChoiceToolCallsByIndexFinishReasonsAndUsage() {
		ChatStreamAccumulator accumulator = new ChatStreamAccumulator();
		accumulator.id("chatcmpl-1").model("gpt-4o");
		accumulator.content(0, "Hel").content(1, "Bon").content(0, "lo").content(1, "jour");
		accumulator.toolCall(0, 0, "call_a", "weather", "").toolCall(0, 1, "call_b", "time", "{\"tz\":");
		accumulator.toolCall(0, 0, null, null, "{\"city\":").toolCall(0, 0, null, null, "\"Paris\"}");
		accumulator.toolCall(0, 1, null, null, "\"CET\"}");
		accumulator.finishReason(0, "tool_calls").finishReason(1, "stop");
		accumulator.usage(TokenUsage.of(10, 5));
		LlmResponse response = accumulator.toResponse();
		assertThat(response.id()).isEqualTo("chatcmpl-1");
		assertThat(response.model()).isEqualTo("gpt-4o");
		assertThat(response.usage().totalTokens()).isEqualTo(15);
		assertThat(response.choices()).hasSize(2);
		Choice first = response.choices().get(0);
		assertThat(first.message().role()).isEqualTo("assistant");
		assertThat(first.message().content()).isEqualTo("Hello");
		assertThat(first.finishReason()).isEqualTo("tool_calls");
		assertThat(first.message().toolCalls()).containsExactly(
				new ToolCall("call_a", "weather", "{\"city\":\"Paris\"}"),
				new ToolCall("call_b", "time", "{\"tz\":\"CET\"}"));
		assertThat(response.choices().get(1).message().content()).isEqualTo("Bonjour");
		assertThat(response.choices().get(1).index()).isEqualTo(1);
	}

	@Test
	void contentPartsAreKeptInTheOrderOfTheirIndexAndTextOnlyPartsAreJoined() {
		ChatStreamAccumulator accumulator = new ChatStreamAccumulator();
		accumulator.part(0, 1, "text", "").part(0, 0, "thinking", "2 + 2").part(0, 1, "text", "4");
		accumulator.part(0, 0, "thinking", " is 4").part(0, 2, "redacted_thinking", null);
		assertThat(accumulator.toResponse().choices().get(0).message().contentParts()).containsExactly(
				new ContentPart("thinking", "2 + 2 is 4", null), ContentPart.text("4"),
				new ContentPart("redacted_thinking", null, null));
		ChatStreamAccumulator textOnly = new ChatStreamAccumulator();
		textOnly.part(0, 0, "text", "The capital").part(0, 1, "text", "").part(0, 1, "text", " is Paris.");
		ChatMessage message = textOnly.toResponse().choices().get(0).message();
		assertThat(message.content()).isEqualTo("The capital is Paris.");
		assertThat(message.contentParts()).isEmpty();
	}

	@Test
	void contentPartsPastTheBoundsOrWithoutContentCaptureAreDropped() {
		ChatStreamAccumulator accumulator = new ChatStreamAccumulator();
		accumulator.part(0, 0, "text", "kept").part(0, -1, "text", "dropped");
		accumulator.part(0, ChatStreamAccumulator.MAX_PARTS, "text", "dropped");
		LlmResponse response = accumulator.toResponse();
		assertThat(response.truncated()).isTrue();
		assertThat(response.choices().get(0).message().content()).isEqualTo("kept");
		ChatStreamAccumulator noContent = new ChatStreamAccumulator(0);
		noContent.part(0, 0, "text", "secret").finishReason(0, "end_turn");
		assertThat(noContent.toResponse().choices().get(0).message().content()).isNull();
	}

	@Test
	void emptyAccumulatorGivesAnEmptyResponse() {
		LlmResponse response = new ChatStreamAccumulator().toResponse();
		assertThat(response.choices()).isEmpty();
		assertThat(response.usage()).isNull();
	}

	@Test
	void choiceAndToolIndicesPastTheBoundsAreDroppedAndTheResponseMarked() {
		ChatStreamAccumulator accumulator = new ChatStreamAccumulator();
		accumulator.content(0, "The capital");
		// Indices a hostile or broken server may send: nothing is allocated for them.
		accumulator.content(150_000_000, "a choice nobody asked for").content(-1, "a negative one");
		accumulator.toolCall(0, Integer.MAX_VALUE - 1, "call_1", "lookup", "{}");
		accumulator.role(ChatStreamAccumulator.MAX_CHOICES, "user")
			.finishReason(ChatStreamAccumulator.MAX_CHOICES, "stop");
		accumulator.content(0, " is Paris.").finishReason(0, "stop");
		LlmResponse response = accumulator.toResponse();
		assertThat(response.truncated()).isTrue();
		assertThat(response.choices()).singleElement().satisfies((choice) -> {
			assertThat(choice.message().content()).isEqualTo("The capital is Paris.");
			assertThat(choice.message().toolCalls()).isEmpty();
			assertThat(choice.finishReason()).isEqualTo("stop");
		});
	}

	@Test
	void contentPastTheCapacityIsCutAndTheResponseMarked() {
		ChatStreamAccumulator accumulator = new ChatStreamAccumulator(10);
		accumulator.content(0, "0123456").content(0, "789abc").content(0, "def");
		accumulator.toolCall(0, 0, "call_1", "lookup", "{}");
		LlmResponse response = accumulator.toResponse();
		assertThat(response.truncated()).isTrue();
		Choice choice = response.choices().get(0);
		assertThat(choice.message().content()).isEqualTo("0123456789");
		assertThat(choice.message().toolCalls()).singleElement()
			.satisfies((call) -> assertThat(call.arguments()).isEmpty());
	}

	@Test
	void withoutContentCaptureNoTextIsKeptButIdsFinishReasonsAndUsageAre() {
		ChatStreamAccumulator accumulator = new ChatStreamAccumulator(0);
		accumulator.id("chatcmpl-1").model("gpt-4o");
		accumulator.content(0, "a secret answer").toolCall(0, 0, "call_1", "lookup", "{\"q\":\"secret\"}");
		accumulator.finishReason(0, "tool_calls").usage(TokenUsage.of(10, 5));
		LlmResponse response = accumulator.toResponse();
		assertThat(response.truncated()).isFalse();
		assertThat(response.id()).isEqualTo("chatcmpl-1");
		assertThat(response.usage().totalTokens()).isEqualTo(15);
		assertThat(response.choices()).singleElement().satisfies((choice) -> {
			assertThat(choice.message().content()).isNull();
			assertThat(choice.message().toolCalls()).isEmpty();
			assertThat(choice.finishReason()).isEqualTo("tool_calls");
		});
	}

}
