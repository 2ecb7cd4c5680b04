package dev.braintrust.spring.boot.integrations.bedrock;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.braintrust.spring.boot.internal.ServerEndpoint;
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
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseOutput;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ImageBlock;
import software.amazon.awssdk.services.bedrockruntime.model.InferenceConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.SystemContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.Tool;
import software.amazon.awssdk.services.bedrockruntime.model.ToolConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.ToolResultBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ToolResultContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ToolSpecification;
import software.amazon.awssdk.services.bedrockruntime.model.ToolUseBlock;

/**
 * Converse and ConverseStream requests and Converse responses as the starter's call
 * records, in chat shape (the span writer renders them in Bedrock's Converse shape): the
 * system prompt as {@code system} messages, tool uses as tool calls, tool results as
 * {@code tool} messages, images and documents as placeholders (their bytes are never
 * kept), {@code inferenceConfig} under the wire names {@code max_tokens},
 * {@code temperature}, {@code top_p} and {@code stop}. Fields that newer SDK versions
 * added (document blocks, cache token counts) are read through the SDK's generic field
 * access or a switch on the block type, so that the mapping works on every supported
 * version.
 */
final class ConverseMapping {

	static final String PROVIDER = "aws.bedrock";

	static final String CONVERSE = "bedrock.converse";

	static final String CONVERSE_STREAM = "bedrock.converse-stream";

	// Tool arguments and schemas longer than this are cut: the span keeps far less.
	private static final int MAX_JSON = 256 * 1024;

	private ConverseMapping() {
	}

	static LlmRequest request(ConverseRequest request, @Nullable ServerEndpoint endpoint) {
		return request(false, request.modelId(), request.system(), request.messages(), request.inferenceConfig(),
				request.toolConfig(), endpoint);
	}

	static LlmRequest request(ConverseStreamRequest request, @Nullable ServerEndpoint endpoint) {
		return request(true, request.modelId(), request.system(), request.messages(), request.inferenceConfig(),
				request.toolConfig(), endpoint);
	}

	private static LlmRequest request(boolean stream, @Nullable String modelId, List<SystemContentBlock> system,
			List<Message> messages, @Nullable InferenceConfiguration inference, @Nullable ToolConfiguration tools,
			@Nullable ServerEndpoint endpoint) {
		LlmRequest.Builder builder = LlmRequest.builder(BedrockIntegration.NAME, PROVIDER, LlmOperation.CHAT)
			.model(modelId)
			.stream(stream)
			.displayName(stream ? CONVERSE_STREAM : CONVERSE)
			.shape(ContentShape.BEDROCK_CONVERSE);
		if (endpoint != null) {
			builder.server(endpoint.address(), endpoint.port());
		}
		if (inference != null) {
			builder.parameter("max_tokens", inference.maxTokens());
			builder.parameter("temperature", inference.temperature());
			builder.parameter("top_p", inference.topP());
			if (inference.hasStopSequences() && !inference.stopSequences().isEmpty()) {
				builder.parameter("stop", List.copyOf(inference.stopSequences()));
			}
		}
		for (SystemContentBlock block : system) {
			if (block.text() != null) {
				builder.message(ChatMessage.system(block.text()));
			}
		}
		for (Message message : messages) {
			addMessage(builder, message);
		}
		if (tools != null) {
			for (Tool tool : tools.tools()) {
				ToolSpecification spec = tool.toolSpec();
				if (spec != null && spec.name() != null) {
					String schema = (spec.inputSchema() != null) ? json(spec.inputSchema().json()) : null;
					builder.tool(new ToolDefinition(spec.name(), spec.description(), schema));
				}
			}
		}
		return builder.build();
	}

