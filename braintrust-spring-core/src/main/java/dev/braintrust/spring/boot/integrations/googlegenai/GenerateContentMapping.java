package dev.braintrust.spring.boot.integrations.googlegenai;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.braintrust.spring.boot.trace.ChatMessage;
import dev.braintrust.spring.boot.trace.ChatStreamAccumulator;
import dev.braintrust.spring.boot.trace.Choice;
import dev.braintrust.spring.boot.trace.ContentPart;
import dev.braintrust.spring.boot.trace.ContentShape;
import dev.braintrust.spring.boot.trace.LlmOperation;
import dev.braintrust.spring.boot.trace.LlmRequest;
import dev.braintrust.spring.boot.trace.LlmResponse;
import dev.braintrust.spring.boot.trace.TokenUsage;
import dev.braintrust.spring.boot.trace.ToolCall;
import dev.braintrust.spring.boot.trace.ToolDefinition;
import org.jspecify.annotations.Nullable;

/**
 * Reads the Gemini API's and Vertex AI's REST bodies (the documented wire format, the
 * same for both and for every SDK version) into the starter's call records: the request's
 * system instruction and contents as chat messages ({@code functionCall} parts as tool
 * calls, {@code functionResponse} parts as tool messages, inline data as a placeholder),
 * its {@code generationConfig} parameters and tools; the response's candidates, finish
 * reasons, usage, id and model version. Braintrust logs these calls in Google's own shape
 * ({@link ContentShape#GOOGLE}), which the span writer renders from these records.
 */
final class GenerateContentMapping {

	/** The span's name in Braintrust, as Braintrust's SDKs name the call. */
	static final String GENERATE_CONTENT = "generate_content";

	static final String EMBED_CONTENT = "embed_content";

	static final String GEMINI = "gcp.gemini";

	static final String VERTEX_AI = "gcp.vertex_ai";

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final Set<String> CONTENT_FIELDS = Set.of("contents", "systemInstruction", "requests", "content");

	private GenerateContentMapping() {
	}

	static JsonNode parse(@Nullable String json) {
		if (json == null || json.isEmpty()) {
			return MissingNode.getInstance();
		}
		try {
			return JSON.readTree(json);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalArgumentException("The body is not JSON", ex);
		}
	}

