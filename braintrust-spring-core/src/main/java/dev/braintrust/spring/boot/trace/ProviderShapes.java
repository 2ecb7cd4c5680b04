package dev.braintrust.spring.boot.trace;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * The provider shapes of {@code braintrust.input_json} and {@code braintrust.output_json}
 * ({@link ContentShape}), written from the call records, which stay in the chat shape:
 * what the records hold is rendered the way the provider's API (and Braintrust's own SDK
 * for it) lays it out.
 */
final class ProviderShapes {

	private ProviderShapes() {
	}

	/**
	 * The messages of an Anthropic request but its system prompt, which
	 * {@link #writeAnthropicInput} writes after them.
	 */
	static List<ChatMessage> conversation(List<ChatMessage> messages) {
		List<ChatMessage> conversation = new ArrayList<>(messages.size());
		for (ChatMessage message : messages) {
			if (!"system".equals(message.role())) {
				conversation.add(message);
			}
		}
		return conversation;
	}

	static List<ChatMessage> system(List<ChatMessage> messages) {
		List<ChatMessage> system = new ArrayList<>(1);
		for (ChatMessage message : messages) {
			if ("system".equals(message.role())) {
				system.add(message);
			}
		}
		return system;
	}

	/**
	 * Anthropic's input: the messages with their content blocks (tool results, and the
	 * user text that follows them, in one {@code user} message, as the API takes them),
	 * then the system prompt as a {@code system} message.
	 */
	static void writeAnthropicInput(JsonWriter json, List<ChatMessage> conversation, List<ChatMessage> system,
			int omit) {
		json.beginArray();
		if (omit > 0) {
			json.beginObject().name("role").value("user");
			json.name("content").value("[" + omit + " earlier messages omitted: truncated to max-content-length]");
			json.endObject();
		}
		writeTurns(json, conversation, omit, (result) -> {
			json.beginObject().name("type").value("tool_result");
			json.name("tool_use_id").value(result.toolCallId());
			json.name("content").content(result.content());
			json.endObject();
		}, (message) -> writeAnthropicBlocks(json, message), (message) -> {
			json.beginObject().name("role").value(message.role()).name("content");
			if (message.contentParts().isEmpty() && message.toolCalls().isEmpty()) {
				json.content(message.content());
			}
			else {
				json.beginArray();
				writeAnthropicBlocks(json, message);
				json.endArray();
			}
			json.endObject();
		});
		if (!system.isEmpty()) {
			json.beginObject().name("role").value("system").name("content");
			if (system.size() == 1 && system.get(0).contentParts().isEmpty()) {
				json.content(system.get(0).content());
			}
			else {
				json.beginArray();
				for (ChatMessage message : system) {
					writeAnthropicBlocks(json, message);
				}
				json.endArray();
			}
			json.endObject();
		}
		json.endArray();
	}

	/**
	 * Anthropic's output: the message object, with its stop reason.
	 */
	static void writeAnthropicOutput(JsonWriter json, Choice choice) {
		json.beginObject().name("role").value("assistant").name("content").beginArray();
		writeAnthropicBlocks(json, choice.message());
		json.endArray();
		if (choice.finishReason() != null) {
			json.name("stop_reason").value(choice.finishReason());
		}
		json.endObject();
	}

	// A message's content as blocks: its parts (or its text), then its tool calls as
	// tool_use blocks with their arguments as a JSON object.
	private static void writeAnthropicBlocks(JsonWriter json, ChatMessage message) {
		if (!message.contentParts().isEmpty()) {
			for (ContentPart part : message.contentParts()) {
				writeAnthropicPart(json, part);
			}
		}
		else if (message.content() != null) {
			json.beginObject().name("type").value("text").name("text").content(message.content()).endObject();
		}
		for (ToolCall call : message.toolCalls()) {
			json.beginObject().name("type").value("tool_use");
			json.name("id").value(call.id());
			json.name("name").value(call.name());
			json.name("input").json((call.arguments() != null) ? call.arguments() : "{}", true);
			json.endObject();
		}
	}

	private static void writeAnthropicPart(JsonWriter json, ContentPart part) {
		switch (part.type()) {
			case "text" -> json.beginObject().name("type").value("text").name("text").content(part.text()).endObject();
			case "thinking" ->
				json.beginObject().name("type").value("thinking").name("thinking").content(part.text()).endObject();
			case "redacted_thinking" -> json.beginObject().name("type").value("redacted_thinking").endObject();
			case "image_url", "image" -> {
				json.beginObject().name("type").value("image");
				if (part.url() != null) {
					json.name("source").beginObject().name("type").value("url");
					json.name("url").content(part.url()).endObject();
				}
				if (part.text() != null) {
					json.name("text").content(part.text());
				}
				json.endObject();
			}
			default -> SpanJson.writePart(json, part);
		}
	}

