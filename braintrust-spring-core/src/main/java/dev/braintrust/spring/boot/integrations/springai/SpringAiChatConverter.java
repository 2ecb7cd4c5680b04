package dev.braintrust.spring.boot.integrations.springai;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

import dev.braintrust.spring.boot.trace.ChatMessage;
import dev.braintrust.spring.boot.trace.Choice;
import dev.braintrust.spring.boot.trace.ContentPart;
import dev.braintrust.spring.boot.trace.LlmOperation;
import dev.braintrust.spring.boot.trace.LlmRequest;
import dev.braintrust.spring.boot.trace.LlmResponse;
import dev.braintrust.spring.boot.trace.ToolCall;
import dev.braintrust.spring.boot.trace.ToolDefinition;
import org.jspecify.annotations.Nullable;

import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.content.Media;
import org.springframework.ai.model.tool.ToolCallingChatOptions;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.util.StringUtils;

/**
 * Maps Spring AI's chat types to the tracing event model: a {@link Prompt} to an
 * {@link LlmRequest} in OpenAI chat shape, a {@link ChatResponse} to an
 * {@link LlmResponse}.
 */
final class SpringAiChatConverter {

	private SpringAiChatConverter() {
	}

	/**
	 * The request of a chat call made through a proxy of the model.
	 * @param model the model (the proxy's target)
	 * @param prompt the prompt
	 * @param stream whether the call streams
	 * @return the request
	 */
	static LlmRequest request(ChatModel model, Prompt prompt, boolean stream, int inlineMediaLimit) {
		// A prompt without options gets the model's default options (as the models do).
		ChatOptions options = (prompt.getOptions() != null) ? prompt.getOptions() : SpringAiApi.defaultOptions(model);
		return request(SpringAiProviders.of(model, options), options, prompt, stream, inlineMediaLimit);
	}

	/**
	 * The request of a chat call seen through Spring AI's observation of it, whose prompt
	 * already carries the options the model resolved.
	 * @param prompt the prompt
	 * @param observedProvider the provider the model reported to its observation
	 * @param stream whether the call streams
	 * @return the request
	 */
	static LlmRequest request(Prompt prompt, @Nullable String observedProvider, boolean stream, int inlineMediaLimit) {
		ChatOptions options = prompt.getOptions();
		String provider = (options != null) ? SpringAiProviders.of(options, null) : SpringAiProviders.FALLBACK;
		if (provider.equals(SpringAiProviders.FALLBACK) && StringUtils.hasText(observedProvider)) {
			provider = observedProvider;
		}
		return request(provider, options, prompt, stream, inlineMediaLimit);
	}

	private static LlmRequest request(String provider, @Nullable ChatOptions options, Prompt prompt, boolean stream,
			int inlineMediaLimit) {
		LlmRequest.Builder request = LlmRequest.builder(SpringAiIntegration.NAME, provider, LlmOperation.CHAT)
			.displayName(stream ? "spring_ai.chat_model.stream" : "spring_ai.chat_model.call")
			.stream(stream);
		if (options != null) {
			request.model(options.getModel())
				.parameter("temperature", options.getTemperature())
				.parameter("top_p", options.getTopP())
				.parameter("max_tokens", options.getMaxTokens())
				.parameter("stop", emptyToNull(options.getStopSequences()))
				.parameter("top_k", options.getTopK())
				.parameter("frequency_penalty", options.getFrequencyPenalty())
				.parameter("presence_penalty", options.getPresencePenalty());
			if (options instanceof ToolCallingChatOptions toolOptions && toolOptions.getToolCallbacks() != null) {
				for (ToolCallback callback : toolOptions.getToolCallbacks()) {
					org.springframework.ai.tool.definition.ToolDefinition definition = callback.getToolDefinition();
					request.tool(
							new ToolDefinition(definition.name(), definition.description(), definition.inputSchema()));
				}
			}
		}
		for (Message message : prompt.getInstructions()) {
			addMessage(request, message, inlineMediaLimit);
		}
		return request.build();
	}

	private static void addMessage(LlmRequest.Builder request, Message message, int inlineMediaLimit) {
		switch (message.getMessageType()) {
			case SYSTEM -> request.message(ChatMessage.system(text(message)));
			case USER -> request.message(user(message, inlineMediaLimit));
			case ASSISTANT -> request.message(assistant((AssistantMessage) message));
			case TOOL -> {
				// OpenAI shape: one tool message per tool response.
				for (ToolResponseMessage.ToolResponse response : ((ToolResponseMessage) message).getResponses()) {
					request.message(ChatMessage.tool(response.id(), response.responseData()));
				}
			}
		}
	}

