package dev.braintrust.spring.boot.integrations.bedrock;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.braintrust.spring.boot.trace.ChatMessage;
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
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelRequest;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelResponse;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelWithResponseStreamRequest;

/**
 * InvokeModel requests and responses, whose bodies are the model family's own JSON. The
 * Anthropic Messages body ({@code anthropic_version}, {@code messages}) is read:
 * messages, system prompt, parameters under their wire names, tools, the response
 * message, its stop reason and usage. Any other family's call is recorded with its model
 * id and timing only. Bodies larger than {@link #MAX_BODY} bytes are not read.
 */
final class InvokeModelMapping {

	static final String INVOKE_MODEL = "bedrock.invoke-model";

	static final String INVOKE_MODEL_STREAM = "bedrock.invoke-model-with-response-stream";

	static final int MAX_BODY = 4 * 1024 * 1024;

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
		LlmRequest.Builder builder = LlmRequest
			.builder(BedrockIntegration.NAME, ConverseMapping.PROVIDER, LlmOperation.CHAT)
			.model(modelId)
			.stream(stream)
			.displayName(stream ? INVOKE_MODEL_STREAM : INVOKE_MODEL);
		if (endpoint != null) {
			builder.server(endpoint.address(), endpoint.port());
		}
		JsonNode body = parse(requestBody);
		if (body != null && body.field("anthropic_version").isPresent() && body.field("messages").isPresent()) {
			builder.shape(ContentShape.ANTHROPIC);
			anthropicRequest(builder, body);
		}
		return builder.build();
	}

	static LlmResponse response(@Nullable Object result) {
		if (!(result instanceof InvokeModelResponse response)) {
			return LlmResponse.empty();
		}
		JsonNode body = parse(response.body());
		if (body == null || !"message".equals(text(body, "type"))) {
			return LlmResponse.empty();
		}
		List<ContentPart> parts = new ArrayList<>();
		StringBuilder text = new StringBuilder();
		List<ToolCall> toolCalls = new ArrayList<>();
		for (JsonNode block : array(body, "content")) {
			String type = text(block, "type");
			if ("text".equals(type)) {
				text.append(nonNull(text(block, "text")));
			}
			else if ("tool_use".equals(type)) {
				toolCalls.add(new ToolCall(text(block, "id"), nonNull(text(block, "name")),
						json(block.field("input").orElse(null))));
			}
			else if ("thinking".equals(type)) {
				parts.add(new ContentPart("reasoning", text(block, "thinking"), null));
			}
		}
		ChatMessage message;
		if (parts.isEmpty()) {
			message = new ChatMessage("assistant", text.isEmpty() ? null : text.toString(), List.of(), toolCalls, null,
					null);
		}
		else {
			if (!text.isEmpty()) {
				parts.add(ContentPart.text(text.toString()));
			}
			message = new ChatMessage("assistant", null, parts, toolCalls, null, null);
		}
		JsonNode usage = body.field("usage").orElse(null);
		return LlmResponse.chat(text(body, "id"), text(body, "model"),
				List.of(new Choice(0, message, text(body, "stop_reason"))), (usage != null) ? usage(usage) : null);
	}

	private static void anthropicRequest(LlmRequest.Builder builder, JsonNode body) {
		builder.parameter("max_tokens", number(body, "max_tokens"));
		builder.parameter("temperature", number(body, "temperature"));
		builder.parameter("top_p", number(body, "top_p"));
		builder.parameter("top_k", number(body, "top_k"));
		List<String> stop = new ArrayList<>();
		for (JsonNode sequence : array(body, "stop_sequences")) {
			if (sequence.isString()) {
				stop.add(sequence.asString());
			}
		}
		if (!stop.isEmpty()) {
			builder.parameter("stop_sequences", stop);
		}
		JsonNode system = body.field("system").orElse(null);
		if (system != null && system.isString()) {
			builder.message(ChatMessage.system(system.asString()));
		}
		else if (system != null && system.isArray()) {
			for (JsonNode block : system.asArray()) {
				String text = text(block, "text");
				if (text != null) {
					builder.message(ChatMessage.system(text));
				}
			}
		}
		for (JsonNode message : array(body, "messages")) {
			addMessage(builder, message);
		}
		for (JsonNode tool : array(body, "tools")) {
			String name = text(tool, "name");
			if (name != null) {
				builder.tool(new ToolDefinition(name, text(tool, "description"),
						json(tool.field("input_schema").orElse(null))));
			}
		}
	}

	private static void addMessage(LlmRequest.Builder builder, JsonNode message) {
		String role = (text(message, "role") != null) ? text(message, "role") : "user";
		JsonNode content = message.field("content").orElse(null);
		if (content == null) {
			return;
		}
		if (content.isString()) {
			builder.message(ChatMessage.of(role, content.asString()));
			return;
		}
		if (!content.isArray()) {
			return;
		}
		List<ContentPart> parts = new ArrayList<>();
		List<ToolCall> toolCalls = new ArrayList<>();
		for (JsonNode block : content.asArray()) {
			String type = nonNull(text(block, "type"));
			switch (type) {
				case "text" -> parts.add(ContentPart.text(nonNull(text(block, "text"))));
				case "tool_use" -> toolCalls.add(new ToolCall(text(block, "id"), nonNull(text(block, "name")),
						json(block.field("input").orElse(null))));
				case "tool_result" -> builder.message(ChatMessage.tool(text(block, "tool_use_id"), toolResult(block)));
				case "image", "document" -> {
					JsonNode source = block.field("source").orElse(null);
					String mediaType = (source != null) ? text(source, "media_type") : null;
					String data = (source != null) ? text(source, "data") : null;
					parts.add(new ContentPart(type,
							ConverseMapping.placeholder(type, mediaType, (data != null) ? data.length() : -1), null));
				}
				default -> {
					// Thinking blocks of earlier turns and unknown blocks are not
					// recorded.
				}
			}
		}
		if (parts.isEmpty() && toolCalls.isEmpty()) {
			return;
		}
		String text = (parts.size() == 1 && parts.get(0).type().equals("text")) ? parts.get(0).text() : null;
		builder.message(new ChatMessage(role, text, (text != null) ? List.of() : parts, toolCalls, null, null));
	}

	private static String toolResult(JsonNode block) {
		JsonNode content = block.field("content").orElse(null);
		if (content == null) {
			return "";
		}
		if (content.isString()) {
			return content.asString();
		}
		StringBuilder text = new StringBuilder();
		for (JsonNode part : content.isArray() ? content.asArray() : List.<JsonNode>of()) {
			String value = text(part, "text");
			if (value != null) {
				text.append(text.isEmpty() ? "" : "\n").append(value);
			}
		}
		return text.toString();
	}

	// Anthropic's counts: input_tokens exclude the cache, the starter's include it.
	static TokenUsage usage(JsonNode usage) {
		Long input = count(usage, "input_tokens");
		Long output = count(usage, "output_tokens");
		Long cacheRead = count(usage, "cache_read_input_tokens");
		Long cacheWrite = count(usage, "cache_creation_input_tokens");
		Long prompt = (input != null)
				? input + ((cacheRead != null) ? cacheRead : 0L) + ((cacheWrite != null) ? cacheWrite : 0L) : null;
		return new TokenUsage(prompt, output, null, cacheRead, cacheWrite, null);
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
		JsonNode value = node.field(name).orElse(null);
		return (value != null && value.isArray()) ? value.asArray() : List.of();
	}

	static @Nullable String text(JsonNode node, String name) {
		if (!node.isObject()) {
			return null;
		}
		JsonNode value = node.field(name).orElse(null);
		return (value != null && value.isString()) ? value.asString() : null;
	}

	private static @Nullable Number number(JsonNode node, String name) {
		JsonNode value = node.field(name).orElse(null);
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

	private static String nonNull(@Nullable String value) {
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
