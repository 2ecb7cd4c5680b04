package dev.braintrust.spring.boot.integrations.bedrock;

import java.util.ArrayList;
import java.util.List;

import dev.braintrust.spring.boot.trace.ChatMessage;
import dev.braintrust.spring.boot.trace.ChatStreamAccumulator;
import dev.braintrust.spring.boot.trace.Choice;
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
 * The bodies of the models Bedrock serves with a text prompt and of Cohere's chat:
 * <ul>
 * <li>Meta Llama ({@code prompt}, {@code max_gen_len}; {@code generation} with its token
 * counts and {@code stop_reason});</li>
 * <li>Mistral's text completions ({@code prompt}; {@code outputs} with their
 * {@code stop_reason});</li>
 * <li>Amazon Titan Text ({@code inputText}, {@code textGenerationConfig}; {@code results}
 * with their token counts and {@code completionReason});</li>
 * <li>Cohere Command R chat ({@code message}, {@code chat_history}, {@code preamble},
 * {@code tools}, {@code tool_results}; {@code text}, {@code tool_calls},
 * {@code finish_reason} and the billed units) and Cohere's earlier text generation
 * ({@code generations}).</li>
 * </ul>
 * The prompt is the user message, as the model received it (with the family's own
 * template markers, if the caller wrote them). Streams: each chunk's text and, in the
 * last, the stop reason and the counts.
 */
final class TextBodies {

	private TextBodies() {
	}

	static boolean isRequest(JsonNode body) {
		return text(body, "prompt") != null || text(body, "inputText") != null || text(body, "message") != null;
	}

	static boolean isResponse(JsonNode body) {
		return body.field("generation").isPresent() || body.field("outputs").isPresent()
				|| body.field("results").isPresent() || body.field("generations").isPresent()
				|| (text(body, "text") != null
						&& (body.field("finish_reason").isPresent() || body.field("response_id").isPresent()));
	}

	static boolean isChunk(JsonNode chunk) {
		return chunk.field("generation").isPresent() || chunk.field("outputs").isPresent()
				|| chunk.field("outputText").isPresent() || chunk.field("event_type").isPresent()
				|| chunk.field("generations").isPresent();
	}

	static void request(LlmRequest.Builder builder, JsonNode body) {
		builder.parameter("max_tokens", number(body, "max_tokens"));
		builder.parameter("max_tokens", number(body, "max_gen_len"));
		builder.parameter("temperature", number(body, "temperature"));
		builder.parameter("top_p", number(body, "top_p"));
		builder.parameter("top_p", number(body, "p"));
		builder.parameter("top_k", number(body, "top_k"));
		builder.parameter("top_k", number(body, "k"));
		builder.parameter("seed", number(body, "seed"));
		InvokeModelMapping.stopSequences(builder, body, "stop");
		InvokeModelMapping.stopSequences(builder, body, "stop_sequences");
		JsonNode titan = field(body, "textGenerationConfig");
		if (titan != null && titan.isObject()) {
			builder.parameter("max_tokens", number(titan, "maxTokenCount"));
			builder.parameter("temperature", number(titan, "temperature"));
			builder.parameter("top_p", number(titan, "topP"));
			InvokeModelMapping.stopSequences(builder, titan, "stopSequences");
		}
		String prompt = text(body, "prompt");
		if (prompt == null) {
			prompt = text(body, "inputText");
		}
		if (prompt != null) {
			builder.message(ChatMessage.user(prompt));
			return;
		}
		cohereChat(builder, body);
	}

	static LlmResponse response(JsonNode body) {
		List<Choice> choices = new ArrayList<>();
		TokenUsage usage = null;
		if (body.field("generation").isPresent()) {
			choices.add(choice(0, text(body, "generation"), text(body, "stop_reason")));
			usage = counts(count(body, "prompt_token_count"), count(body, "generation_token_count"));
		}
		else if (body.field("outputs").isPresent()) {
			for (JsonNode output : array(body, "outputs")) {
				choices.add(choice(choices.size(), text(output, "text"), text(output, "stop_reason")));
			}
		}
		else if (body.field("results").isPresent()) {
			long output = 0;
			for (JsonNode result : array(body, "results")) {
				choices.add(choice(choices.size(), text(result, "outputText"), text(result, "completionReason")));
				Long tokens = count(result, "tokenCount");
				output += (tokens != null) ? tokens : 0;
			}
			usage = counts(count(body, "inputTextTokenCount"), output);
		}
		else if (body.field("generations").isPresent()) {
			for (JsonNode generation : array(body, "generations")) {
				choices.add(choice(choices.size(), text(generation, "text"), text(generation, "finish_reason")));
			}
		}
		else {
			return cohereChatResponse(body);
		}
		return LlmResponse.chat(text(body, "id"), null, choices, usage);
	}

