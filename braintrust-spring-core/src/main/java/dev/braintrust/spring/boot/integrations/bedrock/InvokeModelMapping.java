package dev.braintrust.spring.boot.integrations.bedrock;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.braintrust.spring.boot.internal.ServerEndpoint;
import dev.braintrust.spring.boot.trace.ChatMessage;
import dev.braintrust.spring.boot.trace.ContentPart;
import dev.braintrust.spring.boot.trace.LlmOperation;
import dev.braintrust.spring.boot.trace.LlmRequest;
import dev.braintrust.spring.boot.trace.LlmResponse;
import dev.braintrust.spring.boot.trace.TokenUsage;
import dev.braintrust.spring.boot.trace.ToolCall;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelRequest;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelResponse;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelWithResponseStreamRequest;

/**
 * InvokeModel requests and responses, whose bodies are the model family's own JSON, read
 * by the family's mapping: Anthropic Messages ({@link AnthropicBodies}), Amazon Nova
 * ({@link NovaBodies}), the OpenAI chat format of Mistral Large and OpenAI's open-weight
 * models ({@link ChatCompletionBodies}), the text prompts of Meta Llama, Mistral, Amazon
 * Titan and Cohere's chat ({@link TextBodies}), and Titan's and Cohere's embeddings
 * ({@link EmbeddingBodies}). A family is recognised by its body, not by its model id, so
 * that inference profiles are read too. A body of any other family is recorded with its
 * model id, timing and, from the response's headers, its token counts. Bodies larger than
 * {@link #MAX_BODY} bytes are not read.
 */
final class InvokeModelMapping {

	static final String INVOKE_MODEL = "bedrock.invoke-model";

	static final String INVOKE_MODEL_STREAM = "bedrock.invoke-model-with-response-stream";

	static final int MAX_BODY = 4 * 1024 * 1024;

	static final String INPUT_TOKEN_COUNT = "X-Amzn-Bedrock-Input-Token-Count";

	static final String OUTPUT_TOKEN_COUNT = "X-Amzn-Bedrock-Output-Token-Count";

	private InvokeModelMapping() {
	}

	static LlmRequest request(InvokeModelRequest request, @Nullable ServerEndpoint endpoint) {
		return request(request.modelId(), request.body(), false, endpoint);
	}

	static LlmRequest request(InvokeModelWithResponseStreamRequest request, @Nullable ServerEndpoint endpoint) {
		return request(request.modelId(), request.body(), true, endpoint);
	}

	private static LlmRequest request(@Nullable String modelId, @Nullable SdkBytes requestBody, boolean stream,
			@Nullable ServerEndpoint endpoint) {
		JsonNode body = parse(requestBody);
		boolean embeddings = body != null && !stream && EmbeddingBodies.isRequest(modelId, body);
		LlmRequest.Builder builder = LlmRequest
			.builder(BedrockIntegration.NAME, ConverseMapping.PROVIDER,
					embeddings ? LlmOperation.EMBEDDINGS : LlmOperation.CHAT)
			.model(modelId)
			.stream(stream)
			.displayName(stream ? INVOKE_MODEL_STREAM : INVOKE_MODEL);
		if (endpoint != null) {
			builder.server(endpoint.address(), endpoint.port());
		}
		if (body == null) {
			return builder.build();
		}
		if (embeddings) {
			EmbeddingBodies.request(builder, body);
		}
		else if (AnthropicBodies.isRequest(body)) {
			AnthropicBodies.request(builder, body);
		}
		else if (NovaBodies.isRequest(body)) {
			NovaBodies.request(builder, body);
		}
		else if (body.field("messages").isPresent()) {
			ChatCompletionBodies.request(builder, body);
		}
		else if (TextBodies.isRequest(body)) {
			TextBodies.request(builder, body);
		}
		return builder.build();
	}

	static LlmResponse response(@Nullable Object result) {
		if (!(result instanceof InvokeModelResponse response)) {
			return LlmResponse.empty();
		}
		JsonNode body = parse(response.body());
		LlmResponse mapped = LlmResponse.empty();
		if (body == null) {
			// Not JSON, or too large to read: the headers still give the counts.
		}
		else if (AnthropicBodies.isResponse(body)) {
			mapped = AnthropicBodies.response(body);
		}
		else if (NovaBodies.isResponse(body)) {
			mapped = NovaBodies.response(body);
		}
		else if (ChatCompletionBodies.isResponse(body)) {
			mapped = ChatCompletionBodies.response(body);
		}
		else if (EmbeddingBodies.isResponse(body)) {
			mapped = EmbeddingBodies.response(body);
		}
		else if (TextBodies.isResponse(body)) {
			mapped = TextBodies.response(body);
		}
		if (mapped.usage() != null && mapped.usage().inputTokens() != null && mapped.usage().outputTokens() != null) {
			return mapped;
		}
		return new LlmResponse(mapped.id(), mapped.model(), mapped.choices(), headerUsage(response, mapped.usage()),
				mapped.output(), mapped.truncated());
	}

	// Bedrock counts the tokens of every InvokeModel call in the response's headers;
	// the body's own counts, where the family gives them, win.
	private static @Nullable TokenUsage headerUsage(InvokeModelResponse response, @Nullable TokenUsage body) {
		if (response.sdkHttpResponse() == null) {
			return body;
		}
		Long input = header(response, INPUT_TOKEN_COUNT);
		Long output = header(response, OUTPUT_TOKEN_COUNT);
		if (input == null && output == null) {
			return body;
		}
		if (body == null) {
			return TextBodies.counts(input, output);
		}
		return new TokenUsage((body.inputTokens() != null) ? body.inputTokens() : input,
				(body.outputTokens() != null) ? body.outputTokens() : output, body.totalTokens(),
				body.cachedInputTokens(), body.cacheCreationInputTokens(), body.reasoningTokens());
	}

