package dev.braintrust.spring.boot.integrations.googlegenai;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
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

	// Jackson's parser holds a string of up to this many characters in one buffer that it
	// reuses; a longer one costs it four times its size (see BufferedBytes).
	private static final int LONG_TEXT = 32 * 1024;

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
	 * A request, read from its body's bytes as a stream of JSON tokens. The contents and
	 * the system instruction become chat messages as they are read, no tree is built of
	 * them; without content capture they are skipped, never turned into strings. The
	 * parameters and the tools (small) are read as trees.
	 * @param body the body, or null when it could not be read; long texts are decoded
	 * straight from the bytes of a {@link BufferedBytes}
	 */
	static LlmRequest request(GenAiOperation operation, String provider, @Nullable String model,
			@Nullable InputStream body, boolean content, @Nullable String host, int port) throws IOException {
		LlmRequest.Builder builder = LlmRequest
			.builder(GoogleGenAiIntegration.NAME, provider,
					operation.isEmbedding() ? LlmOperation.EMBEDDINGS : LlmOperation.CHAT)
			.model(model)
			.stream(operation.isStream())
			.displayName(operation.isEmbedding() ? EMBED_CONTENT : GENERATE_CONTENT)
			.server(host, port);
		if (operation.isEmbedding()) {
			if (body != null) {
				embeddingRequest(builder, body, content);
			}
			return builder.build();
		}
		builder.shape(ContentShape.GOOGLE);
		if (body == null) {
			return builder.build();
		}
		JsonNode config = MissingNode.getInstance();
		JsonNode tools = MissingNode.getInstance();
		ChatMessage system = null;
		List<ChatMessage> messages = List.of();
		BufferedBytes bytes = (body instanceof BufferedBytes buffered) ? buffered : null;
		try (JsonParser parser = JSON.getFactory().createParser(body)) {
			if (parser.nextToken() == JsonToken.START_OBJECT) {
				while (parser.nextToken() == JsonToken.FIELD_NAME) {
					String field = parser.currentName();
					JsonToken value = parser.nextToken();
					if (content && "contents".equals(field)) {
						messages = contents(parser, bytes);
					}
					else if (content && "systemInstruction".equals(field)) {
						system = (value == JsonToken.START_OBJECT) ? content(parser, bytes).message("system") : null;
						parser.skipChildren();
					}
					else if ("generationConfig".equals(field)) {
						config = JSON.readTree(parser);
					}
					else if ("tools".equals(field)) {
						tools = JSON.readTree(parser);
					}
					else {
						parser.skipChildren();
					}
				}
			}
		}
		builder.parameter("temperature", number(config, "temperature"));
		builder.parameter("top_p", number(config, "topP"));
		builder.parameter("top_k", number(config, "topK"));
		builder.parameter("max_output_tokens", number(config, "maxOutputTokens"));
		builder.parameter("candidate_count", number(config, "candidateCount"));
		builder.parameter("seed", number(config, "seed"));
		builder.parameter("stop_sequences", strings(config.path("stopSequences")));
		builder.parameter("response_mime_type", text(config, "responseMimeType"));
		builder.parameter("thinking_budget", number(config.path("thinkingConfig"), "thinkingBudget"));
		if (system != null) {
			builder.message(system);
		}
		builder.messages(messages);
		for (JsonNode tool : tools) {
			tools(builder, tool);
		}
		return builder.build();
	}

	// An embeddings request, read as a stream of JSON tokens: one request (Vertex AI's
	// :embedContent) or several in "requests" (:batchEmbedContents). Without content
	// capture the texts to embed are skipped, never turned into strings.
	private static void embeddingRequest(LlmRequest.Builder builder, InputStream body, boolean content)
			throws IOException {
		List<Object> texts = new ArrayList<>();
		List<Object> batch = null;
		Map<String, Object> parameters = new LinkedHashMap<>();
		try (JsonParser parser = JSON.getFactory().createParser(body)) {
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				return;
			}
			while (parser.nextToken() == JsonToken.FIELD_NAME) {
				String field = parser.currentName();
				if (parser.nextToken() == JsonToken.START_ARRAY && "requests".equals(field)) {
					batch = new ArrayList<>();
					JsonToken element;
					while ((element = nextElement(parser, false)) != null) {
						if (element == JsonToken.START_OBJECT) {
							embeddingFields(parser, parameters, batch, content);
						}
						else {
							parser.skipChildren();
						}
					}
				}
				else {
					embeddingField(parser, field, parameters, texts, content);
				}
			}
		}
		// In one order, whatever the body's
		builder.parameter("dimensions", parameters.get("dimensions"));
		builder.parameter("task_type", parameters.get("task_type"));
		if (content) {
			builder.input((batch != null) ? batch : texts);
		}
	}

	// The fields of one embeddings request (the parser at its start).
	private static void embeddingFields(JsonParser parser, Map<String, Object> parameters, List<Object> texts,
			boolean content) throws IOException {
		while (parser.nextToken() == JsonToken.FIELD_NAME) {
			String field = parser.currentName();
			parser.nextToken();
			embeddingField(parser, field, parameters, texts, content);
		}
	}

	// One field of an embeddings request (the parser at its value): the content's texts
	// as one input, the dimensions and the task type as parameters.
	private static void embeddingField(JsonParser parser, String field, Map<String, Object> parameters,
			List<Object> texts, boolean content) throws IOException {
		switch (field) {
			case "content" -> {
				if (content) {
					texts.add(embeddingText(JSON.readTree(parser)));
				}
				else {
					parser.skipChildren();
				}
			}
			case "outputDimensionality" -> {
				// As a tree reads it: any integer as a long (never an overflow error), a
				// fraction as a double
				if (parser.currentToken() == JsonToken.VALUE_NUMBER_INT) {
					parameters.put("dimensions", parser.getNumberValue().longValue());
				}
				else if (parser.currentToken() == JsonToken.VALUE_NUMBER_FLOAT) {
					parameters.put("dimensions", parser.getDoubleValue());
				}
			}
			case "taskType" -> {
				if (parser.currentToken().isScalarValue() && parser.currentToken() != JsonToken.VALUE_NULL) {
					parameters.put("task_type", parser.getText());
				}
			}
			default -> parser.skipChildren();
		}
	}

	private static String embeddingText(JsonNode content) {
		StringBuilder text = new StringBuilder();
		for (JsonNode part : content.path("parts")) {
			if (part.path("text").isTextual()) {
				text.append(part.path("text").asText());
			}
		}
		return text.toString();
	}

	// The request's contents (the parser at their value): each content's function
	// responses as tool messages, then what else it says as a user or assistant message.
	private static List<ChatMessage> contents(JsonParser parser, @Nullable BufferedBytes bytes) throws IOException {
		if (!parser.currentToken().isStructStart()) {
			return List.of();
		}
		boolean object = parser.currentToken() == JsonToken.START_OBJECT;
		List<ChatMessage> messages = new ArrayList<>();
		JsonToken token;
		while ((token = nextElement(parser, object)) != null) {
			if (token != JsonToken.START_OBJECT) {
				parser.skipChildren();
				continue;
			}
			Content content = content(parser, bytes);
			messages.addAll(content.toolResults);
			ChatMessage message = content.message("model".equals(content.role) ? "assistant" : "user");
			if (message != null) {
				messages.add(message);
			}
		}
		return messages;
	}

	// One Content object (the parser at its start, left at its end): its role and parts.
	private static Content content(JsonParser parser, @Nullable BufferedBytes bytes) throws IOException {
		Content content = new Content();
		while (parser.nextToken() == JsonToken.FIELD_NAME) {
			String field = parser.currentName();
			JsonToken value = parser.nextToken();
			if ("role".equals(field)) {
				content.role = scalar(parser);
			}
			else if ("parts".equals(field)) {
				content.clear();
				boolean object = value == JsonToken.START_OBJECT;
				JsonToken token;
				while (value.isStructStart() && (token = nextElement(parser, object)) != null) {
					if (token == JsonToken.START_OBJECT) {
						part(parser, bytes, content);
					}
					else {
						parser.skipChildren();
					}
				}
			}
			else {
				parser.skipChildren();
			}
		}
		return content;
	}

	// One Part object (the parser at its start, left at its end). Its text wins, then its
	// inline data, file, code, code result; a function call or response is recorded
	// besides. The bytes of inline data are counted, never turned into a string, and a
	// thought's signature is skipped.
	private static void part(JsonParser parser, @Nullable BufferedBytes bytes, Content content) throws IOException {
		String text = null;
		boolean thought = false;
		ContentPart inline = null;
		ContentPart file = null;
		ContentPart code = null;
		ContentPart result = null;
		ToolCall call = null;
		ChatMessage response = null;
		while (parser.nextToken() == JsonToken.FIELD_NAME) {
			String field = parser.currentName();
			boolean object = parser.nextToken() == JsonToken.START_OBJECT;
			switch (field) {
				case "text" -> text = (parser.currentToken() == JsonToken.VALUE_STRING) ? text(parser, bytes) : null;
				case "thought" -> thought = bool(parser);
				case "inlineData" -> inline = object ? inlineData(parser) : null;
				case "fileData" -> file = object ? new ContentPart("file", null, field(parser, "fileUri")) : null;
				case "executableCode" -> code = object ? new ContentPart("text", field(parser, "code"), null) : null;
				case "codeExecutionResult" ->
					result = object ? new ContentPart("text", field(parser, "output"), null) : null;
				case "functionCall" -> call = object ? functionCall(parser) : null;
				case "functionResponse" -> response = object ? functionResponse(parser) : null;
				default -> {
				}
			}
			// What was not read (a value of another type, another field) is skipped.
			parser.skipChildren();
		}
		ContentPart part = (text != null) ? new ContentPart(thought ? "thinking" : "text", text, null)
				: (inline != null) ? inline : (file != null) ? file : (code != null) ? code : result;
		if (part != null) {
			content.parts.add(part);
			content.textOnly &= "text".equals(part.type());
		}
		if (call != null) {
			content.calls.add(call);
		}
		if (response != null) {
			content.toolResults.add(response);
		}
	}

	// The bytes are not recorded: a placeholder says what they were.
	private static ContentPart inlineData(JsonParser parser) throws IOException {
		String mimeType = null;
		long bytes = 0;
		while (parser.nextToken() == JsonToken.FIELD_NAME) {
			String field = parser.currentName();
			JsonToken value = parser.nextToken();
			if ("mimeType".equals(field)) {
				mimeType = scalar(parser);
			}
			else if ("data".equals(field)) {
				if (value == JsonToken.VALUE_STRING) {
					Base64Length length = new Base64Length();
					parser.getText(length);
					bytes = length.decoded();
				}
				else {
					String data = scalar(parser);
					bytes = (data != null) ? decodedLength(data) : 0;
				}
			}
			else {
				parser.skipChildren();
			}
		}
		return new ContentPart("inline_data", "[inline data: " + mimeType + ", " + bytes + " bytes]", null);
	}

	private static ToolCall functionCall(JsonParser parser) throws IOException {
		NamedValue call = NamedValue.read(parser, "args", "{}");
		return new ToolCall(call.id(), String.valueOf(call.name()), call.json());
	}

	private static ChatMessage functionResponse(JsonParser parser) throws IOException {
		NamedValue response = NamedValue.read(parser, "response", MissingNode.getInstance().toString());
		return new ChatMessage("tool", response.json(), List.of(), List.of(),
				(response.id() != null) ? response.id() : response.name(), response.name());
	}

	/**
	 * A {@code functionCall} or {@code functionResponse} part: its id, its name, and one
	 * object field written back as JSON.
	 */
	private record NamedValue(@Nullable String id, @Nullable String name, String json) {

		static NamedValue read(JsonParser parser, String valueField, String absent) throws IOException {
			String id = null;
			String name = null;
			String json = absent;
			while (parser.nextToken() == JsonToken.FIELD_NAME) {
				String field = parser.currentName();
				parser.nextToken();
				if ("id".equals(field)) {
					id = scalar(parser);
				}
				else if ("name".equals(field)) {
					name = scalar(parser);
				}
				else if (valueField.equals(field)) {
					json = JSON.readTree(parser).toString();
				}
				else {
					parser.skipChildren();
				}
			}
			return new NamedValue(id, name, json);
		}

	}

	// The value of one field of an object (the parser at its start, left at its end).
	private static @Nullable String field(JsonParser parser, String name) throws IOException {
		String value = null;
		while (parser.nextToken() == JsonToken.FIELD_NAME) {
			String field = parser.currentName();
			parser.nextToken();
			if (name.equals(field)) {
				value = scalar(parser);
			}
			else {
				parser.skipChildren();
			}
		}
		return value;
	}

	// A text, the parser at its string: a long one is decoded from the body's bytes when
	// they are at hand.
	private static String text(JsonParser parser, @Nullable BufferedBytes bytes) throws IOException {
		if (bytes != null) {
			String text = bytes.jsonString(parser.currentTokenLocation().getByteOffset(), LONG_TEXT);
			if (text != null) {
				return text;
			}
		}
		return parser.getText();
	}

	// The next element of the array, or value of the object, that the parser is in (as a
	// tree iterates them); null at its end.
	private static @Nullable JsonToken nextElement(JsonParser parser, boolean object) throws IOException {
		JsonToken token = parser.nextToken();
		if (object && token == JsonToken.FIELD_NAME) {
			token = parser.nextToken();
		}
		return (token == null || token.isStructEnd()) ? null : token;
	}

	// A scalar's text, as JsonNode#asText gives it; null for null and containers.
	private static @Nullable String scalar(JsonParser parser) throws IOException {
		JsonToken token = parser.currentToken();
		if (token == null || token == JsonToken.VALUE_NULL) {
			return null;
		}
		if (token.isScalarValue()) {
			return parser.getText();
		}
		parser.skipChildren();
		return null;
	}

	// A flag, as JsonNode#asBoolean(false) reads it.
	private static boolean bool(JsonParser parser) throws IOException {
		JsonToken token = parser.currentToken();
		if (token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE) {
			return token == JsonToken.VALUE_TRUE;
		}
		if (token == JsonToken.VALUE_STRING) {
			return "true".equals(parser.getText().trim());
		}
		if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
			return parser.getNumberValue().intValue() != 0;
		}
		parser.skipChildren();
		return false;
	}

	/**
	 * The text, parts and function calls of a content's parts as one message; null when
	 * the parts are function responses only.
	 */
	private static @Nullable ChatMessage message(String role, List<ContentPart> contentParts, List<ToolCall> calls,
			boolean textOnly) {
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

	/**
	 * A response, read from its body's bytes as a stream of JSON tokens: the candidates'
	 * parts become the choices' messages as they are read; the usage and the prompt's
	 * feedback (small) are read as trees.
	 * @param body the body; long texts are decoded straight from the bytes of a
	 * {@link BufferedBytes}
	 */
	static LlmResponse response(InputStream body) throws IOException {
		List<Choice> choices = List.of();
		JsonNode feedback = MissingNode.getInstance();
		JsonNode usage = MissingNode.getInstance();
		String id = null;
		String model = null;
		BufferedBytes bytes = (body instanceof BufferedBytes buffered) ? buffered : null;
		try (JsonParser parser = JSON.getFactory().createParser(body)) {
			if (parser.nextToken() == JsonToken.START_OBJECT) {
				while (parser.nextToken() == JsonToken.FIELD_NAME) {
					String field = parser.currentName();
					parser.nextToken();
					switch (field) {
						case "candidates" -> choices = candidates(parser, bytes);
						case "promptFeedback" -> feedback = JSON.readTree(parser);
						case "usageMetadata" -> usage = JSON.readTree(parser);
						case "responseId" -> id = scalar(parser);
						case "modelVersion" -> model = scalar(parser);
						default -> parser.skipChildren();
					}
				}
			}
		}
		if (choices.isEmpty() && text(feedback, "blockReason") != null) {
			choices = List.of(new Choice(0, ChatMessage.assistant(null), "content_filter"));
		}
		return LlmResponse.chat(id, model, choices, usage(usage));
	}

	private static List<Choice> candidates(JsonParser parser, @Nullable BufferedBytes bytes) throws IOException {
		if (!parser.currentToken().isStructStart()) {
			return List.of();
		}
		boolean object = parser.currentToken() == JsonToken.START_OBJECT;
		List<Choice> choices = new ArrayList<>(1);
		int position = 0;
		JsonToken token;
		while ((token = nextElement(parser, object)) != null) {
			int index = position++;
			ChatMessage message = null;
			String finishReason = null;
			if (token != JsonToken.START_OBJECT) {
				parser.skipChildren();
			}
			else {
				while (parser.nextToken() == JsonToken.FIELD_NAME) {
					String field = parser.currentName();
					JsonToken value = parser.nextToken();
					if ("content".equals(field)) {
						message = (value == JsonToken.START_OBJECT) ? content(parser, bytes).message("assistant")
								: null;
					}
					else if ("finishReason".equals(field)) {
						finishReason = scalar(parser);
					}
					else if ("index".equals(field)) {
						JsonNode node = JSON.readTree(parser);
						index = node.asInt(position - 1);
					}
					parser.skipChildren();
				}
			}
			choices.add(new Choice(index, (message != null) ? message : ChatMessage.assistant(null),
					finishReason(finishReason)));
		}
		return choices;
	}

	/**
	 * An embeddings response as every integration records it: the number of vectors,
	 * never a vector (Braintrust's embeddings spec allows only the count). Read as a
	 * stream of JSON tokens: the vectors are counted and skipped, never read.
	 */
	static LlmResponse embeddingResponse(InputStream body) throws IOException {
		int count = 0;
		JsonNode usage = MissingNode.getInstance();
		try (JsonParser parser = JSON.getFactory().createParser(body)) {
			if (parser.nextToken() == JsonToken.START_OBJECT) {
				while (parser.nextToken() == JsonToken.FIELD_NAME) {
					String field = parser.currentName();
					JsonToken value = parser.nextToken();
					if ("embeddings".equals(field) && value == JsonToken.START_ARRAY) {
						while (nextElement(parser, false) != null) {
							count++;
							parser.skipChildren();
						}
					}
					else if ("embedding".equals(field) && value == JsonToken.START_OBJECT) {
						count++;
						parser.skipChildren();
					}
					else if ("usageMetadata".equals(field)) {
						usage = JSON.readTree(parser);
					}
					else {
						parser.skipChildren();
					}
				}
			}
		}
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

	/**
	 * What one Content object says, as it is read.
	 */
	private static final class Content {

		@Nullable String role;

		final List<ContentPart> parts = new ArrayList<>(2);

		final List<ToolCall> calls = new ArrayList<>(0);

		final List<ChatMessage> toolResults = new ArrayList<>(0);

		boolean textOnly = true;

		// A repeated "parts" field replaces the one before, as in a tree.
		void clear() {
			this.parts.clear();
			this.calls.clear();
			this.toolResults.clear();
			this.textOnly = true;
		}

		@Nullable ChatMessage message(String role) {
			return GenerateContentMapping.message(role, this.parts, this.calls, this.textOnly);
		}

	}

	/**
	 * Counts the characters of base64 data and its padding as the parser writes them,
	 * without keeping them.
	 */
	private static final class Base64Length extends Writer {

		private long length;

		private char last;

		private char beforeLast;

		@Override
		public void write(char[] chars, int offset, int count) {
			if (count <= 0) {
				return;
			}
			this.length += count;
			this.beforeLast = (count > 1) ? chars[offset + count - 2] : this.last;
			this.last = chars[offset + count - 1];
		}

		@Override
		public void write(String text, int offset, int count) {
			if (count <= 0) {
				return;
			}
			this.length += count;
			this.beforeLast = (count > 1) ? text.charAt(offset + count - 2) : this.last;
			this.last = text.charAt(offset + count - 1);
		}

		long decoded() {
			int padding = (this.last != '=') ? 0 : (this.length > 1 && this.beforeLast == '=') ? 2 : 1;
			return this.length * 3L / 4 - padding;
		}

		@Override
		public void flush() {
		}

		@Override
		public void close() {
		}

	}

}