	private static ChatMessage user(Message message, int inlineMediaLimit) {
		List<Media> media = (message instanceof UserMessage user) ? user.getMedia() : List.of();
		if (media.isEmpty()) {
			return ChatMessage.user(text(message));
		}
		List<ContentPart> parts = new ArrayList<>(media.size() + 1);
		if (StringUtils.hasLength(message.getText())) {
			parts.add(ContentPart.text(message.getText()));
		}
		for (Media item : media) {
			parts.add(mediaPart(item, inlineMediaLimit));
		}
		return new ChatMessage("user", null, parts, List.of(), null, null);
	}

	/**
	 * A media part: its URL when it is given by one; for bytes, a placeholder with the
	 * MIME type and the size (as the Anthropic integration records inline data), or a
	 * data URL when inline media are asked for and it fits within the limit.
	 */
	private static ContentPart mediaPart(Media media, int inlineMediaLimit) {
		Object data = media.getData();
		String mimeType = media.getMimeType().toString();
		boolean image = "image".equals(media.getMimeType().getType());
		if (data instanceof byte[] bytes) {
			int prefix = "data:".length() + mimeType.length() + ";base64,".length();
			long encoded = prefix + 4L * ((bytes.length + 2) / 3);
			if (encoded > inlineMediaLimit) {
				String placeholder = "[" + (image ? "image" : "file") + " " + mimeType + ", " + bytes.length
						+ " bytes]";
				return new ContentPart(image ? "image" : "file", placeholder, null);
			}
			String url = "data:" + mimeType + ";base64," + Base64.getEncoder().encodeToString(bytes);
			return image ? ContentPart.imageUrl(url) : new ContentPart("file", null, url);
		}
		String url = String.valueOf(data);
		return image ? ContentPart.imageUrl(url) : new ContentPart("file", null, url);
	}

	// Spring AI turns the absent content of a tool-calling message into "".
	private static ChatMessage assistant(AssistantMessage message) {
		return ChatMessage.assistant(emptyToNull(message.getText()), toolCalls(message));
	}

	private static List<ToolCall> toolCalls(AssistantMessage message) {
		List<AssistantMessage.ToolCall> calls = message.getToolCalls();
		if (calls.isEmpty()) {
			return List.of();
		}
		List<ToolCall> result = new ArrayList<>(calls.size());
		for (AssistantMessage.ToolCall call : calls) {
			result.add(new ToolCall(emptyToNull(call.id()), call.name(), call.arguments()));
		}
		return result;
	}

	/**
	 * The response of a chat call.
	 * @param response the response
	 * @param provider the provider, which tells how its usage counts cached tokens
	 * @return the response
	 */
	static LlmResponse response(ChatResponse response, String provider) {
		return response(response, provider, null);
	}

	/**
	 * The response of a call of a Spring AI 1.1 model's tool loop, whose reported usage
	 * is the sum of the loop's calls so far.
	 * @param response the response
	 * @param provider the provider, which tells how its usage counts cached tokens
	 * @param reportedBefore the usage the model reported before this call, or
	 * {@code null}
	 * @return the response, with the call's own usage
	 */
	static LlmResponse response(ChatResponse response, String provider, @Nullable Usage reportedBefore) {
		List<Generation> generations = response.getResults();
		List<Choice> choices = new ArrayList<>(generations.size());
		for (int i = 0; i < generations.size(); i++) {
			Generation generation = generations.get(i);
			choices.add(new Choice(i, assistant(generation.getOutput()), finishReason(generation)));
		}
		ChatResponseMetadata metadata = response.getMetadata();
		return LlmResponse.chat(emptyToNull(metadata.getId()), emptyToNull(metadata.getModel()), choices,
				SpringAiUsage.of(metadata.getUsage(), provider, reportedBefore));
	}

	/**
	 * The finish reason of a generation in the provider's own words, lower case (Spring
	 * AI's OpenAI model reports the SDK's enum names, such as {@code TOOL_CALLS}).
	 * @param generation the generation
	 * @return the finish reason, or {@code null}
	 */
	static @Nullable String finishReason(Generation generation) {
		String reason = generation.getMetadata().getFinishReason();
		return StringUtils.hasText(reason) ? reason.toLowerCase(Locale.ROOT) : null;
	}

	private static String text(Message message) {
		String text = message.getText();
		return (text != null) ? text : "";
	}

	static @Nullable String emptyToNull(@Nullable String value) {
		return StringUtils.hasLength(value) ? value : null;
	}

	private static <T> @Nullable List<T> emptyToNull(@Nullable List<T> list) {
		return (list == null || list.isEmpty()) ? null : list;
	}

}