	/**
	 * Aggregate one chunk of a stream.
	 * @param chunk the chunk
	 * @param accumulator the stream's accumulator
	 * @return whether the chunk carried the usage
	 */
	static boolean chunk(JsonNode chunk, ChatStreamAccumulator accumulator) {
		if (chunk.field("generation").isPresent()) {
			accumulator.content(0, text(chunk, "generation"));
			accumulator.finishReason(0, text(chunk, "stop_reason"));
			Long output = count(chunk, "generation_token_count");
			Long input = count(chunk, "prompt_token_count");
			if (text(chunk, "stop_reason") != null && output != null) {
				accumulator.usage(counts(input, output));
				return input != null;
			}
			return false;
		}
		if (chunk.field("outputs").isPresent()) {
			int index = 0;
			for (JsonNode output : array(chunk, "outputs")) {
				accumulator.content(index, text(output, "text"));
				accumulator.finishReason(index++, text(output, "stop_reason"));
			}
			return false;
		}
		if (chunk.field("outputText").isPresent()) {
			Long index = count(chunk, "index");
			int choice = (index != null) ? index.intValue() : 0;
			accumulator.content(choice, text(chunk, "outputText"));
			accumulator.finishReason(choice, text(chunk, "completionReason"));
			Long input = count(chunk, "inputTextTokenCount");
			Long output = count(chunk, "totalOutputTextTokenCount");
			if (text(chunk, "completionReason") != null && input != null && output != null) {
				accumulator.usage(counts(input, output));
				return true;
			}
			return false;
		}
		String eventType = text(chunk, "event_type");
		if ("text-generation".equals(eventType)) {
			accumulator.content(0, text(chunk, "text"));
		}
		else if ("tool-calls-generation".equals(eventType)) {
			int index = 0;
			for (JsonNode call : array(chunk, "tool_calls")) {
				accumulator.toolCall(0, index++, null, text(call, "name"), json(field(call, "parameters")));
			}
		}
		else if ("stream-end".equals(eventType)) {
			accumulator.finishReason(0, text(chunk, "finish_reason"));
			JsonNode response = field(chunk, "response");
			TokenUsage usage = (response != null) ? billedUnits(response) : null;
			if (usage != null) {
				accumulator.usage(usage);
				return true;
			}
		}
		else if (chunk.field("generations").isPresent()) {
			int index = 0;
			for (JsonNode generation : array(chunk, "generations")) {
				accumulator.content(index, text(generation, "text"));
				accumulator.finishReason(index++, text(generation, "finish_reason"));
			}
		}
		return false;
	}

	static boolean isContentChunk(JsonNode chunk) {
		String eventType = text(chunk, "event_type");
		if (eventType != null) {
			return eventType.equals("text-generation") || eventType.equals("tool-calls-generation");
		}
		return true;
	}

	private static void cohereChat(LlmRequest.Builder builder, JsonNode body) {
		String preamble = text(body, "preamble");
		if (preamble != null) {
			builder.message(ChatMessage.system(preamble));
		}
		for (JsonNode turn : array(body, "chat_history")) {
			String role = nonNull(text(turn, "role"));
			String message = text(turn, "message");
			switch (role) {
				case "USER" -> builder.message(ChatMessage.user(nonNull(message)));
				case "SYSTEM" -> builder.message(ChatMessage.system(nonNull(message)));
				case "CHATBOT" -> builder.message(ChatMessage.assistant(message, toolCalls(turn)));
				case "TOOL" -> toolResults(builder, turn);
				default -> {
					// An unknown role is not recorded.
				}
			}
		}
		toolResults(builder, body);
		String message = text(body, "message");
		if (message != null && !message.isEmpty()) {
			builder.message(ChatMessage.user(message));
		}
		for (JsonNode tool : array(body, "tools")) {
			String name = text(tool, "name");
			if (name != null) {
				builder.tool(new ToolDefinition(name, text(tool, "description"),
						json(field(tool, "parameter_definitions"))));
			}
		}
	}

	private static LlmResponse cohereChatResponse(JsonNode body) {
		ChatMessage message = ChatMessage.assistant(text(body, "text"), toolCalls(body));
		return LlmResponse.chat(text(body, "response_id"), null,
				List.of(new Choice(0, message, text(body, "finish_reason"))), billedUnits(body));
	}

	// Cohere's tool calls have no id: a tool result names the call it answers.
	private static List<ToolCall> toolCalls(JsonNode node) {
		List<ToolCall> calls = new ArrayList<>();
		for (JsonNode call : array(node, "tool_calls")) {
			String name = text(call, "name");
			if (name != null) {
				calls.add(new ToolCall(null, name, json(field(call, "parameters"))));
			}
		}
		return calls;
	}

	private static void toolResults(LlmRequest.Builder builder, JsonNode node) {
		for (JsonNode result : array(node, "tool_results")) {
			JsonNode outputs = field(result, "outputs");
			builder.message(new ChatMessage("tool", (outputs != null) ? json(outputs) : "", List.of(), List.of(), null,
					textOf(field(result, "call"), "name")));
		}
	}

	private static @Nullable String textOf(@Nullable JsonNode node, String name) {
		return (node != null) ? text(node, name) : null;
	}

	private static @Nullable TokenUsage billedUnits(JsonNode response) {
		JsonNode meta = field(response, "meta");
		JsonNode billed = (meta != null) ? field(meta, "billed_units") : null;
		if (billed == null || !billed.isObject()) {
			return null;
		}
		return counts(count(billed, "input_tokens"), count(billed, "output_tokens"));
	}

	private static Choice choice(int index, @Nullable String text, @Nullable String finishReason) {
		return new Choice(index, ChatMessage.assistant(text), finishReason);
	}

	static @Nullable TokenUsage counts(@Nullable Long input, @Nullable Long output) {
		return (input == null && output == null) ? null : new TokenUsage(input, output, null, null, null, null);
	}

}