	/**
	 * The Responses API's input items: messages as {@code {role, content}}, the
	 * assistant's turns as {@code reasoning}, {@code message} and {@code function_call}
	 * items, tool results as {@code function_call_output} items.
	 */
	static void writeResponsesInput(JsonWriter json, List<ChatMessage> messages, int omit) {
		json.beginArray();
		if (omit > 0) {
			json.beginObject().name("role").value("system");
			json.name("content").value("[" + omit + " earlier items omitted: truncated to max-content-length]");
			json.endObject();
		}
		for (int i = omit; i < messages.size(); i++) {
			ChatMessage message = messages.get(i);
			switch (message.role()) {
				case "assistant" -> writeResponsesItems(json, message, null);
				case "tool" -> {
					json.beginObject().name("type").value("function_call_output");
					json.name("call_id").value(message.toolCallId());
					json.name("output").content(message.content());
					json.endObject();
				}
				default -> {
					json.beginObject().name("role").value(message.role()).name("content");
					if (message.contentParts().isEmpty()) {
						json.content(message.content());
					}
					else {
						json.beginArray();
						for (ContentPart part : message.contentParts()) {
							writeResponsesInputPart(json, part);
						}
						json.endArray();
					}
					json.endObject();
				}
			}
		}
		json.endArray();
	}

	/**
	 * The Responses API's output items of a response.
	 */
	static void writeResponsesOutput(JsonWriter json, List<Choice> choices) {
		json.beginArray();
		for (Choice choice : choices) {
			writeResponsesItems(json, choice.message(), choice.finishReason());
		}
		json.endArray();
	}

	// An assistant turn: its reasoning, its text as one message, its function calls.
	private static void writeResponsesItems(JsonWriter json, ChatMessage message, @Nullable String finishReason) {
		List<ContentPart> texts = new ArrayList<>(1);
		for (ContentPart part : message.contentParts()) {
			if ("reasoning".equals(part.type())) {
				json.beginObject().name("type").value("reasoning").name("summary").beginArray();
				if (part.text() != null) {
					json.beginObject().name("type").value("summary_text").name("text").content(part.text()).endObject();
				}
				json.endArray().endObject();
			}
			else {
				texts.add(part);
			}
		}
		if (message.content() != null && message.contentParts().isEmpty()) {
			texts.add(ContentPart.text(message.content()));
		}
		if (!texts.isEmpty()) {
			json.beginObject().name("type").value("message").name("role").value("assistant");
			if (finishReason != null) {
				json.name("status").value("length".equals(finishReason) ? "incomplete" : "completed");
			}
			json.name("content").beginArray();
			for (ContentPart part : texts) {
				if ("text".equals(part.type())) {
					json.beginObject().name("type").value("output_text").name("text").content(part.text()).endObject();
				}
				else {
					SpanJson.writePart(json, part);
				}
			}
			json.endArray().endObject();
		}
		for (ToolCall call : message.toolCalls()) {
			json.beginObject().name("type").value("function_call");
			json.name("call_id").value(call.id());
			json.name("name").value(call.name());
			json.name("arguments").content((call.arguments() != null) ? call.arguments() : "");
			json.endObject();
		}
	}

	private static void writeResponsesInputPart(JsonWriter json, ContentPart part) {
		switch (part.type()) {
			case "text" ->
				json.beginObject().name("type").value("input_text").name("text").content(part.text()).endObject();
			case "image_url" -> {
				json.beginObject().name("type").value("input_image");
				if (part.url() != null) {
					json.name("image_url").content(part.url());
				}
				json.endObject();
			}
			default -> SpanJson.writePart(json, part);
		}
	}

	/**
	 * Google's input:
	 * {@code {"model":...,"contents":[...],"config":{"systemInstruction":...}}}; the
	 * assistant's turns have role {@code model}, tool results are
	 * {@code functionResponse} parts of a {@code user} turn.
	 */
	static void writeGoogleInput(JsonWriter json, @Nullable String model, List<ChatMessage> conversation,
			List<ChatMessage> system, int omit) {
		json.beginObject();
		if (model != null) {
			json.name("model").value(model);
		}
		json.name("contents").beginArray();
		if (omit > 0) {
			json.beginObject().name("role").value("user").name("parts").beginArray();
			json.beginObject()
				.name("text")
				.value("[" + omit + " earlier contents omitted: truncated to max-content-length]")
				.endObject();
			json.endArray().endObject();
		}
		for (int i = omit; i < conversation.size(); i++) {
			ChatMessage message = conversation.get(i);
			boolean fromModel = "assistant".equals(message.role());
			json.beginObject().name("role").value(fromModel ? "model" : "user").name("parts").beginArray();
			if ("tool".equals(message.role())) {
				json.beginObject().name("functionResponse").beginObject();
				json.name("name").value((message.name() != null) ? message.name() : message.toolCallId());
				// An object, as the API takes it; any other result under "output", as
				// Google's function-calling guide puts it.
				String result = message.content();
				json.name("response");
				if (result != null && result.strip().startsWith("{")) {
					json.json(result, true);
				}
				else {
					json.beginObject().name("output").content(result).endObject();
				}
				json.endObject().endObject();
			}
			else {
				writeGoogleParts(json, message);
			}
			json.endArray().endObject();
		}
		json.endArray();
		if (!system.isEmpty()) {
			json.name("config").beginObject().name("systemInstruction").beginObject().name("parts").beginArray();
			for (ChatMessage message : system) {
				writeGoogleParts(json, message);
			}
			json.endArray().endObject().endObject();
		}
		json.endObject();
	}

