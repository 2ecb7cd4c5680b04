package dev.braintrust.spring.boot.integrations.openai;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.openai.core.JsonValue;
import com.openai.models.FunctionDefinition;
import com.openai.models.chat.completions.ChatCompletionAssistantMessageParam;
import com.openai.models.chat.completions.ChatCompletionAssistantMessageParam.Content.ChatCompletionRequestAssistantMessageContentPart;
import com.openai.models.chat.completions.ChatCompletionContentPart;
import com.openai.models.chat.completions.ChatCompletionContentPartText;
import com.openai.models.chat.completions.ChatCompletionCustomTool;
import com.openai.models.chat.completions.ChatCompletionDeveloperMessageParam;
import com.openai.models.chat.completions.ChatCompletionFunctionMessageParam;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessage;
import com.openai.models.chat.completions.ChatCompletionMessageParam;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import com.openai.models.chat.completions.ChatCompletionSystemMessageParam;
import com.openai.models.chat.completions.ChatCompletionTool;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import com.openai.models.chat.completions.ChatCompletionUserMessageParam;
import com.openai.models.completions.CompletionUsage;
import dev.braintrust.spring.boot.trace.ChatMessage;
import dev.braintrust.spring.boot.trace.ContentPart;
import dev.braintrust.spring.boot.trace.TokenUsage;
import dev.braintrust.spring.boot.trace.ToolCall;
import dev.braintrust.spring.boot.trace.ToolDefinition;
import org.jspecify.annotations.Nullable;

/**
 * Messages, tools and usage of the Chat Completions API, read through the SDK's public
 * typed accessors, which give what the wire JSON gives without converting anything.
 * <p>
 * A message, a choice or a tool is read through its accessors when the SDK knows all of
 * it: it is valid by the SDK's own check ({@code isValid()}: a variant of a union the SDK
 * knows, required fields present and of their type, nested objects included) and carries
 * no additional properties (nested objects are not checked: the SDK models every field of
 * theirs that the chat shape reads). Any other (a message of a role this SDK version does
 * not know, a property it does not model, a field of the wrong type) is read from its own
 * wire JSON, with the readers of {@link OpenAiJson}, so that it is described exactly as
 * sent; so is a content part or tool call of a variant the SDK knows and these readers do
 * not.
 */
final class ChatCompletionsMessages {

	private ChatCompletionsMessages() {
	}

	/**
	 * A request message, whatever its role.
	 */
	static ChatMessage message(ChatCompletionMessageParam message) {
		if (!message.isValid()) {
			return fromJson(message);
		}
		if (message.isUser()) {
			ChatCompletionUserMessageParam user = message.asUser();
			if (!user._additionalProperties().isEmpty()) {
				return fromJson(message);
			}
			ChatCompletionUserMessageParam.Content content = user.content();
			List<ContentPart> parts = List.of();
			if (content.isArrayOfContentParts()) {
				List<ChatCompletionContentPart> array = content.asArrayOfContentParts();
				parts = new ArrayList<>(array.size());
				for (ChatCompletionContentPart part : array) {
					ContentPart read = part(part);
					if (read != null) {
						parts.add(read);
					}
				}
			}
			return new ChatMessage(role(user._role()), content.text().orElse(null), parts, List.of(), null,
					user.name().orElse(null));
		}
		if (message.isSystem()) {
			ChatCompletionSystemMessageParam system = message.asSystem();
			ChatCompletionSystemMessageParam.Content content = system.content();
			return system._additionalProperties().isEmpty()
					? new ChatMessage(role(system._role()), content.text().orElse(null),
							textParts(content.arrayOfContentParts()), List.of(), null, system.name().orElse(null))
					: fromJson(message);
		}
		if (message.isDeveloper()) {
			ChatCompletionDeveloperMessageParam developer = message.asDeveloper();
			ChatCompletionDeveloperMessageParam.Content content = developer.content();
			return developer._additionalProperties().isEmpty()
					? new ChatMessage(role(developer._role()), content.text().orElse(null),
							textParts(content.arrayOfContentParts()), List.of(), null, developer.name().orElse(null))
					: fromJson(message);
		}
		if (message.isAssistant()) {
			ChatCompletionAssistantMessageParam assistant = message.asAssistant();
			return assistant._additionalProperties().isEmpty() ? assistant(assistant) : fromJson(message);
		}
		if (message.isTool()) {
			ChatCompletionToolMessageParam tool = message.asTool();
			ChatCompletionToolMessageParam.Content content = tool.content();
			return tool._additionalProperties().isEmpty()
					? new ChatMessage(role(tool._role()), content.text().orElse(null),
							textParts(content.arrayOfContentParts()), List.of(), tool.toolCallId(), null)
					: fromJson(message);
		}
		if (message.isFunction()) {
			ChatCompletionFunctionMessageParam function = message.asFunction();
			return function._additionalProperties().isEmpty() ? new ChatMessage(role(function._role()),
					function.content().orElse(null), List.of(), List.of(), null, function.name()) : fromJson(message);
		}
		return fromJson(message);
	}

