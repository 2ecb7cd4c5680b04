package dev.braintrust.spring.boot.integrations.googlegenai;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import dev.braintrust.spring.boot.trace.ChatMessage;
import dev.braintrust.spring.boot.trace.Choice;
import dev.braintrust.spring.boot.trace.ContentPart;
import dev.braintrust.spring.boot.trace.ContentShape;
import dev.braintrust.spring.boot.trace.LlmRequest;
import dev.braintrust.spring.boot.trace.LlmResponse;
import dev.braintrust.spring.boot.trace.TokenUsage;
import dev.braintrust.spring.boot.trace.ToolCall;
import dev.braintrust.spring.boot.trace.ToolDefinition;
import okio.Buffer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The request and response bodies of {@code generateContent}, read as streams of JSON
 * tokens into the call records: every kind of part, in the order the API writes them.
 */
class GenerateContentMappingTests {

	private static final ChatMessage SYSTEM = ChatMessage
		.system("You are a weather assistant. Answer in one sentence.");

	@Test
	void aRequestsContentsAreChatMessagesPartByPart() throws IOException {
		LlmRequest request = request(resource("generate-content-request-multimodal.json"), true);

		assertThat(request.shape()).isEqualTo(ContentShape.GOOGLE);
		assertThat(request.messages()).containsExactly(SYSTEM, new ChatMessage("user", null,
				List.of(ContentPart.text("What is in this picture, and what is the weather where it was taken?"),
						new ContentPart("inline_data", "[inline data: image/png, 69 bytes]", null),
						new ContentPart("inline_data", "[inline data: audio/wav, 5 bytes]", null)),
				List.of(), null, null),
				new ChatMessage("assistant", null,
						List.of(new ContentPart("thinking", "The user wants the weather in Paris.", null)),
						List.of(new ToolCall("call-1", "get_weather", "{\"city\":\"Paris\",\"unit\":\"celsius\"}")),
						null, null),
				new ChatMessage("tool", "{\"temperature\":21,\"sky\":\"clear\"}", List.of(), List.of(), "call-1",
						"get_weather"),
				ChatMessage.assistant("print(21 * 9 / 5 + 32)69.8\n"),
				new ChatMessage("user", null,
						List.of(new ContentPart("file", null, "gs://weather-reports/paris.pdf"),
								ContentPart.text("Summarize the report, in \"one\" sentence.")),
						List.of(), null, null));
		assertParametersAndTools(request);
	}

	@Test
	void withoutContentARequestKeepsItsParametersAndToolsOnly() throws IOException {
		LlmRequest request = request(resource("generate-content-request-multimodal.json"), false);

		assertThat(request.messages()).isEmpty();
		assertParametersAndTools(request);
	}

	private static void assertParametersAndTools(LlmRequest request) {
		assertThat(request.parameters()).containsExactly(Map.entry("temperature", 0.2), Map.entry("top_p", 0.95),
				Map.entry("top_k", 40L), Map.entry("max_output_tokens", 256L), Map.entry("candidate_count", 1L),
				Map.entry("seed", 7L), Map.entry("stop_sequences", List.of("END")),
				Map.entry("response_mime_type", "text/plain"), Map.entry("thinking_budget", 128L));
		assertThat(request.tools()).containsExactly(new ToolDefinition("get_weather", "The weather of a city",
				"{\"properties\":{\"city\":{\"type\":\"STRING\"}},\"required\":[\"city\"],\"type\":\"OBJECT\"}"),
				new ToolDefinition("codeExecution", null, null));
	}

	@Test
	void aLongTextIsReadWholeForTheSpanToCutAtItsLimit() throws IOException {
		// The span writer cuts it and says how many characters it left out: it needs
		// them all.
		String text = "Résumé \"quoted\"\n\\ 😀 ".repeat(10_000);
		String latin1 = "Résumé \"quoted\"\n\\ ".repeat(10_000);
		String body = "{\"contents\":[{\"parts\":[{\"text\":" + quoted(text) + "}],\"role\":\"user\"},"
				+ "{\"parts\":[{\"text\":" + quoted(latin1) + "}],\"role\":\"model\"}],"
				+ "\"systemInstruction\":{\"parts\":[{\"text\":\"Be brief.\"}]}}";

		LlmRequest request = request(body.getBytes(StandardCharsets.UTF_8), true);

		assertThat(request.messages()).containsExactly(ChatMessage.system("Be brief."), ChatMessage.user(text),
				ChatMessage.assistant(latin1));
		assertThat(request.messages().get(1).content()).hasSize(text.length());
	}

