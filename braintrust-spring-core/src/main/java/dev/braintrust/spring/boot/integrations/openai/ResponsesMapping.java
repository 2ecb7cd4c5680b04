package dev.braintrust.spring.boot.integrations.openai;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStreamEvent;
import dev.braintrust.spring.boot.trace.ChatMessage;
import dev.braintrust.spring.boot.trace.ChatStreamAccumulator;
import dev.braintrust.spring.boot.trace.Choice;
import dev.braintrust.spring.boot.trace.ContentPart;
import dev.braintrust.spring.boot.trace.ContentShape;
import dev.braintrust.spring.boot.trace.LlmOperation;
import dev.braintrust.spring.boot.trace.LlmRequest;
import dev.braintrust.spring.boot.trace.LlmResponse;
import dev.braintrust.spring.boot.trace.ToolCall;
import org.jspecify.annotations.Nullable;

import static dev.braintrust.spring.boot.integrations.openai.OpenAiJson.elements;
import static dev.braintrust.spring.boot.integrations.openai.OpenAiJson.number;
import static dev.braintrust.spring.boot.integrations.openai.OpenAiJson.text;

/**
 * The Responses API ({@code POST /responses}), mapped to the chat shape of the span
 * contract: {@code instructions} become a system message and the {@code input} items chat
 * messages ({@code function_call} items an assistant message's tool calls,
 * {@code function_call_output} items tool messages; reasoning and built-in tool items are
 * left out); the output items become one assistant choice whose finish reason is derived
 * from the response status.
 */
final class ResponsesMapping {

	private static final Set<String> NOT_PARAMETERS = Set.of("model", "input", "instructions", "tools", "stream");

	/**
	 * The span's name in Braintrust, as Braintrust's SDKs name Responses API calls.
	 */
	static final String DISPLAY_NAME = "openai.responses.create";

	private ResponsesMapping() {
	}

	static LlmRequest request(ResponseCreateParams params, boolean stream, OpenAiEndpoint endpoint) {
		JsonNode body = OpenAiJson.tree(params._body());
		LlmRequest.Builder request = endpoint.request(LlmOperation.CHAT)
			.displayName(DISPLAY_NAME)
			.shape(ContentShape.OPENAI_RESPONSES)
			.model(text(body, "model"))
			.stream(stream);
		String instructions = text(body, "instructions");
		if (instructions != null) {
			request.message(ChatMessage.system(instructions));
		}
		request.messages(inputMessages(body.get("input")));
		request.tools(OpenAiJson.tools(body.get("tools")));
		OpenAiJson.parameters(body, NOT_PARAMETERS).forEach(request::parameter);
		return request.build();
	}

	private static List<ChatMessage> inputMessages(@Nullable JsonNode input) {
		List<ChatMessage> messages = new ArrayList<>();
		if (input == null || input.isNull()) {
			return messages;
		}
		if (input.isTextual()) {
			messages.add(ChatMessage.user(input.textValue()));
			return messages;
		}
		// The items of one assistant turn (reasoning, message, function calls) are one
		// assistant message, as in the chat shape.
		List<ContentPart> pendingParts = new ArrayList<>();
		List<ToolCall> pendingCalls = new ArrayList<>();
		for (JsonNode item : elements(input)) {
			String type = text(item, "type");
			if ("function_call".equals(type) || "custom_tool_call".equals(type)) {
				pendingCalls.add(toolCall(item));
				continue;
			}
			if ("reasoning".equals(type)) {
				pendingParts.add(reasoning(item));
				continue;
			}
			if ("assistant".equals(text(item, "role")) && (type == null || "message".equals(type))) {
				ChatMessage message = OpenAiJson.chatMessage(item);
				if (!message.contentParts().isEmpty()) {
					pendingParts.addAll(message.contentParts());
				}
				else if (message.content() != null) {
					pendingParts.add(ContentPart.text(message.content()));
				}
				continue;
			}
			flushAssistantTurn(messages, pendingParts, pendingCalls);
			if (item.has("role") && (type == null || "message".equals(type))) {
				messages.add(OpenAiJson.chatMessage(item));
			}
			else if ("function_call_output".equals(type) || "custom_tool_call_output".equals(type)) {
				JsonNode output = item.get("output");
				messages.add(ChatMessage.tool(text(item, "call_id"), (output == null || output.isNull()) ? null
						: output.isTextual() ? output.textValue() : output.toString()));
			}
		}
		flushAssistantTurn(messages, pendingParts, pendingCalls);
		return messages;
	}

	private static void flushAssistantTurn(List<ChatMessage> messages, List<ContentPart> parts, List<ToolCall> calls) {
		if (!parts.isEmpty() || !calls.isEmpty()) {
			messages.add(assistant(parts, calls));
			parts.clear();
			calls.clear();
		}
	}

