package dev.braintrust.spring.boot.integrations.bedrock;

import java.util.ArrayList;
import java.util.List;

import dev.braintrust.spring.boot.trace.ChatMessage;
import dev.braintrust.spring.boot.trace.ChatStreamAccumulator;
import dev.braintrust.spring.boot.trace.Choice;
import dev.braintrust.spring.boot.trace.ContentPart;
import dev.braintrust.spring.boot.trace.ContentShape;
import dev.braintrust.spring.boot.trace.LlmRequest;
import dev.braintrust.spring.boot.trace.LlmResponse;
import dev.braintrust.spring.boot.trace.TokenUsage;
import dev.braintrust.spring.boot.trace.ToolCall;
import dev.braintrust.spring.boot.trace.ToolDefinition;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

import static dev.braintrust.spring.boot.integrations.bedrock.InvokeModelMapping.array;
import static dev.braintrust.spring.boot.integrations.bedrock.InvokeModelMapping.count;
import static dev.braintrust.spring.boot.integrations.bedrock.InvokeModelMapping.field;
import static dev.braintrust.spring.boot.integrations.bedrock.InvokeModelMapping.json;
import static dev.braintrust.spring.boot.integrations.bedrock.InvokeModelMapping.nonNull;
import static dev.braintrust.spring.boot.integrations.bedrock.InvokeModelMapping.number;
import static dev.braintrust.spring.boot.integrations.bedrock.InvokeModelMapping.text;

/**
 * The Amazon Nova body ({@code messages-v1}: Converse's messages in JSON): system
 * prompts, messages with text, tool use, tool results and media (as placeholders),
 * {@code inferenceConfig} and {@code toolConfig} of the request; the output message, stop
 * reason and usage of the response; the {@code messageStart}, {@code contentBlockStart},
 * {@code contentBlockDelta}, {@code messageStop} and {@code metadata} chunks of a stream.
 * The span is written in Bedrock's Converse shape, which is Nova's own.
 */
final class NovaBodies {

	private NovaBodies() {
	}

	static boolean isRequest(JsonNode body) {
		if (body.field("schemaVersion").isPresent() || body.field("inferenceConfig").isPresent()
				|| body.field("toolConfig").isPresent()) {
			return body.field("messages").isPresent();
		}
		// Converse content blocks are objects keyed by their kind, without a "type".
		for (JsonNode message : array(body, "messages")) {
			for (JsonNode block : array(message, "content")) {
				return block.isObject() && !block.field("type").isPresent();
			}
		}
		return false;
	}

	static boolean isResponse(JsonNode body) {
		JsonNode output = field(body, "output");
		return output != null && output.isObject() && output.field("message").isPresent();
	}

	static boolean isChunk(JsonNode chunk) {
		return chunk.field("messageStart").isPresent() || chunk.field("contentBlockDelta").isPresent()
				|| chunk.field("contentBlockStart").isPresent() || chunk.field("contentBlockStop").isPresent()
				|| chunk.field("messageStop").isPresent() || chunk.field("metadata").isPresent();
	}

	static void request(LlmRequest.Builder builder, JsonNode body) {
		builder.shape(ContentShape.BEDROCK_CONVERSE);
		JsonNode inference = field(body, "inferenceConfig");
		if (inference != null && inference.isObject()) {
			builder.parameter("max_tokens", number(inference, "maxTokens"));
			builder.parameter("temperature", number(inference, "temperature"));
			builder.parameter("top_p", number(inference, "topP"));
			builder.parameter("top_k", number(inference, "topK"));
			InvokeModelMapping.stopSequences(builder, inference, "stopSequences");
		}
		for (JsonNode system : array(body, "system")) {
			String text = text(system, "text");
			if (text != null) {
				builder.message(ChatMessage.system(text));
			}
		}
		for (JsonNode message : array(body, "messages")) {
			addMessage(builder, message);
		}
		JsonNode toolConfig = field(body, "toolConfig");
		for (JsonNode tool : (toolConfig != null) ? array(toolConfig, "tools") : List.<JsonNode>of()) {
			JsonNode spec = field(tool, "toolSpec");
			String name = (spec != null) ? text(spec, "name") : null;
			if (name != null) {
				JsonNode schema = field(spec, "inputSchema");
				builder.tool(new ToolDefinition(name, text(spec, "description"),
						json((schema != null) ? field(schema, "json") : null)));
			}
		}
	}

	static LlmResponse response(JsonNode body) {
		JsonNode output = field(body, "output");
		JsonNode message = (output != null) ? field(output, "message") : null;
		StringBuilder text = new StringBuilder();
		List<ContentPart> parts = new ArrayList<>();
		List<ToolCall> toolCalls = new ArrayList<>();
		for (JsonNode block : (message != null) ? array(message, "content") : List.<JsonNode>of()) {
			String value = text(block, "text");
			JsonNode toolUse = field(block, "toolUse");
			JsonNode reasoning = field(block, "reasoningContent");
			if (value != null) {
				text.append(value);
			}
			else if (toolUse != null && toolUse.isObject()) {
				toolCalls.add(new ToolCall(text(toolUse, "toolUseId"), nonNull(text(toolUse, "name")),
						json(field(toolUse, "input"))));
			}
			else if (reasoning != null && reasoning.isObject()) {
				JsonNode reasoningText = field(reasoning, "reasoningText");
				parts.add(new ContentPart("reasoning", (reasoningText != null) ? text(reasoningText, "text") : null,
						null));
			}
		}
		ChatMessage assistant;
		if (parts.isEmpty()) {
			assistant = new ChatMessage("assistant", text.isEmpty() ? null : text.toString(), List.of(), toolCalls,
					null, null);
		}
		else {
			if (!text.isEmpty()) {
				parts.add(ContentPart.text(text.toString()));
			}
			assistant = new ChatMessage("assistant", null, parts, toolCalls, null, null);
		}
		JsonNode usage = field(body, "usage");
		return LlmResponse.chat(null, null, List.of(new Choice(0, assistant, text(body, "stopReason"))),
				(usage != null && usage.isObject()) ? usage(usage) : null);
	}