	@Test
	void fieldsInAnyOrderAndOfOtherTypesAreReadAsTheApiMeansThem() throws IOException {
		String body = """
				{"generationConfig":{"temperature":1},
				 "contents":[
				   {"parts":[{"text":"a"},{"thoughtSignature":"c2ln","text":"b"},{"text":5},{}],"role":"model"},
				   "not a content",
				   {"parts":[{"functionCall":{"name":"f"}},{"functionResponse":{"name":"f","response":[1]}}]}],
				 "systemInstruction":{"parts":[{"text":"sys"}]},
				 "unknown":{"nested":[1,{"text":"x"}]}}
				""";

		LlmRequest request = request(body.getBytes(StandardCharsets.UTF_8), true);

		assertThat(request.messages()).containsExactly(ChatMessage.system("sys"), ChatMessage.assistant("ab"),
				new ChatMessage("tool", "[1]", List.of(), List.of(), "f", "f"),
				new ChatMessage("user", null, List.of(), List.of(new ToolCall(null, "f", "{}")), null, null));
		assertThat(request.parameters()).containsExactly(Map.entry("temperature", 1L));
	}

	@Test
	void aResponsesCandidatesAreChoicesPartByPart() throws IOException {
		LlmResponse response;
		try (BufferedBytes bytes = new BufferedBytes(
				new Buffer().write(resource("generate-content-thinking-two-candidates.json")))) {
			response = GenerateContentMapping.response(bytes);
		}

		assertThat(response.id()).isEqualTo("Vx9kacLZJf6mjMcPkbu4oQg");
		assertThat(response.model()).isEqualTo("gemini-2.5-pro");
		assertThat(response.choices()).containsExactly(new Choice(0,
				new ChatMessage("assistant", null,
						List.of(new ContentPart("thinking", "The user asks for the weather; I know it.", null),
								ContentPart.text("It is 21 °C and clear "), ContentPart.text("in Paris.")),
						List.of(new ToolCall("call-2", "save_report", "{\"city\":\"Paris\"}")), null, null),
				"STOP"), new Choice(1, ChatMessage.assistant(null), "content_filter"));
		assertThat(response.usage()).isEqualTo(new TokenUsage(120L, 70L, 190L, 64L, null, 40L));
	}

	@Test
	void aBlockedPromptsResponseIsAContentFilter() throws IOException {
		LlmResponse response = GenerateContentMapping.response(new ByteArrayInputStream(
				"{\"promptFeedback\":{\"blockReason\":\"SAFETY\"},\"usageMetadata\":{\"promptTokenCount\":8}}"
					.getBytes(StandardCharsets.UTF_8)));

		assertThat(response.choices()).containsExactly(new Choice(0, ChatMessage.assistant(null), "content_filter"));
		assertThat(response.usage().inputTokens()).isEqualTo(8);
	}

	@Test
	void anEmbeddingsRequestIsItsTextsAndParametersInBothOfItsShapes() throws IOException {
		String batch = """
				{"requests":[
				  {"model":"models/gemini-embedding-001","content":{"parts":[{"text":"Par"},{"text":"is"}]},
				   "taskType":"RETRIEVAL_DOCUMENT","outputDimensionality":768},
				  {"model":"models/gemini-embedding-001","content":{"parts":[{"text":"Rome"}]},
				   "taskType":"RETRIEVAL_DOCUMENT","outputDimensionality":768}]}
				""";
		String single = """
				{"content":{"role":"user","parts":[{"text":"Paris"}]},"outputDimensionality":256,
				 "taskType":"SEMANTIC_SIMILARITY","title":null}
				""";

		LlmRequest request = embeddingRequest(GenAiOperation.BATCH_EMBED_CONTENTS, batch, true);
		assertThat(request.input()).isEqualTo(List.of("Paris", "Rome"));
		assertThat(request.parameters()).containsExactly(Map.entry("dimensions", 768L),
				Map.entry("task_type", "RETRIEVAL_DOCUMENT"));
		request = embeddingRequest(GenAiOperation.EMBED_CONTENT, single, true);
		assertThat(request.input()).isEqualTo(List.of("Paris"));
		assertThat(request.parameters()).containsExactly(Map.entry("dimensions", 256L),
				Map.entry("task_type", "SEMANTIC_SIMILARITY"));
		request = embeddingRequest(GenAiOperation.EMBED_CONTENT,
				"{\"outputDimensionality\":123456789012345678901234567890,\"taskType\":7}", true);
		assertThat(request.parameters()).as("an out-of-range number read as a tree reads it, no error")
			.containsExactly(Map.entry("dimensions", new BigInteger("123456789012345678901234567890").longValue()),
					Map.entry("task_type", "7"));
	}