	// A Converse message: tool results become tool messages (before what else the user
	// message says, as the span writer merges them back into one user message).
	private static void addMessage(LlmRequest.Builder builder, Message message) {
		String role = (message.roleAsString() != null) ? message.roleAsString() : "user";
		List<ContentPart> parts = new ArrayList<>();
		List<ToolCall> toolCalls = new ArrayList<>();
		for (ContentBlock block : message.content()) {
			ToolResultBlock result = block.toolResult();
			if (result != null) {
				builder.message(ChatMessage.tool(result.toolUseId(), toolResultText(result)));
				continue;
			}
			ToolUseBlock toolUse = block.toolUse();
			if (toolUse != null) {
				toolCalls.add(new ToolCall(toolUse.toolUseId(), nonNull(toolUse.name()), json(toolUse.input())));
				continue;
			}
			ContentPart part = part(block);
			if (part != null) {
				parts.add(part);
			}
		}
		if (parts.isEmpty() && toolCalls.isEmpty()) {
			return;
		}
		String text = (parts.size() == 1 && parts.get(0).type().equals("text")) ? parts.get(0).text() : null;
		List<ContentPart> contentParts = (text != null) ? List.of() : parts;
		builder.message(new ChatMessage(role, text, contentParts, toolCalls, null, null));
	}

	private static @Nullable ContentPart part(ContentBlock block) {
		if (block.text() != null) {
			return ContentPart.text(block.text());
		}
		ImageBlock image = block.image();
		if (image != null) {
			SdkBytes bytes = (image.source() != null) ? image.source().bytes() : null;
			return new ContentPart("image", placeholder("image", image.formatAsString(),
					(bytes != null) ? bytes.asByteBuffer().remaining() : -1), null);
		}
		// Blocks of newer SDK versions, read by name so that older ones still load.
		Optional<SdkPojo> document = field(block, "Document");
		if (document.isPresent()) {
			Optional<String> format = field(document.get(), "Format");
			return new ContentPart("document", placeholder("document", format.orElse(null), -1), null);
		}
		return null;
	}

	/**
	 * What an image or document whose bytes are not kept becomes.
	 */
	static String placeholder(String kind, @Nullable String format, int bytes) {
		StringBuilder text = new StringBuilder("[").append(kind);
		if (format != null) {
			text.append(": ").append(format);
		}
		if (bytes >= 0) {
			text.append((format != null) ? ", " : ": ").append(bytes).append(" bytes");
		}
		return text.append(']').toString();
	}

	private static @Nullable String toolResultText(ToolResultBlock result) {
		StringBuilder text = new StringBuilder();
		for (ToolResultContentBlock block : result.content()) {
			String part = (block.text() != null) ? block.text() : (block.json() != null) ? json(block.json())
					: (block.image() != null) ? placeholder("image", block.image().formatAsString(), -1) : null;
			if (part != null) {
				if (!text.isEmpty()) {
					text.append('\n');
				}
				text.append(part);
			}
		}
		return text.toString();
	}

	static LlmResponse response(ConverseResponse response) {
		ConverseOutput output = response.output();
		Message message = (output != null) ? output.message() : null;
		List<Choice> choices = (message != null)
				? List.of(new Choice(0, assistantMessage(message), response.stopReasonAsString())) : List.of();
		return LlmResponse.chat(null, null, choices, usage(response.usage()));
	}

	private static ChatMessage assistantMessage(Message message) {
		StringBuilder text = new StringBuilder();
		List<ContentPart> parts = new ArrayList<>();
		List<ToolCall> toolCalls = new ArrayList<>();
		for (ContentBlock block : message.content()) {
			if (block.toolUse() != null) {
				ToolUseBlock toolUse = block.toolUse();
				toolCalls.add(new ToolCall(toolUse.toolUseId(), nonNull(toolUse.name()), json(toolUse.input())));
			}
			else if (block.text() != null) {
				text.append(block.text());
			}
			else {
				ContentPart part = part(block);
				if (part != null) {
					parts.add(part);
				}
			}
		}
		if (!parts.isEmpty() && !text.isEmpty()) {
			parts.add(0, ContentPart.text(text.toString()));
		}
		return new ChatMessage("assistant", (parts.isEmpty() && !text.isEmpty()) ? text.toString() : null, parts,
				toolCalls, null, null);
	}