	// Text only: the joined text, as the chat shape writes it; with reasoning: the parts.
	private static ChatMessage assistant(List<ContentPart> parts, List<ToolCall> calls) {
		boolean textOnly = true;
		StringBuilder text = null;
		for (ContentPart part : parts) {
			textOnly &= "text".equals(part.type());
			if (part.text() != null) {
				text = (text != null) ? text.append(part.text()) : new StringBuilder(part.text());
			}
		}
		return textOnly ? ChatMessage.assistant((text != null) ? text.toString() : null, List.copyOf(calls))
				: new ChatMessage("assistant", null, List.copyOf(parts), List.copyOf(calls), null, null);
	}

	// A reasoning item: its summary's texts (its encrypted content is not kept).
	private static ContentPart reasoning(JsonNode item) {
		StringBuilder summary = null;
		for (JsonNode part : elements(item.get("summary"))) {
			String text = text(part, "text");
			if (text != null) {
				summary = (summary != null) ? summary.append("\n\n").append(text) : new StringBuilder(text);
			}
		}
		return new ContentPart("reasoning", (summary != null) ? summary.toString() : null, null);
	}

	private static ToolCall toolCall(JsonNode item) {
		String arguments = item.has("arguments") ? text(item, "arguments") : text(item, "input");
		return OpenAiJson.toolCall(text(item, "call_id"), text(item, "name"), arguments);
	}

	static LlmResponse response(Response response) {
		return response(OpenAiJson.tree(response));
	}

	private static LlmResponse response(JsonNode json) {
		List<ContentPart> parts = new ArrayList<>();
		List<ToolCall> toolCalls = new ArrayList<>();
		for (JsonNode item : elements(json.get("output"))) {
			String type = text(item, "type");
			if ("message".equals(type)) {
				for (JsonNode part : elements(item.get("content"))) {
					if ("output_text".equals(text(part, "type"))) {
						String text = text(part, "text");
						parts.add(ContentPart.text((text != null) ? text : ""));
					}
				}
			}
			else if ("reasoning".equals(type)) {
				parts.add(reasoning(item));
			}
			else if ("function_call".equals(type) || "custom_tool_call".equals(type)) {
				toolCalls.add(toolCall(item));
			}
		}
		ChatMessage message = assistant(parts, toolCalls);
		return LlmResponse.chat(text(json, "id"), text(json, "model"),
				List.of(new Choice(0, message, finishReason(json, !toolCalls.isEmpty()))),
				OpenAiJson.usage(json.get("usage")));
	}

	private static @Nullable String finishReason(JsonNode response, boolean toolCalls) {
		String status = text(response, "status");
		if (status == null) {
			return null;
		}
		return switch (status) {
			case "completed" -> toolCalls ? "tool_calls" : "stop";
			case "incomplete" -> {
				JsonNode details = response.get("incomplete_details");
				String reason = (details != null) ? text(details, "reason") : null;
				yield "max_output_tokens".equals(reason) ? "length" : (reason != null) ? reason : status;
			}
			default -> status;
		};
	}

	/**
	 * Aggregates one event of a streamed response: text and function-call argument
	 * deltas, and id, model, usage and finish reason from the response the lifecycle
	 * events carry.
	 */
	static void aggregate(ResponseStreamEvent event, ChatStreamAccumulator accumulator) {
		JsonNode json = OpenAiJson.tree(event);
		String type = text(json, "type");
		if (type == null) {
			return;
		}
		Long outputIndex = number(json, "output_index");
		int toolIndex = (outputIndex != null) ? outputIndex.intValue() : 0;
		switch (type) {
			// Parts in the order of their output item: reasoning before the text
			case "response.output_text.delta" -> accumulator.part(0, toolIndex, "text", text(json, "delta"));
			case "response.reasoning_summary_text.delta" ->
				accumulator.part(0, toolIndex, "reasoning", text(json, "delta"));
			case "response.output_item.added" -> {
				JsonNode item = json.get("item");
				String itemType = (item != null) ? text(item, "type") : null;
				if ("function_call".equals(itemType) || "custom_tool_call".equals(itemType)) {
					accumulator.toolCall(0, toolIndex, text(item, "call_id"), text(item, "name"), null);
				}
			}
			case "response.function_call_arguments.delta", "response.custom_tool_call_input.delta" ->
				accumulator.toolCall(0, toolIndex, null, null, text(json, "delta"));
			case "response.created", "response.in_progress", "response.completed", "response.incomplete",
					"response.failed" -> {
				JsonNode response = json.get("response");
				if (response != null) {
					LlmResponse snapshot = response(response);
					accumulator.id(snapshot.id()).model(snapshot.model()).usage(snapshot.usage());
					if (!type.equals("response.created") && !type.equals("response.in_progress")) {
						accumulator.finishReason(0, snapshot.choices().get(0).finishReason());
					}
				}
			}
			default -> {
			}
		}
	}

}