	/**
	 * Google's output: {@code {"candidates":[{"index":...,"content":{"role":"model",
	 * "parts":[...]},"finishReason":...}]}}.
	 */
	static void writeGoogleOutput(JsonWriter json, List<Choice> choices) {
		json.beginObject().name("candidates").beginArray();
		for (Choice choice : choices) {
			json.beginObject().name("index").value(choice.index());
			json.name("content").beginObject().name("role").value("model").name("parts").beginArray();
			writeGoogleParts(json, choice.message());
			json.endArray().endObject();
			if (choice.finishReason() != null) {
				json.name("finishReason").value(choice.finishReason());
			}
			json.endObject();
		}
		json.endArray().endObject();
	}

	private static void writeGoogleParts(JsonWriter json, ChatMessage message) {
		if (!message.contentParts().isEmpty()) {
			for (ContentPart part : message.contentParts()) {
				json.beginObject();
				if (part.url() != null && part.text() == null) {
					json.name("fileData").beginObject().name("fileUri").content(part.url()).endObject();
				}
				else {
					json.name("text").content(part.text());
					if ("thinking".equals(part.type()) || "reasoning".equals(part.type())) {
						json.name("thought").value(true);
					}
				}
				json.endObject();
			}
		}
		else if (message.content() != null) {
			json.beginObject().name("text").content(message.content()).endObject();
		}
		for (ToolCall call : message.toolCalls()) {
			json.beginObject().name("functionCall").beginObject();
			json.name("name").value(call.name());
			json.name("args").json((call.arguments() != null) ? call.arguments() : "{}", true);
			json.endObject().endObject();
		}
	}

	/**
	 * Bedrock Converse's input as Braintrust's spec logs it: the system prompt first,
	 * then the messages, each with an array of typed parts; tool results in a
	 * {@code user} message.
	 */
	static void writeBedrockInput(JsonWriter json, List<ChatMessage> conversation, List<ChatMessage> system, int omit) {
		json.beginArray();
		for (ChatMessage message : system) {
			json.beginObject().name("role").value("system").name("content").beginArray();
			writeBedrockParts(json, message);
			json.endArray().endObject();
		}
		if (omit > 0) {
			json.beginObject().name("role").value("user").name("content").beginArray();
			json.beginObject().name("type").value("text");
			json.name("text").value("[" + omit + " earlier messages omitted: truncated to max-content-length]");
			json.endObject().endArray().endObject();
		}
		writeTurns(json, conversation, omit, (result) -> {
			json.beginObject().name("type").value("tool_result");
			json.name("toolUseId").value(result.toolCallId());
			json.name("content").beginArray().beginObject().name("type").value("text");
			json.name("text").content(result.content()).endObject().endArray();
			json.endObject();
		}, (message) -> writeBedrockParts(json, message), (message) -> {
			json.beginObject().name("role").value(message.role()).name("content").beginArray();
			writeBedrockParts(json, message);
			json.endArray().endObject();
		});
		json.endArray();
	}

	/**
	 * Bedrock Converse's output: the assistant message, in an array.
	 */
	static void writeBedrockOutput(JsonWriter json, Choice choice) {
		json.beginArray().beginObject().name("role").value("assistant").name("content").beginArray();
		writeBedrockParts(json, choice.message());
		json.endArray().endObject().endArray();
	}

	private static void writeBedrockParts(JsonWriter json, ChatMessage message) {
		if (!message.contentParts().isEmpty()) {
			for (ContentPart part : message.contentParts()) {
				SpanJson.writePart(json, part);
			}
		}
		else if (message.content() != null) {
			json.beginObject().name("type").value("text").name("text").content(message.content()).endObject();
		}
		for (ToolCall call : message.toolCalls()) {
			json.beginObject().name("type").value("tool_use");
			json.name("toolUseId").value(call.id());
			json.name("name").value(call.name());
			json.name("input").json((call.arguments() != null) ? call.arguments() : "{}", true);
			json.endObject();
		}
	}

	// The turns of a conversation for APIs whose tool results are content blocks of a
	// user message: consecutive tool results, and the user text that follows them, are
	// one user message (as the API takes them); any other message is written as it is.
	private static void writeTurns(JsonWriter json, List<ChatMessage> conversation, int omit,
			Consumer<ChatMessage> toolResult, Consumer<ChatMessage> userBlocks, Consumer<ChatMessage> message) {
		int i = omit;
		while (i < conversation.size()) {
			if (!"tool".equals(conversation.get(i).role())) {
				message.accept(conversation.get(i++));
				continue;
			}
			json.beginObject().name("role").value("user").name("content").beginArray();
			while (i < conversation.size() && "tool".equals(conversation.get(i).role())) {
				toolResult.accept(conversation.get(i++));
			}
			if (i < conversation.size() && "user".equals(conversation.get(i).role())) {
				userBlocks.accept(conversation.get(i++));
			}
			json.endArray().endObject();
		}
	}

}