	/**
	 * Bedrock's token counts in the starter's (OpenAI) semantics: Bedrock's
	 * {@code inputTokens} exclude the tokens read from and written to the prompt cache,
	 * the starter's input tokens include them.
	 */
	static @Nullable TokenUsage usage(@Nullable SdkPojo usage) {
		if (usage == null) {
			return null;
		}
		return usage(count(usage, "InputTokens"), count(usage, "OutputTokens"), count(usage, "TotalTokens"),
				count(usage, "CacheReadInputTokens"), count(usage, "CacheWriteInputTokens"));
	}

	/**
	 * Counts whose input excludes the prompt cache's reads and writes (Bedrock's, and
	 * Anthropic's in an InvokeModel body) in the starter's semantics, where the input
	 * includes them.
	 * @param input the input tokens, the cache excluded
	 * @param output the output tokens
	 * @param total the total, if the provider gives it
	 * @param cacheRead the tokens read from the cache
	 * @param cacheWrite the tokens written to the cache
	 * @return the usage
	 */
	static TokenUsage usage(@Nullable Long input, @Nullable Long output, @Nullable Long total, @Nullable Long cacheRead,
			@Nullable Long cacheWrite) {
		Long prompt = (input != null) ? input + orZero(cacheRead) + orZero(cacheWrite) : null;
		return new TokenUsage(prompt, output, total, cacheRead, cacheWrite, null);
	}

	private static @Nullable Long count(SdkPojo pojo, String name) {
		Optional<Integer> value = field(pojo, name);
		return value.map(Integer::longValue).orElse(null);
	}

	private static long orZero(@Nullable Long value) {
		return (value != null) ? value : 0L;
	}

	@SuppressWarnings("unchecked")
	private static <T> Optional<T> field(SdkPojo pojo, String name) {
		return pojo.sdkFields()
			.stream()
			.filter((field) -> name.equalsIgnoreCase(field.memberName()))
			.findFirst()
			.map((field) -> (T) field.getValueOrDefault(pojo));
	}

	private static String nonNull(@Nullable String value) {
		return (value != null) ? value : "";
	}

	/**
	 * A document (tool input, JSON schema) as JSON text, cut after a bounded length.
	 */
	static @Nullable String json(@Nullable Document document) {
		if (document == null) {
			return null;
		}
		StringBuilder out = new StringBuilder();
		write(out, document);
		return out.toString();
	}

	private static void write(StringBuilder out, @Nullable Document document) {
		if (out.length() > MAX_JSON) {
			return;
		}
		if (document == null || document.isNull()) {
			out.append("null");
		}
		else if (document.isBoolean()) {
			out.append(document.asBoolean());
		}
		else if (document.isNumber()) {
			out.append(document.asNumber().toString());
		}
		else if (document.isString()) {
			string(out, document.asString());
		}
		else if (document.isList()) {
			out.append('[');
			List<Document> list = document.asList();
			for (int i = 0; i < list.size(); i++) {
				out.append((i > 0) ? "," : "");
				write(out, list.get(i));
			}
			out.append(']');
		}
		else if (document.isMap()) {
			out.append('{');
			boolean first = true;
			for (Map.Entry<String, Document> entry : document.asMap().entrySet()) {
				out.append(first ? "" : ",");
				first = false;
				string(out, entry.getKey());
				out.append(':');
				write(out, entry.getValue());
			}
			out.append('}');
		}
	}

	static void string(StringBuilder out, String value) {
		out.append('"');
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			switch (c) {
				case '"' -> out.append("\\\"");
				case '\\' -> out.append("\\\\");
				case '\n' -> out.append("\\n");
				case '\r' -> out.append("\\r");
				case '\t' -> out.append("\\t");
				default -> {
					if (c < 0x20) {
						out.append(String.format("\\u%04x", (int) c));
					}
					else {
						out.append(c);
					}
				}
			}
		}
		out.append('"');
	}

}
