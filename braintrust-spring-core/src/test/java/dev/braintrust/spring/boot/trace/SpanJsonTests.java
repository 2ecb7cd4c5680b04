package dev.braintrust.spring.boot.trace;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class SpanJsonTests {

	@Test
	void stringsAreEscaped() {
		LlmRequest request = LlmRequest.builder("openai", "openai", LlmOperation.CHAT)
			.model("m")
			.message(ChatMessage.user("quote \" backslash \\ newline \n tab \t bell \u0007 é 😀"))
			.build();
		String json = SpanJson.input(request, 10_000);
		assertThat(TestTracing.parse(json).get(0).get("content").asString())
			.isEqualTo("quote \" backslash \\ newline \n tab \t bell \u0007 é 😀");
	}

	@ParameterizedTest
	@ValueSource(ints = { 16, 40, 100, 300, 1000, 4096 })
	void truncatedDocumentParsesAndStaysWithinTheBound(int max) {
		List<ChatMessage> messages = new ArrayList<>();
		messages.add(ChatMessage.system("You are a helpful assistant"));
		for (int i = 0; i < 40; i++) {
			messages.add(ChatMessage.user("question " + i + " \"quoted\" \n" + "é".repeat(200)));
			messages.add(ChatMessage.assistant(null,
					List.of(new ToolCall("call_" + i, "lookup", "{\"q\":\"" + "z".repeat(100) + "\"}"))));
		}
		LlmRequest request = LlmRequest.builder("openai", "openai", LlmOperation.CHAT)
			.model("m")
			.messages(messages)
			.build();
		String json = SpanJson.input(request, max);
		assertThat(json.length()).isLessThanOrEqualTo(max);
		JsonNode node = TestTracing.parse(json);
		assertThat(json).contains("truncated");
		if (max >= 1000) {
			assertThat(node.isArray()).isTrue();
		}
	}

	@Test
	void longStringsAreCutBeforeMessagesAreDropped() {
		LlmRequest request = LlmRequest.builder("openai", "openai", LlmOperation.CHAT)
			.model("m")
			.message(ChatMessage.system("short"))
			.message(ChatMessage.user("a".repeat(10_000)))
			.message(ChatMessage.user("last question"))
			.build();
		String json = SpanJson.input(request, 2000);
		assertThat(json.length()).isLessThanOrEqualTo(2000);
		JsonNode node = TestTracing.parse(json);
		assertThat(node.size()).isEqualTo(3);
		assertThat(node.get(0).get("content").asString()).isEqualTo("short");
		assertThat(node.get(1).get("content").asString()).startsWith("aaaa").endsWith("chars]");
		assertThat(node.get(2).get("content").asString()).isEqualTo("last question");
	}

	@Test
	void manyMessagesDropTheEarliestAndSaySo() {
		List<ChatMessage> messages = new ArrayList<>();
		for (int i = 0; i < 500; i++) {
			messages.add(ChatMessage.user("message number " + i));
		}
		LlmRequest request = LlmRequest.builder("openai", "openai", LlmOperation.CHAT)
			.model("m")
			.messages(messages)
			.build();
		String json = SpanJson.input(request, 1000);
		assertThat(json.length()).isLessThanOrEqualTo(1000);
		JsonNode node = TestTracing.parse(json);
		assertThat(node.get(0).get("content").asString()).contains("earlier messages omitted");
		assertThat(node.get(node.size() - 1).get("content").asString()).isEqualTo("message number 499");
	}

	@Test
	void truncationNeverSplitsASurrogatePair() {
		LlmRequest request = LlmRequest.builder("openai", "openai", LlmOperation.CHAT)
			.model("m")
			.message(ChatMessage.user("😀".repeat(2000)))
			.build();
		String json = SpanJson.input(request, 501);
		assertThat(json.length()).isLessThanOrEqualTo(501);
		String content = TestTracing.parse(json).get(0).get("content").asString();
		String kept = content.substring(0, content.indexOf("..."));
		assertThat(kept.length() % 2).isZero();
		assertThat(kept.codePoints()).allMatch((codePoint) -> codePoint == 0x1F600);
	}

	@Test
	void invalidToolSchemaIsWrittenAsAString() {
		LlmRequest request = LlmRequest.builder("openai", "openai", LlmOperation.CHAT)
			.model("m")
			.tool(new ToolDefinition("broken", null, "{\"type\":"))
			.tool(new ToolDefinition("ok", "desc", "{\"type\":\"object\",\"n\":1.5e3,\"b\":[true,false,null]}"))
			.build();
		JsonNode tools = TestTracing.parse(SpanJson.metadata(request, null, true, 65536)).get("tools");
		assertThat(tools.get(0).get("function").get("parameters").asString()).isEqualTo("{\"type\":");
		assertThat(tools.get(1).get("function").get("parameters").get("b").size()).isEqualTo(3);
		assertThat(tools.get(1).get("function").get("parameters").get("n").asDouble()).isEqualTo(1500.0);
	}

	@Test
	void metadataKeepsOnlyListedParametersWholeWithContentAndTypeCheckedWithout() {
		LlmRequest request = LlmRequest.builder("openai", "openai", LlmOperation.CHAT)
			.model("m")
			.parameter("temperature", 0.2)
			.parameter("user", "user-1")
			.parameter("metadata", Map.of("team", "a"))
			.parameter("response_format",
					Map.of("type", "json_schema", "json_schema", Map.of("name", "answer", "strict", true)))
			.parameter("future_parameter", "x")
			.build();
		assertThat(SpanJson.metadata(request, null, true, 65536))
			.isEqualTo("{\"provider\":\"openai\",\"model\":\"m\"," + "\"temperature\":0.2,\"response_format\":"
					+ TestTracing.parse(SpanJson.metadata(request, null, true, 65536)).get("response_format") + "}");
		assertThat(TestTracing.parse(SpanJson.metadata(request, null, true, 65536))
			.get("response_format")
			.get("json_schema")
			.get("name")
			.asString()).isEqualTo("answer");
		assertThat(SpanJson.metadata(request, null, false, 65536))
			.isEqualTo("{\"provider\":\"openai\",\"model\":\"m\",\"temperature\":0.2,"
					+ "\"response_format\":{\"type\":\"json_schema\"}}");
	}

	@Test
	void nonJsonToolArgumentsAreAString() {
		LlmRequest request = LlmRequest.builder("x", "openai", LlmOperation.EXECUTE_TOOL)
			.toolExecution("t", null, "not json")
			.build();
		assertThat(SpanJson.input(request, 100)).isEqualTo("\"not json\"");
	}

	@Test
	void genericValuesAreWritten() {
		Map<String, Object> output = new java.util.LinkedHashMap<>();
		output.put("n", 1);
		output.put("f", 0.5f);
		output.put("d", Double.NaN);
		output.put("list", List.of("a", 2L));
		output.put("nested", Map.of("k", true));
		assertThat(SpanJson.output(LlmResponse.output(null, output, null), ContentShape.CHAT, 1000))
			.isEqualTo("{\"n\":1,\"f\":0.5,\"d\":null,\"list\":[\"a\",2],\"nested\":{\"k\":true}}");
	}

	@Test
	void metricsAreNullWhenNothingIsKnown() {
		assertThat(SpanJson.metrics(null, -1)).isNull();
		assertThat(SpanJson.metrics(null, 0.25)).isEqualTo("{\"time_to_first_token\":0.25}");
	}

}