	/**
	 * A request body, read from its bytes as a stream; without content capture, its
	 * content (the contents, the system instruction, the texts to embed) is skipped,
	 * never turned into strings, and the rest (parameters, tools) is read.
	 */
	static JsonNode parseRequest(InputStream body, boolean content) throws IOException {
		if (content) {
			return JSON.readTree(body);
		}
		ObjectNode kept = JSON.createObjectNode();
		try (JsonParser parser = JSON.getFactory().createParser(body)) {
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				return kept;
			}
			while (parser.nextToken() == JsonToken.FIELD_NAME) {
				String field = parser.currentName();
				parser.nextToken();
				if (CONTENT_FIELDS.contains(field)) {
					parser.skipChildren();
				}
				else {
					kept.set(field, JSON.readTree(parser));
				}
			}
		}
		return kept;
	}

	static LlmRequest request(GenAiOperation operation, String provider, @Nullable String model, JsonNode body,
			@Nullable String host, int port) {
		LlmRequest.Builder builder = LlmRequest
			.builder(GoogleGenAiIntegration.NAME, provider,
					operation.isEmbedding() ? LlmOperation.EMBEDDINGS : LlmOperation.CHAT)
			.model(model)
			.stream(operation.isStream())
			.displayName(operation.isEmbedding() ? EMBED_CONTENT : GENERATE_CONTENT)
			.server(host, port);
		if (operation.isEmbedding()) {
			embeddingRequest(builder, body);
			return builder.build();
		}
		builder.shape(ContentShape.GOOGLE);
		JsonNode config = body.path("generationConfig");
		builder.parameter("temperature", number(config, "temperature"));
		builder.parameter("top_p", number(config, "topP"));
		builder.parameter("top_k", number(config, "topK"));
		builder.parameter("max_output_tokens", number(config, "maxOutputTokens"));
		builder.parameter("candidate_count", number(config, "candidateCount"));
		builder.parameter("seed", number(config, "seed"));
		builder.parameter("stop_sequences", strings(config.path("stopSequences")));
		builder.parameter("response_mime_type", text(config, "responseMimeType"));
		builder.parameter("thinking_budget", number(config.path("thinkingConfig"), "thinkingBudget"));
		JsonNode system = body.path("systemInstruction");
		if (system.isObject()) {
			ChatMessage message = message("system", system.path("parts"));
			if (message != null) {
				builder.message(message);
			}
		}
		for (JsonNode content : body.path("contents")) {
			messages(builder, content);
		}
		for (JsonNode tool : body.path("tools")) {
			tools(builder, tool);
		}
		return builder.build();
	}

	private static void embeddingRequest(LlmRequest.Builder builder, JsonNode body) {
		List<Object> texts = new ArrayList<>();
		JsonNode requests = body.path("requests");
		if (requests.isArray()) {
			for (JsonNode request : requests) {
				embeddingText(texts, request.path("content"));
				builder.parameter("dimensions", number(request, "outputDimensionality"));
				builder.parameter("task_type", text(request, "taskType"));
			}
		}
		else {
			embeddingText(texts, body.path("content"));
			builder.parameter("dimensions", number(body, "outputDimensionality"));
			builder.parameter("task_type", text(body, "taskType"));
		}
		builder.input(texts);
	}

	private static void embeddingText(List<Object> texts, JsonNode content) {
		StringBuilder text = new StringBuilder();
		for (JsonNode part : content.path("parts")) {
			if (part.path("text").isTextual()) {
				text.append(part.path("text").asText());
			}
		}
		texts.add(text.toString());
	}

	// One content of the request: its function responses as tool messages, then what
	// else it says as a user or assistant message.
	private static void messages(LlmRequest.Builder builder, JsonNode content) {
		String role = "model".equals(text(content, "role")) ? "assistant" : "user";
		JsonNode parts = content.path("parts");
		for (JsonNode part : parts) {
			JsonNode response = part.path("functionResponse");
			if (response.isObject()) {
				String name = text(response, "name");
				String id = text(response, "id");
				builder.message(new ChatMessage("tool", response.path("response").toString(), List.of(), List.of(),
						(id != null) ? id : name, name));
			}
		}
		ChatMessage message = message(role, parts);
		if (message != null) {
			builder.message(message);
		}
	}

	/**
	 * The text, parts and function calls of a content's parts as one message; null when
	 * the parts are function responses only.
	 */
	static @Nullable ChatMessage message(String role, JsonNode parts) {
		List<ContentPart> contentParts = new ArrayList<>();
		List<ToolCall> calls = new ArrayList<>();
		boolean textOnly = true;
		for (JsonNode part : parts) {
			ContentPart contentPart = part(part);
			if (contentPart != null) {
				contentParts.add(contentPart);
				textOnly &= "text".equals(contentPart.type());
			}
			JsonNode call = part.path("functionCall");
			if (call.isObject()) {
				calls.add(new ToolCall(text(call, "id"), String.valueOf(text(call, "name")),
						call.path("args").isMissingNode() ? "{}" : call.path("args").toString()));
			}
		}
		if (contentParts.isEmpty() && calls.isEmpty()) {
			return null;
		}
		if (textOnly) {
			String text = joined(contentParts);
			return new ChatMessage(role, text, List.of(), calls, null, null);
		}
		return new ChatMessage(role, null, contentParts, calls, null, null);
	}

	private static @Nullable String joined(List<ContentPart> parts) {
		if (parts.isEmpty()) {
			return null;
		}
		if (parts.size() == 1) {
			return parts.get(0).text();
		}
		StringBuilder text = new StringBuilder();
		for (ContentPart part : parts) {
			text.append(part.text());
		}
		return text.toString();
	}

	private static @Nullable ContentPart part(JsonNode part) {
		JsonNode text = part.path("text");
		if (text.isTextual()) {
			return new ContentPart(part.path("thought").asBoolean(false) ? "thinking" : "text", text.asText(), null);
		}
		JsonNode inline = part.path("inlineData");
		if (inline.isObject()) {
			// The bytes are not recorded: a placeholder says what they were.
			String data = text(inline, "data");
			long bytes = (data != null) ? decodedLength(data) : 0;
			return new ContentPart("inline_data",
					"[inline data: " + text(inline, "mimeType") + ", " + bytes + " bytes]", null);
		}
		JsonNode file = part.path("fileData");
		if (file.isObject()) {
			return new ContentPart("file", null, text(file, "fileUri"));
		}
		JsonNode code = part.path("executableCode");
		if (code.isObject()) {
			return new ContentPart("text", text(code, "code"), null);
		}
		JsonNode result = part.path("codeExecutionResult");
		if (result.isObject()) {
			return new ContentPart("text", text(result, "output"), null);
		}
		return null;
	}

	// The size of base64 data, without decoding it.
	private static long decodedLength(String base64) {
		int padding = base64.endsWith("==") ? 2 : base64.endsWith("=") ? 1 : 0;
		return base64.length() * 3L / 4 - padding;
	}

	private static void tools(LlmRequest.Builder builder, JsonNode tool) {
		JsonNode declarations = tool.path("functionDeclarations");
		if (declarations.isArray()) {
			for (JsonNode declaration : declarations) {
				JsonNode schema = declaration.has("parametersJsonSchema") ? declaration.path("parametersJsonSchema")
						: declaration.path("parameters");
				builder.tool(new ToolDefinition(String.valueOf(text(declaration, "name")),
						text(declaration, "description"), schema.isMissingNode() ? null : schema.toString()));
			}
			return;
		}
		// A built-in tool (googleSearch, codeExecution, urlContext, ...): its name only.
		var names = tool.fieldNames();
		if (names.hasNext()) {
			builder.tool(new ToolDefinition(names.next(), null, null));
		}
	}

	// ---- Responses ----

	static LlmResponse response(JsonNode body) {
		List<Choice> choices = new ArrayList<>();
		int position = 0;
		for (JsonNode candidate : body.path("candidates")) {
			int index = candidate.path("index").asInt(position++);
			ChatMessage message = message("assistant", candidate.path("content").path("parts"));
			choices.add(new Choice(index, (message != null) ? message : ChatMessage.assistant(null),
					finishReason(text(candidate, "finishReason"))));
		}
		if (choices.isEmpty() && text(body.path("promptFeedback"), "blockReason") != null) {
			choices.add(new Choice(0, ChatMessage.assistant(null), "content_filter"));
		}
		return LlmResponse.chat(text(body, "responseId"), text(body, "modelVersion"), choices,
				usage(body.path("usageMetadata")));
	}

	/**
	 * An embeddings response as every integration records it: the number of vectors,
	 * never a vector (Braintrust's embeddings spec allows only the count).
	 */
	static LlmResponse embeddingResponse(JsonNode body) {
		JsonNode embeddings = body.path("embeddings");
		int count = embeddings.isArray() ? embeddings.size() : body.path("embedding").isObject() ? 1 : 0;
		JsonNode usage = body.path("usageMetadata");
		return LlmResponse.output(null, Map.of("count", count), usage.isObject() ? usage(usage) : null);
	}

	/**
	 * Google's finish reasons as Google names them ({@code STOP}, {@code MAX_TOKENS},
	 * ...), except the blocks of its safety and policy filters, which are the
	 * {@code content_filter} of OpenTelemetry and of every other integration.
	 */
	static @Nullable String finishReason(@Nullable String reason) {
		if (reason == null) {
			return null;
		}
		return switch (reason) {
			case "SAFETY", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY", "IMAGE_PROHIBITED_CONTENT",
					"RECITATION", "IMAGE_RECITATION" ->
				"content_filter";
			default -> reason;
		};
	}

	/**
	 * Gemini's usage in the starter's counts: the prompt includes the cached tokens, the
	 * output the candidates' and the thoughts' tokens (Gemini counts them apart), the
	 * thoughts are the reasoning tokens.
	 */
	static @Nullable TokenUsage usage(JsonNode usage) {
		if (!usage.isObject()) {
			return null;
		}
		Long prompt = count(usage, "promptTokenCount");
		Long candidates = count(usage, "candidatesTokenCount");
		Long thoughts = count(usage, "thoughtsTokenCount");
		Long output = (candidates != null || thoughts != null)
				? ((candidates != null) ? candidates : 0) + ((thoughts != null) ? thoughts : 0) : null;
		return new TokenUsage(prompt, output, count(usage, "totalTokenCount"), count(usage, "cachedContentTokenCount"),
				null, thoughts);
	}

	// ---- Stream chunks ----

	/**
	 * Adds one streamed chunk (a whole {@code GenerateContentResponse} of its own) to the
	 * aggregated response: text and thoughts are appended to the candidate's parts,
	 * function calls come whole, the usage of the last chunk that has one wins.
	 * @return whether the chunk is the last of the response: every candidate it has
	 * finished, or the prompt was blocked
	 */
	static boolean chunk(JsonNode chunk, ChatStreamAccumulator accumulator, StreamParts parts) {
		accumulator.id(text(chunk, "responseId")).model(text(chunk, "modelVersion"));
		int position = 0;
		boolean finished = true;
		for (JsonNode candidate : chunk.path("candidates")) {
			int index = candidate.path("index").asInt(position++);
			accumulator.role(index, "assistant");
			finished &= text(candidate, "finishReason") != null;
			for (JsonNode part : candidate.path("content").path("parts")) {
				JsonNode text = part.path("text");
				if (text.isTextual()) {
					String type = part.path("thought").asBoolean(false) ? "thinking" : "text";
					accumulator.part(index, parts.index(index, type), type, text.asText());
				}
				JsonNode call = part.path("functionCall");
				if (call.isObject()) {
					accumulator.toolCall(index, parts.nextToolCall(index), text(call, "id"), text(call, "name"),
							call.path("args").isMissingNode() ? "{}" : call.path("args").toString());
				}
			}
			accumulator.finishReason(index, finishReason(text(candidate, "finishReason")));
		}
		boolean blocked = position == 0 && text(chunk.path("promptFeedback"), "blockReason") != null;
		if (blocked) {
			accumulator.role(0, "assistant").finishReason(0, "content_filter");
		}
		TokenUsage usage = usage(chunk.path("usageMetadata"));
		if (usage != null) {
			accumulator.usage(usage);
		}
		return blocked || (position > 0 && finished);
	}

	// ---- JSON ----

	static @Nullable String text(JsonNode node, String field) {
		JsonNode value = node.path(field);
		return value.isValueNode() && !value.isNull() ? value.asText() : null;
	}

	private static @Nullable Number number(JsonNode node, String field) {
		JsonNode value = node.path(field);
		if (!value.isNumber()) {
			return null;
		}
		return value.isIntegralNumber() ? (Number) value.asLong() : (Number) value.asDouble();
	}

	private static @Nullable Long count(JsonNode node, String field) {
		JsonNode value = node.path(field);
		return value.isNumber() ? value.asLong() : null;
	}

	private static @Nullable List<String> strings(JsonNode array) {
		if (!array.isArray() || array.isEmpty()) {
			return null;
		}
		List<String> values = new ArrayList<>(array.size());
		for (JsonNode value : array) {
			values.add(value.asText());
		}
		return values;
	}

	/**
	 * Where the parts of each candidate of a stream stand: a new part starts when the
	 * kind of text changes (thoughts, then the answer), each function call is the next
	 * tool call. One per stream.
	 */
	static final class StreamParts {

		private static final int MAX_CANDIDATES = 128;

		private final Map<Integer, int[]> candidates = new LinkedHashMap<>();

		private final Map<Integer, String> types = new LinkedHashMap<>();

		private final int[] overflow = new int[3];

		int index(int candidate, String type) {
			int[] state = state(candidate);
			String previous = (state != this.overflow) ? this.types.put(candidate, type) : type;
			if (!type.equals(previous) && state[2] > 0) {
				state[0]++;
			}
			state[2] = 1;
			return state[0];
		}

		int nextToolCall(int candidate) {
			// A function call ends the text part before it.
			this.types.remove(candidate);
			return state(candidate)[1]++;
		}

		// The server numbers the candidates: past the accumulator's bound on choices
		// (which drops them), one shared state keeps this bounded too.
		private int[] state(int candidate) {
			if (this.candidates.size() >= MAX_CANDIDATES && !this.candidates.containsKey(candidate)) {
				return this.overflow;
			}
			return this.candidates.computeIfAbsent(candidate, (key) -> new int[3]);
		}

	}

}