	private static ChatMessage assistant(ChatCompletionAssistantMessageParam assistant) {
		String text = null;
		List<ContentPart> parts = List.of();
		Optional<ChatCompletionAssistantMessageParam.Content> content = assistant.content();
		if (content.isPresent() && content.get().isText()) {
			text = content.get().asText();
		}
		else if (content.isPresent() && content.get().isArrayOfContentParts()) {
			List<ChatCompletionRequestAssistantMessageContentPart> array = content.get().asArrayOfContentParts();
			parts = new ArrayList<>(array.size());
			for (ChatCompletionRequestAssistantMessageContentPart part : array) {
				ContentPart read = part.isText() ? textPart(part.asText())
						: part.isRefusal() ? new ContentPart("refusal", part.asRefusal().refusal(), null)
								: OpenAiJson.contentPart(OpenAiJson.tree(part));
				if (read != null) {
					parts.add(read);
				}
			}
		}
		List<ToolCall> toolCalls = toolCalls(assistant.toolCalls());
		Optional<ChatCompletionAssistantMessageParam.FunctionCall> functionCall = assistant.functionCall();
		if (functionCall.isPresent()) {
			toolCalls = new ArrayList<>(toolCalls);
			toolCalls.add(OpenAiJson.toolCall(null, functionCall.get().name(), functionCall.get().arguments()));
		}
		return new ChatMessage(role(assistant._role()), text, parts, toolCalls, null, assistant.name().orElse(null));
	}

	/**
	 * The message of a completion's choice.
	 */
	static ChatMessage message(ChatCompletionMessage message) {
		if (!message.isValid() || !message._additionalProperties().isEmpty()) {
			return fromJson(message);
		}
		List<ToolCall> toolCalls = toolCalls(message.toolCalls());
		Optional<ChatCompletionMessage.FunctionCall> functionCall = message.functionCall();
		if (functionCall.isPresent()) {
			toolCalls = new ArrayList<>(toolCalls);
			toolCalls.add(OpenAiJson.toolCall(null, functionCall.get().name(), functionCall.get().arguments()));
		}
		return new ChatMessage(role(message._role()), message.content().orElse(null), List.of(), toolCalls, null, null);
	}

	private static ChatMessage fromJson(Object message) {
		return OpenAiJson.chatMessage(OpenAiJson.tree(message));
	}

	private static List<ToolCall> toolCalls(Optional<List<ChatCompletionMessageToolCall>> calls) {
		if (calls.isEmpty() || calls.get().isEmpty()) {
			return List.of();
		}
		List<ToolCall> toolCalls = new ArrayList<>(calls.get().size());
		for (ChatCompletionMessageToolCall call : calls.get()) {
			if (call.isFunction()) {
				var function = call.asFunction();
				toolCalls.add(OpenAiJson.toolCall(function.id(), function.function().name(),
						function.function().arguments()));
			}
			else if (call.isCustom()) {
				var custom = call.asCustom();
				toolCalls.add(OpenAiJson.toolCall(custom.id(), custom.custom().name(), custom.custom().input()));
			}
			else {
				ToolCall read = OpenAiJson.toolCall(OpenAiJson.tree(call));
				if (read != null) {
					toolCalls.add(read);
				}
			}
		}
		return toolCalls;
	}