	/**
	 * Aggregate one chunk of a stream.
	 * @param chunk the chunk
	 * @param accumulator the stream's accumulator
	 * @return whether the chunk carried the usage
	 */
	static boolean chunk(JsonNode chunk, ChatStreamAccumulator accumulator) {
		JsonNode start = field(chunk, "messageStart");
		if (start != null) {
			accumulator.role(0, "assistant");
			return false;
		}
		JsonNode blockStart = field(chunk, "contentBlockStart");
		if (blockStart != null && blockStart.isObject()) {
			JsonNode begin = field(blockStart, "start");
			JsonNode toolUse = (begin != null) ? field(begin, "toolUse") : null;
			Long index = count(blockStart, "contentBlockIndex");
			if (toolUse != null && toolUse.isObject() && index != null) {
				accumulator.toolCall(0, index.intValue(), text(toolUse, "toolUseId"), text(toolUse, "name"), null);
			}
			return false;
		}
		JsonNode blockDelta = field(chunk, "contentBlockDelta");
		if (blockDelta != null && blockDelta.isObject()) {
			JsonNode delta = field(blockDelta, "delta");
			Long index = count(blockDelta, "contentBlockIndex");
			if (delta != null && delta.isObject()) {
				JsonNode toolUse = field(delta, "toolUse");
				if (text(delta, "text") != null) {
					accumulator.content(0, text(delta, "text"));
				}
				else if (toolUse != null && toolUse.isObject() && index != null) {
					accumulator.toolCall(0, index.intValue(), null, null, text(toolUse, "input"));
				}
			}
			return false;
		}
		JsonNode stop = field(chunk, "messageStop");
		if (stop != null && stop.isObject()) {
			accumulator.finishReason(0, text(stop, "stopReason"));
			return false;
		}
		JsonNode metadata = field(chunk, "metadata");
		JsonNode usage = (metadata != null) ? field(metadata, "usage") : null;
		if (usage != null && usage.isObject()) {
			accumulator.usage(usage(usage));
			return true;
		}
		return false;
	}

	static boolean isContentChunk(JsonNode chunk) {
		return chunk.field("contentBlockDelta").isPresent();
	}

	private static void addMessage(LlmRequest.Builder builder, JsonNode message) {
		String role = (text(message, "role") != null) ? text(message, "role") : "user";
		List<ContentPart> parts = new ArrayList<>();
		List<ToolCall> toolCalls = new ArrayList<>();
		for (JsonNode block : array(message, "content")) {
			String text = text(block, "text");
			JsonNode toolUse = field(block, "toolUse");
			JsonNode toolResult = field(block, "toolResult");
			if (text != null) {
				parts.add(ContentPart.text(text));
			}
			else if (toolUse != null && toolUse.isObject()) {
				toolCalls.add(new ToolCall(text(toolUse, "toolUseId"), nonNull(text(toolUse, "name")),
						json(field(toolUse, "input"))));
			}
			else if (toolResult != null && toolResult.isObject()) {
				builder.message(ChatMessage.tool(text(toolResult, "toolUseId"), toolResult(toolResult)));
			}
			else {
				for (String kind : List.of("image", "document", "video")) {
					JsonNode media = field(block, kind);
					if (media != null && media.isObject()) {
						JsonNode source = field(media, "source");
						String bytes = (source != null) ? text(source, "bytes") : null;
						parts.add(new ContentPart(kind, ConverseMapping.placeholder(kind, text(media, "format"),
								InvokeModelMapping.base64Bytes(bytes)), null));
					}
				}
			}
		}
		InvokeModelMapping.addMessage(builder, role, parts, toolCalls);
	}

	private static String toolResult(JsonNode result) {
		StringBuilder text = new StringBuilder();
		for (JsonNode part : array(result, "content")) {
			String value = text(part, "text");
			if (value == null && field(part, "json") != null) {
				value = json(field(part, "json"));
			}
			if (value != null) {
				text.append(text.isEmpty() ? "" : "\n").append(value);
			}
		}
		return text.toString();
	}

	// Bedrock's input tokens exclude the cache reads and writes (as Converse's).
	private static TokenUsage usage(JsonNode usage) {
		return ConverseMapping.usage(count(usage, "inputTokens"), count(usage, "outputTokens"),
				count(usage, "totalTokens"), count(usage, "cacheReadInputTokenCount"),
				count(usage, "cacheWriteInputTokenCount"));
	}

}
