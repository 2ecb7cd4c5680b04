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

	private ResponsesMapping() {
	}

	static LlmRequest request(ResponseCreateParams params, boolean stream, OpenAiEndpoint endpoint) {
		JsonNode body = OpenAiJson.tree(params._body());
		LlmRequest.Builder request = endpoint.request(LlmOperation.CHAT).model(text(body, "model")).stream(stream);
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
		List<ToolCall> pendingCalls = new ArrayList<>();
		for (JsonNode item : elements(input)) {
			String type = text(item, "type");
			if ("function_call".equals(type) || "custom_tool_call".equals(type)) {
				pendingCalls.add(toolCall(item));
				continue;
			}
			flushToolCalls(messages, pendingCalls);
			if (item.has("role") && (type == null || "message".equals(type))) {
				messages.add(OpenAiJson.chatMessage(item));
			}
			else if ("function_call_output".equals(type) || "custom_tool_call_output".equals(type)) {
				JsonNode output = item.get("output");
				messages.add(ChatMessage.tool(text(item, "call_id"), (output == null || output.isNull()) ? null
						: output.isTextual() ? output.textValue() : output.toString()));
			}
		}
		flushToolCalls(messages, pendingCalls);
		return messages;
	}

	// Consecutive tool calls are one assistant turn, as in the chat shape.
	private static void flushToolCalls(List<ChatMessage> messages, List<ToolCall> pendingCalls) {
		if (!pendingCalls.isEmpty()) {
			messages.add(ChatMessage.assistant(null, List.copyOf(pendingCalls)));
			pendingCalls.clear();
		}
	}

	private static ToolCall toolCall(JsonNode item) {
		String arguments = item.has("arguments") ? text(item, "arguments") : text(item, "input");
		return OpenAiJson.toolCall(text(item, "call_id"), text(item, "name"), arguments);
	}

	static LlmResponse response(Response response) {
		return response(OpenAiJson.tree(response));
	}

	private static LlmResponse response(JsonNode json) {
		StringBuilder text = null;
		List<ToolCall> toolCalls = new ArrayList<>();
		for (JsonNode item : elements(json.get("output"))) {
			String type = text(item, "type");
			if ("message".equals(type)) {
				for (JsonNode part : elements(item.get("content"))) {
					if ("output_text".equals(text(part, "type"))) {
						text = (text != null) ? text : new StringBuilder();
						text.append(text(part, "text"));
					}
				}
			}
			else if ("function_call".equals(type) || "custom_tool_call".equals(type)) {
				toolCalls.add(toolCall(item));
			}
		}
		ChatMessage message = ChatMessage.assistant((text != null) ? text.toString() : null, toolCalls);
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
			case "response.output_text.delta" -> accumulator.content(0, text(json, "delta"));
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
