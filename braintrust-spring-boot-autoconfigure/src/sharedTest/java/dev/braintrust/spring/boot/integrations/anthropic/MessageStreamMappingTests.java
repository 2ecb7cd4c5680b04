package dev.braintrust.spring.boot.integrations.anthropic;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.anthropic.core.ObjectMappers;
import com.anthropic.models.beta.messages.BetaRawMessageStreamEvent;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.braintrust.spring.boot.trace.ChatMessage;
import dev.braintrust.spring.boot.trace.ChatStreamAccumulator;
import dev.braintrust.spring.boot.trace.ContentPart;
import dev.braintrust.spring.boot.trace.LlmResponse;
import dev.braintrust.spring.boot.trace.ToolCall;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MessageStreamMappingTests {

	// Events of the messages API never go through their JSON tree.
	private final MessageStreamMapping typed = new MessageStreamMapping((event) -> {
		throw new AssertionError("converted to JSON: " + event);
	});

	private final MessageStreamMapping json = new MessageStreamMapping(ObjectMappers.jsonMapper()::valueToTree);

	@Test
	void messagesEventsAreReadThroughTheTypedAccessors() throws IOException {
		LlmResponse response = aggregate(this.typed, events("stream-basic.sse", RawMessageStreamEvent.class));
		assertThat(response.id()).isEqualTo("msg_01StrEAmx7Rk3pQ2v9HwYzTb");
		assertThat(response.choices()).singleElement().satisfies((choice) -> {
			assertThat(choice.message().content()).isEqualTo("The capital of France is Paris.");
			assertThat(choice.finishReason()).isEqualTo("end_turn");
		});
		assertThat(response.usage().inputTokens()).isEqualTo(21);
		assertThat(response.usage().outputTokens()).isEqualTo(10);
	}

	@Test
	void onlyContentDeltasAreContentAndMessageStopIsTheLastEvent() throws IOException {
		List<RawMessageStreamEvent> events = events("stream-basic.sse", RawMessageStreamEvent.class);
		assertThat(events.get(0).isMessageStart()).isTrue();
		assertThat(this.typed.isContent(events.get(0))).isFalse();
		assertThat(this.typed.isContent(events.get(1))).isFalse();
		assertThat(this.typed.isContent(events.get(2))).isTrue();
		assertThat(events.stream().filter(this.typed::isLast)).singleElement()
			.satisfies((event) -> assertThat(((RawMessageStreamEvent) event).isMessageStop()).isTrue());
	}

	@Test
	void thinkingAndToolUseAreTheSameThroughTypesAndThroughJson() throws IOException {
		for (String file : List.of("stream-thinking.sse", "stream-tool-use.sse", "stream-hostile-indices.sse")) {
			LlmResponse typed = aggregate(this.typed, events(file, RawMessageStreamEvent.class));
			LlmResponse beta = aggregate(this.json, events(file, BetaRawMessageStreamEvent.class));
			assertThat(beta).as(file).isEqualTo(typed);
		}
		ChatMessage thinking = aggregate(this.typed, events("stream-thinking.sse", RawMessageStreamEvent.class))
			.choices()
			.get(0)
			.message();
		assertThat(thinking.contentParts()).containsExactly(
				new ContentPart("thinking", "27 * 453: 27 * 400 = 10800, 27 * 53 = 1431, total 12231.", null),
				ContentPart.text("27 × 453 = 12,231."));
	}

	@Test
	void aToolCallWithoutInputHasEmptyObjectArguments() throws IOException {
		String sse = """
				event: content_block_start
				data: {"type":"content_block_start","index":0,"content_block":{"type":"tool_use","id":"toolu_1","name":"now","input":{}}}

				event: content_block_delta
				data: {"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":""}}

				event: content_block_stop
				data: {"type":"content_block_stop","index":0}

				""";
		LlmResponse response = aggregate(this.typed, parse(sse, RawMessageStreamEvent.class));
		assertThat(response.choices().get(0).message().toolCalls())
			.containsExactly(new ToolCall("toolu_1", "now", "{}"));
	}

	@Test
	void aToolCallCutOffBeforeItsInputHasEmptyObjectArguments() throws IOException {
		String sse = """
				event: content_block_start
				data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":"Let me check."}}

				event: content_block_stop
				data: {"type":"content_block_stop","index":0}

				event: content_block_start
				data: {"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_1","name":"now","input":{}}}

				""";
		for (LlmResponse response : List.of(cutOff(this.typed, parse(sse, RawMessageStreamEvent.class)),
				cutOff(this.json, parse(sse, BetaRawMessageStreamEvent.class)))) {
			assertThat(response.choices().get(0).message().toolCalls())
				.containsExactly(new ToolCall("toolu_1", "now", "{}"));
			assertThat(response.choices().get(0).message().content()).isEqualTo("Let me check.");
		}
	}

	@Test
	void aToolCallWhoseStartCarriesItsInputRecordsThatInput() throws IOException {
		String sse = """
				event: content_block_start
				data: {"type":"content_block_start","index":0,"content_block":{"type":"tool_use","id":"toolu_1","name":"weather","input":{"city":"Paris","days":[1,2]}}}

				event: content_block_stop
				data: {"type":"content_block_stop","index":0}

				event: content_block_start
				data: {"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_2","name":"weather","input":{"city":"Rome"}}}

				""";
		for (LlmResponse response : List.of(cutOff(typedReadingStartInputs(), parse(sse, RawMessageStreamEvent.class)),
				cutOff(this.json, parse(sse, BetaRawMessageStreamEvent.class)))) {
			assertThat(response.choices().get(0).message().toolCalls()).containsExactly(
					new ToolCall("toolu_1", "weather", "{\"city\":\"Paris\",\"days\":[1,2]}"),
					new ToolCall("toolu_2", "weather", "{\"city\":\"Rome\"}"));
		}
	}

	@Test
	void inputDeltasWinOverTheInputOfTheStart() throws IOException {
		String sse = """
				event: content_block_start
				data: {"type":"content_block_start","index":0,"content_block":{"type":"tool_use","id":"toolu_1","name":"weather","input":{"city":"Paris"}}}

				event: content_block_delta
				data: {"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"{\\"city\\": \\"Ro"}}

				event: content_block_delta
				data: {"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"me\\"}"}}

				event: content_block_stop
				data: {"type":"content_block_stop","index":0}

				""";
		for (LlmResponse response : List.of(cutOff(typedReadingStartInputs(), parse(sse, RawMessageStreamEvent.class)),
				cutOff(this.json, parse(sse, BetaRawMessageStreamEvent.class)))) {
			assertThat(response.choices().get(0).message().toolCalls())
				.containsExactly(new ToolCall("toolu_1", "weather", "{\"city\": \"Rome\"}"));
		}
	}

	@Test
	void withoutContentCaptureToolInputsAreNotRead() throws IOException {
		String sse = """
				event: content_block_start
				data: {"type":"content_block_start","index":0,"content_block":{"type":"tool_use","id":"toolu_1","name":"weather","input":{"city":"Paris"}}}

				""";
		MessageStreamMapping mapping = new MessageStreamMapping((event) -> {
			throw new AssertionError("converted to JSON: " + event);
		}, false);
		ChatStreamAccumulator accumulator = new ChatStreamAccumulator(0);
		for (Object event : parse(sse, RawMessageStreamEvent.class)) {
			mapping.accept(event, accumulator);
		}
		assertThat(mapping.completed(accumulator.toResponse()).choices()).isEmpty();
	}

	@Test
	void usageOfMessageDeltaWinsAndKeepsTheCountsItDoesNotCarry() throws IOException {
		String sse = """
				event: message_start
				data: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":10,"output_tokens":1,"cache_read_input_tokens":100,"cache_creation_input_tokens":50,"cache_creation":{"ephemeral_5m_input_tokens":20,"ephemeral_1h_input_tokens":30}}}}

				event: message_delta
				data: {"type":"message_delta","delta":{"stop_reason":"max_tokens","stop_sequence":null},"usage":{"output_tokens":42}}

				""";
		for (MessageStreamMapping mapping : List.of(this.typed, this.json)) {
			LlmResponse response = aggregate(mapping, parse(sse, RawMessageStreamEvent.class));
			assertThat(response.usage().inputTokens()).isEqualTo(160);
			assertThat(response.usage().outputTokens()).isEqualTo(42);
			assertThat(response.usage().cachedInputTokens()).isEqualTo(100);
			assertThat(response.usage().cacheCreationInputTokens()).isEqualTo(50);
			assertThat(response.usage().cacheCreation5mTokens()).isEqualTo(20L);
			assertThat(response.usage().cacheCreation1hTokens()).isEqualTo(30L);
			assertThat(response.choices().get(0).finishReason()).isEqualTo("max_tokens");
		}
	}

	// Only the input a tool block starts with is converted to JSON.
	private MessageStreamMapping typedReadingStartInputs() {
		return new MessageStreamMapping((value) -> {
			if (value instanceof RawMessageStreamEvent) {
				throw new AssertionError("converted to JSON: " + value);
			}
			return ObjectMappers.jsonMapper().valueToTree(value);
		}, true);
	}

	// The response of a stream that ended after these events, as the call records it.
	private static LlmResponse cutOff(MessageStreamMapping mapping, List<?> events) {
		return mapping.completed(aggregate(mapping, events));
	}

	private static LlmResponse aggregate(MessageStreamMapping mapping, List<?> events) {
		ChatStreamAccumulator accumulator = new ChatStreamAccumulator();
		for (Object event : events) {
			mapping.accept(event, accumulator);
		}
		return accumulator.toResponse();
	}

	private static <T> List<T> events(String file, Class<T> type) throws IOException {
		try (InputStream in = MessageStreamMappingTests.class.getResourceAsStream("/anthropic/" + file)) {
			return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), type);
		}
	}

	private static <T> List<T> parse(String sse, Class<T> type) throws IOException {
		List<T> events = new ArrayList<>();
		for (String line : sse.split("\n")) {
			if (line.startsWith("data: ")) {
				JsonNode data = ObjectMappers.jsonMapper().readTree(line.substring("data: ".length()));
				if (!"ping".equals(data.path("type").asText())) {
					events.add(ObjectMappers.jsonMapper().treeToValue(data, type));
				}
			}
		}
		return events;
	}

}