	// A variant this SDK version models and these readers do not: its wire JSON.
	private static @Nullable ContentPart part(ChatCompletionContentPart part) {
		if (part.isText()) {
			return textPart(part.asText());
		}
		if (part.isImageUrl()) {
			return ContentPart.imageUrl(part.asImageUrl().imageUrl().url());
		}
		if (part.isInputAudio()) {
			return new ContentPart("input_audio", null, null);
		}
		if (part.isFile()) {
			ChatCompletionContentPart.File.FileObject file = part.asFile().file();
			return new ContentPart("file", file.filename().orElse(null), file.fileId().orElse(null));
		}
		return OpenAiJson.contentPart(OpenAiJson.tree(part));
	}

	private static List<ContentPart> textParts(Optional<List<ChatCompletionContentPartText>> texts) {
		if (texts.isEmpty()) {
			return List.of();
		}
		List<ContentPart> parts = new ArrayList<>(texts.get().size());
		for (ChatCompletionContentPartText text : texts.get()) {
			parts.add(textPart(text));
		}
		return parts;
	}

	private static ContentPart textPart(ChatCompletionContentPartText text) {
		return ContentPart.text(text.text());
	}

	/**
	 * The tools of a request.
	 */
	static List<ToolDefinition> tools(List<ChatCompletionTool> tools) {
		List<ToolDefinition> definitions = new ArrayList<>(tools.size());
		for (ChatCompletionTool tool : tools) {
			ToolDefinition definition = tool.isValid() ? typed(tool) : null;
			if (definition == null) {
				definition = OpenAiJson.tool(OpenAiJson.tree(tool));
			}
			if (definition != null) {
				definitions.add(definition);
			}
		}
		return definitions;
	}

	// Null when the tool has properties the SDK does not model.
	private static @Nullable ToolDefinition typed(ChatCompletionTool tool) {
		if (tool.isFunction()) {
			ChatCompletionFunctionTool function = tool.asFunction();
			FunctionDefinition definition = function.function();
			return (function._additionalProperties().isEmpty() && definition._additionalProperties().isEmpty())
					? new ToolDefinition(definition.name(), definition.description().orElse(null),
							definition.parameters().map((schema) -> OpenAiJson.tree(schema).toString()).orElse(null))
					: null;
		}
		if (tool.isCustom()) {
			ChatCompletionCustomTool custom = tool.asCustom();
			ChatCompletionCustomTool.Custom definition = custom.custom();
			return (custom._additionalProperties().isEmpty() && definition._additionalProperties().isEmpty())
					? new ToolDefinition(definition.name(), definition.description().orElse(null), null) : null;
		}
		return null;
	}

	/**
	 * The usage of a completion or of the last chunk of a streamed one.
	 */
	static @Nullable TokenUsage usage(CompletionUsage usage) {
		if (!usage.isValid()) {
			return OpenAiJson.usage(OpenAiJson.tree(usage));
		}
		Optional<CompletionUsage.PromptTokensDetails> prompt = usage.promptTokensDetails();
		Optional<CompletionUsage.CompletionTokensDetails> completion = usage.completionTokensDetails();
		return new TokenUsage(usage.promptTokens(), usage.completionTokens(), usage.totalTokens(),
				prompt.flatMap(CompletionUsage.PromptTokensDetails::cachedTokens).orElse(null), null,
				completion.flatMap(CompletionUsage.CompletionTokensDetails::reasoningTokens).orElse(null), null, null,
				prompt.flatMap(CompletionUsage.PromptTokensDetails::audioTokens).orElse(null),
				completion.flatMap(CompletionUsage.CompletionTokensDetails::audioTokens).orElse(null), null);
	}

	private static String role(JsonValue role) {
		// A JsonValue's Optional is raw.
		return (role.asString().orElse(null) instanceof String text) ? text : "user";
	}

}