	private static @Nullable Long header(InvokeModelResponse response, String name) {
		Optional<String> value = response.sdkHttpResponse().firstMatchingHeader(name);
		try {
			return value.map(Long::valueOf).orElse(null);
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	/**
	 * Add a message of parts and tool calls: plain text content when it is one text part.
	 * @param builder the request
	 * @param role the role
	 * @param parts the content parts
	 * @param toolCalls the tool calls
	 */
	static void addMessage(LlmRequest.Builder builder, String role, List<ContentPart> parts, List<ToolCall> toolCalls) {
		if (parts.isEmpty() && toolCalls.isEmpty()) {
			return;
		}
		String text = (parts.size() == 1 && parts.get(0).type().equals("text")) ? parts.get(0).text() : null;
		builder.message(new ChatMessage(role, text, (text != null) ? List.of() : parts, toolCalls, null, null));
	}

	static void stopSequences(LlmRequest.Builder builder, JsonNode node, String name) {
		JsonNode value = field(node, name);
		if (value != null && value.isString()) {
			builder.parameter("stop_sequences", List.of(value.asString()));
			return;
		}
		List<String> stop = new ArrayList<>();
		for (JsonNode sequence : array(node, name)) {
			if (sequence.isString()) {
				stop.add(sequence.asString());
			}
		}
		if (!stop.isEmpty()) {
			builder.parameter("stop_sequences", stop);
		}
	}

	/**
	 * The text of a content value: a string, or the {@code field} of each part of an
	 * array joined by new lines.
	 * @param content the content, if any
	 * @param field the text field of a part
	 * @return the text, or null when there is none
	 */
	static @Nullable String texts(@Nullable JsonNode content, String field) {
		if (content == null) {
			return null;
		}
		if (content.isString()) {
			return content.asString();
		}
		if (!content.isArray()) {
			return null;
		}
		StringBuilder text = new StringBuilder();
		for (JsonNode part : content.asArray()) {
			String value = text(part, field);
			if (value != null) {
				text.append(text.isEmpty() ? "" : "\n").append(value);
			}
		}
		return text.toString();
	}

	/**
	 * The size of base64 data once decoded.
	 * @param base64 the data, if any
	 * @return its size in bytes, or -1 when there is none
	 */
	static int base64Bytes(@Nullable String base64) {
		if (base64 == null) {
			return -1;
		}
		int padding = base64.endsWith("==") ? 2 : base64.endsWith("=") ? 1 : 0;
		return Math.max(0, base64.length() / 4 * 3 - padding);
	}

	static @Nullable JsonNode field(JsonNode node, String name) {
		return node.isObject() ? node.field(name).orElse(null) : null;
	}

	static @Nullable JsonNode parse(@Nullable SdkBytes bytes) {
		if (bytes == null || bytes.asByteBuffer().remaining() > MAX_BODY) {
			return null;
		}
		try {
			JsonNode node = JsonNode.parser().parse(bytes.asInputStream());
			return node.isObject() ? node : null;
		}
		catch (RuntimeException ex) {
			// Not JSON: a body of a family this mapping does not read.
			return null;
		}
	}

	static List<JsonNode> array(JsonNode node, String name) {
		JsonNode value = field(node, name);
		return (value != null && value.isArray()) ? value.asArray() : List.of();
	}

	static @Nullable String text(JsonNode node, String name) {
		if (!node.isObject()) {
			return null;
		}
		JsonNode value = node.field(name).orElse(null);
		return (value != null && value.isString()) ? value.asString() : null;
	}

	static @Nullable Number number(JsonNode node, String name) {
		JsonNode value = field(node, name);
		if (value == null || !value.isNumber()) {
			return null;
		}
		String number = value.asNumber();
		try {
			return (number.contains(".") || number.contains("e") || number.contains("E")) ? Double.valueOf(number)
					: Long.valueOf(number);
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	static @Nullable Long count(JsonNode node, String name) {
		Number number = number(node, name);
		return (number != null) ? number.longValue() : null;
	}

	static String nonNull(@Nullable String value) {
		return (value != null) ? value : "";
	}

	static @Nullable String json(@Nullable JsonNode node) {
		if (node == null) {
			return null;
		}
		StringBuilder out = new StringBuilder();
		write(out, node);
		return out.toString();
	}

	private static void write(StringBuilder out, JsonNode node) {
		if (node.isObject()) {
			out.append('{');
			boolean first = true;
			for (Map.Entry<String, JsonNode> entry : node.asObject().entrySet()) {
				out.append(first ? "" : ",");
				first = false;
				ConverseMapping.string(out, entry.getKey());
				out.append(':');
				write(out, entry.getValue());
			}
			out.append('}');
		}
		else if (node.isArray()) {
			out.append('[');
			List<JsonNode> list = node.asArray();
			for (int i = 0; i < list.size(); i++) {
				out.append((i > 0) ? "," : "");
				write(out, list.get(i));
			}
			out.append(']');
		}
		else if (node.isString()) {
			ConverseMapping.string(out, node.asString());
		}
		else if (node.isNumber()) {
			out.append(node.asNumber());
		}
		else if (node.isBoolean()) {
			out.append(node.asBoolean());
		}
		else {
			out.append("null");
		}
	}

}