	@Test
	void withoutContentAnEmbeddingsRequestKeepsItsParametersOnly() throws IOException {
		LlmRequest request = embeddingRequest(GenAiOperation.BATCH_EMBED_CONTENTS, """
				{"requests":[{"content":{"parts":[{"text":"Paris"}]},"taskType":"CLUSTERING",
				  "outputDimensionality":128}]}
				""", false);

		assertThat(request.input()).isNull();
		assertThat(request.parameters()).containsExactly(Map.entry("dimensions", 128L),
				Map.entry("task_type", "CLUSTERING"));
	}

	@Test
	void anEmbeddingsResponseIsTheNumberOfItsVectors() throws IOException {
		String vector = "[" + "-0.0022632335,".repeat(3071) + "0.015316091]";
		String batch = "{\"embeddings\":[{\"values\":" + vector + "},{\"values\":" + vector + "},{\"values\":" + vector
				+ "}]}";
		String single = "{\"embedding\":{\"values\":" + vector
				+ "},\"usageMetadata\":{\"promptTokenCount\":3,\"totalTokenCount\":3}}";

		LlmResponse response = embeddingResponse(batch);
		assertThat(response.output()).isEqualTo(Map.of("count", 3));
		assertThat(response.usage()).isNull();
		response = embeddingResponse(single);
		assertThat(response.output()).isEqualTo(Map.of("count", 1));
		assertThat(response.usage()).isEqualTo(new TokenUsage(3L, null, 3L, null, null, null));
		assertThat(embeddingResponse("{\"embeddings\":[]}").output()).isEqualTo(Map.of("count", 0));
	}

	private static LlmRequest embeddingRequest(GenAiOperation operation, String body, boolean content)
			throws IOException {
		return GenerateContentMapping.request(operation, GenerateContentMapping.GEMINI, "gemini-embedding-001",
				new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), content,
				"generativelanguage.googleapis.com", 443);
	}

	private static LlmResponse embeddingResponse(String body) throws IOException {
		try (BufferedBytes bytes = new BufferedBytes(new Buffer().writeUtf8(body))) {
			return GenerateContentMapping.embeddingResponse(bytes);
		}
	}

	// Read as the interceptor reads it, from the bytes of a buffer, and as a plain
	// stream: the same request.
	private static LlmRequest request(byte[] body, boolean content) throws IOException {
		LlmRequest request;
		try (BufferedBytes bytes = new BufferedBytes(new Buffer().write(body))) {
			request = GenerateContentMapping.request(GenAiOperation.GENERATE_CONTENT, GenerateContentMapping.GEMINI,
					"gemini-2.5-flash", bytes, content, "generativelanguage.googleapis.com", 443);
		}
		assertThat(GenerateContentMapping.request(GenAiOperation.GENERATE_CONTENT, GenerateContentMapping.GEMINI,
				"gemini-2.5-flash", new ByteArrayInputStream(body), content, "generativelanguage.googleapis.com", 443))
			.isEqualTo(request);
		return request;
	}

	private static byte[] resource(String name) throws IOException {
		try (InputStream in = GenerateContentMappingTests.class.getResourceAsStream("/googlegenai/" + name)) {
			return in.readAllBytes();
		}
	}

	private static String quoted(String text) {
		StringBuilder json = new StringBuilder("\"");
		for (char c : text.toCharArray()) {
			switch (c) {
				case '"' -> json.append("\\\"");
				case '\\' -> json.append("\\\\");
				case '\n' -> json.append("\\n");
				default -> json.append(c);
			}
		}
		return json.append('"').toString();
	}

}
