package dev.braintrust.spring.boot.trace;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

/**
 * Writes the JSON documents of the {@code braintrust.*} and {@code gen_ai.*.messages}
 * attributes.
 * <p>
 * Content documents are bounded by {@code maxLength} characters and stay valid JSON, as
 * {@link BoundedJson} says: each writer below writes its document in full or leaving out
 * a number of leading elements, and {@link BoundedJson} decides which it takes.
 */
final class SpanJson {

	private SpanJson() {
	}

	/**
	 * {@code braintrust.span_attributes}: the span's type and its name as Braintrust
	 * shows it.
	 * @param request the request
	 * @param spanName the span's OpenTelemetry name, the name when the request gives none
	 */
	static String spanAttributes(LlmRequest request, String spanName) {
		String name = request.displayName();
		if (name == null) {
			name = (request.operation() == LlmOperation.EXECUTE_TOOL && request.toolName() != null) ? request.toolName()
					: spanName;
		}
		String type = (request.spanType() != null) ? request.spanType() : request.operation().spanType();
		JsonWriter json = new JsonWriter(32 + name.length(), Integer.MAX_VALUE);
		json.beginObject().name("type").value(type).name("name").value(name).endObject();
		return json.toString();
	}

	/**
	 * The {@code braintrust.input_json} of a request: its messages for a chat call, its
	 * input otherwise; null when there is nothing.
	 */
	static @Nullable String input(LlmRequest request, int maxLength) {
		ContentShape shape = request.shape();
		if ((shape == ContentShape.ANTHROPIC || shape == ContentShape.GOOGLE || shape == ContentShape.BEDROCK_CONVERSE)
				&& !request.messages().isEmpty()) {
			// Shapes that take the system prompt apart from the conversation
			List<ChatMessage> conversation = ProviderShapes.conversation(request.messages());
			List<ChatMessage> system = ProviderShapes.system(request.messages());
			return BoundedJson.write(maxLength, conversation.size(), estimate(request.messages()),
					contentLength(request.messages()), (json, omit) -> {
						switch (shape) {
							case ANTHROPIC -> ProviderShapes.writeAnthropicInput(json, conversation, system, omit);
							case GOOGLE ->
								ProviderShapes.writeGoogleInput(json, request.model(), conversation, system, omit);
							default -> ProviderShapes.writeBedrockInput(json, conversation, system, omit);
						}
					});
		}
		if (request.shape() == ContentShape.OPENAI_RESPONSES && !request.messages().isEmpty()) {
			List<ChatMessage> messages = request.messages();
			return BoundedJson.write(maxLength, messages.size(), estimate(messages), contentLength(messages),
					(json, omit) -> ProviderShapes.writeResponsesInput(json, messages, omit));
		}
		if (request.operation() == LlmOperation.CHAT || !request.messages().isEmpty()) {
			List<ChatMessage> messages = request.messages();
			return BoundedJson.write(maxLength, messages.size(), estimate(messages), contentLength(messages),
					(json, omit) -> writeMessages(json, messages, omit, "earlier messages"));
		}
		Object input = request.input();
		if (input == null) {
			return null;
		}
		if (request.operation() == LlmOperation.EMBEDDINGS && input instanceof List<?> inputs) {
			Object dimensions = request.parameters().get("dimensions");
			return BoundedJson.write(maxLength, inputs.size(), 64, 0,
					(json, omit) -> writeEmbeddingInputs(json, inputs, dimensions, omit));
		}
		if (request.operation() == LlmOperation.EXECUTE_TOOL && input instanceof String arguments) {
			return BoundedJson.write(maxLength, 0, 64, 0, (json, omit) -> json.json(arguments, true));
		}
		if (input instanceof List<?> list) {
			return BoundedJson.write(maxLength, list.size(), 64, 0, (json, omit) -> writeList(json, list, omit));
		}
		return BoundedJson.write(maxLength, 0, 64, 0, (json, omit) -> json.anyValue(input, true));
	}

	/**
	 * The {@code braintrust.output_json} of a response: its choices, in the call's shape,
	 * for a chat call; its output otherwise; null when there is nothing.
	 */
	static @Nullable String output(LlmResponse response, ContentShape shape, int maxLength) {
		List<Choice> choices = response.choices();
		if (shape == ContentShape.ANTHROPIC && !choices.isEmpty()) {
			Choice first = choices.get(0);
			return BoundedJson.write(maxLength, 0, 64, choicesContentLength(choices),
					(json, omit) -> ProviderShapes.writeAnthropicOutput(json, first));
		}
		if (shape == ContentShape.GOOGLE && !choices.isEmpty()) {
			return BoundedJson.write(maxLength, 0, 64 * choices.size(), choicesContentLength(choices),
					(json, omit) -> ProviderShapes.writeGoogleOutput(json, choices));
		}
		if (shape == ContentShape.BEDROCK_CONVERSE && !choices.isEmpty()) {
			Choice first = choices.get(0);
			return BoundedJson.write(maxLength, 0, 64, choicesContentLength(choices),
					(json, omit) -> ProviderShapes.writeBedrockOutput(json, first));
		}
		if (shape == ContentShape.OPENAI_RESPONSES && !choices.isEmpty()) {
			return BoundedJson.write(maxLength, 0, 64 * choices.size(), choicesContentLength(choices),
					(json, omit) -> ProviderShapes.writeResponsesOutput(json, choices));
		}
		if (!choices.isEmpty()) {
			return BoundedJson.write(maxLength, choices.size(), 64 * choices.size(), choicesContentLength(choices),
					(json, omit) -> writeChoices(json, choices, omit));
		}
		Object output = response.output();
		if (output == null) {
			return null;
		}
		if (output instanceof List<?> list) {
			return BoundedJson.write(maxLength, list.size(), 64, 0, (json, omit) -> writeList(json, list, omit));
		}
		return BoundedJson.write(maxLength, 0, 64, 0, (json, omit) -> json.anyValue(output, true));
	}

	/**
	 * {@code gen_ai.input.messages}, in the OpenTelemetry GenAI message shape.
	 */
	static String genAiInput(List<ChatMessage> messages, int maxLength) {
		return BoundedJson.write(maxLength, messages.size(), estimate(messages), contentLength(messages),
				(json, omit) -> {
					json.beginArray();
					if (omit > 0) {
						genAiOmitted(json, omit, "system");
					}
					for (int i = omit; i < messages.size(); i++) {
						json.beginObject();
						genAiMessage(json, messages.get(i));
						json.endObject();
					}
					json.endArray();
				});
	}

	/**
	 * {@code gen_ai.system_instructions}: the system messages' texts as GenAI parts.
	 */
	static String genAiInstructions(List<ChatMessage> system, int maxLength) {
		return BoundedJson.write(maxLength, system.size(), estimate(system), contentLength(system), (json, omit) -> {
			json.beginArray();
			for (int i = omit; i < system.size(); i++) {
				ChatMessage message = system.get(i);
				if (message.contentParts().isEmpty()) {
					json.beginObject()
						.name("type")
						.value("text")
						.name("content")
						.content(message.content())
						.endObject();
				}
				for (ContentPart part : message.contentParts()) {
					json.beginObject().name("type").value("text").name("content").content(part.text()).endObject();
				}
			}
			json.endArray();
		});
	}

	/**
	 * {@code gen_ai.output.messages}, in the OpenTelemetry GenAI message shape.
	 */
	static String genAiOutput(List<Choice> choices, int maxLength) {
		return BoundedJson.write(maxLength, choices.size(), 64 * choices.size(), choicesContentLength(choices),
				(json, omit) -> {
					json.beginArray();
					if (omit > 0) {
						genAiOmitted(json, omit, "assistant");
					}
					for (int i = omit; i < choices.size(); i++) {
						Choice choice = choices.get(i);
						json.beginObject();
						genAiMessage(json, choice.message());
						json.name("finish_reason").value(choice.finishReason());
						json.endObject();
					}
					json.endArray();
				});
	}

	/**
	 * {@code braintrust.metadata}: provider, model, request parameters, tools. Without
	 * content, only the parameters of the {@link MetadataAllowList} and the tools' names.
	 * Bounded like a content document: the parameters' strings and the tools'
	 * descriptions and schemas are cut first, then the first tools left out.
	 */
	static String metadata(LlmRequest request, @Nullable String responseModel, boolean content, int maxLength) {
		return metadata(request, responseModel, content, maxLength, SpanAnnotations.NONE);
	}

	/**
	 * {@code braintrust.metadata} with the conversation and the metadata the application
	 * added: its entries follow the call's, and an entry named like one of the call's is
	 * left out.
	 */
	static String metadata(LlmRequest request, @Nullable String responseModel, boolean content, int maxLength,
			SpanAnnotations annotations) {
		Map<String, Object> parameters = content ? MetadataAllowList.parametersWithContent(request.parameters())
				: MetadataAllowList.parameters(request.parameters());
		List<ToolDefinition> tools = request.tools();
		Map<String, @Nullable Object> added = annotations.metadata();
		return BoundedJson.write(maxLength, tools.size(),
				64 + 16 * parameters.size() + 64 * tools.size() + 32 * added.size(), 0,
				(json, omit) -> writeMetadata(json, request, responseModel, parameters, content, omit, added));
	}

	/**
	 * {@code braintrust.metadata} of a {@link Traced} method's span: its conversation and
	 * the metadata the application added; null when there is none.
	 */
	static @Nullable String taskMetadata(LlmRequest request, SpanAnnotations annotations, int maxLength) {
		Map<String, @Nullable Object> added = annotations.metadata();
		if (request.conversationId() == null && added.isEmpty()) {
			return null;
		}
		return BoundedJson.write(maxLength, 0, 32 + 32 * added.size(), 0, (json, omit) -> {
			json.beginObject();
			if (request.conversationId() != null) {
				json.name(CONVERSATION_ID).value(request.conversationId());
			}
			writeAdded(json, added, (name) -> CONVERSATION_ID.equals(name));
			json.endObject();
		});
	}

	/**
	 * The key of the conversation id in {@code braintrust.metadata}.
	 */
	static final String CONVERSATION_ID = "conversation_id";

	private static void writeAdded(JsonWriter json, Map<String, @Nullable Object> added, Predicate<String> reserved) {
		for (Map.Entry<String, @Nullable Object> entry : added.entrySet()) {
			if (!reserved.test(entry.getKey())) {
				json.name(entry.getKey()).anyValue(entry.getValue(), true);
			}
		}
	}

	private static void writeMetadata(JsonWriter json, LlmRequest request, @Nullable String responseModel,
			Map<String, Object> parameters, boolean content, int omitTools, Map<String, @Nullable Object> added) {
		json.beginObject();
		json.name("provider").value(BraintrustProviders.of(request.provider()));
		String model = (responseModel != null) ? responseModel
				: (request.model() != null) ? request.model() : request.toolName();
		json.name("model").value(model);
		for (Map.Entry<String, Object> parameter : parameters.entrySet()) {
			json.name(parameter.getKey()).anyValue(parameter.getValue(), true);
		}
		if (request.stream()) {
			json.name("stream").value(true);
		}
		if (request.toolCallId() != null) {
			json.name("tool_call_id").value(request.toolCallId());
		}
		List<ToolDefinition> tools = request.tools();
		if (!tools.isEmpty()) {
			json.name("tools").beginArray();
			for (int i = omitTools; i < tools.size(); i++) {
				ToolDefinition tool = tools.get(i);
				json.beginObject().name("type").value("function").name("function").beginObject();
				json.name("name").value(tool.name());
				if (content && tool.description() != null) {
					json.name("description").content(tool.description());
				}
				if (content && tool.parameters() != null) {
					json.name("parameters").json(tool.parameters(), true);
				}
				json.endObject().endObject();
			}
			json.endArray();
			if (omitTools > 0) {
				json.name("tools_omitted").value(omitTools);
			}
		}
		if (request.conversationId() != null) {
			json.name(CONVERSATION_ID).value(request.conversationId());
		}
		if (!added.isEmpty()) {
			writeAdded(json, added, (name) -> RESERVED_METADATA.contains(name) || parameters.containsKey(name));
		}
		json.endObject();
	}

	private static final Set<String> RESERVED_METADATA = Set.of("provider", "model", "stream", "tool_call_id", "tools",
			"tools_omitted", CONVERSATION_ID);

	/**
	 * {@code braintrust.metrics}; null when nothing is known.
	 */
	static @Nullable String metrics(@Nullable TokenUsage usage, double timeToFirstTokenSeconds) {
		if (usage == null && timeToFirstTokenSeconds < 0) {
			return null;
		}
		JsonWriter json = new JsonWriter(96, Integer.MAX_VALUE);
		json.beginObject();
		if (usage != null) {
			optional(json, "prompt_tokens", usage.inputTokens());
			optional(json, "completion_tokens", usage.outputTokens());
			optional(json, "tokens", usage.totalTokens());
			optional(json, "prompt_cached_tokens", usage.cachedInputTokens());
			// One representation of cache writes: the TTL split when the provider
			// reports it, else the aggregate (Braintrust's prompt-caching spec).
			if (usage.hasCacheCreationSplit()) {
				optional(json, "prompt_cache_creation_5m_tokens", usage.cacheCreation5mTokens());
				optional(json, "prompt_cache_creation_1h_tokens", usage.cacheCreation1hTokens());
			}
			else {
				optional(json, "prompt_cache_creation_tokens", usage.cacheCreationInputTokens());
			}
			optional(json, "completion_reasoning_tokens", usage.reasoningTokens());
			optional(json, "prompt_audio_tokens", usage.inputAudioTokens());
			optional(json, "completion_audio_tokens", usage.outputAudioTokens());
			optional(json, "completion_image_tokens", usage.outputImageTokens());
		}
		if (timeToFirstTokenSeconds >= 0) {
			json.name("time_to_first_token").value(timeToFirstTokenSeconds);
		}
		json.endObject();
		return json.toString();
	}

	// Sized so that the usual document needs no buffer growth.
	private static int estimate(List<ChatMessage> messages) {
		int estimate = 16;
		for (ChatMessage message : messages) {
			estimate += 48 + ((message.content() != null) ? message.content().length() + 16 : 64)
					+ 128 * message.toolCalls().size();
		}
		return estimate;
	}

	// A lower bound of the length of a document with these messages: their contents,
	// unescaped.
	private static long contentLength(List<ChatMessage> messages) {
		long length = 0;
		for (ChatMessage message : messages) {
			length += (message.content() != null) ? message.content().length() : 0;
		}
		return length;
	}

	private static long choicesContentLength(List<Choice> choices) {
		long length = 0;
		for (Choice choice : choices) {
			String content = choice.message().content();
			length += (content != null) ? content.length() : 0;
		}
		return length;
	}

	private static void optional(JsonWriter json, String name, @Nullable Long value) {
		if (value != null) {
			json.name(name).value(value.longValue());
		}
	}

	static void writeMessages(JsonWriter json, List<ChatMessage> messages, int omit, String what) {
		json.beginArray();
		if (omit > 0) {
			json.beginObject().name("role").value("system");
			json.name("content").value("[" + omit + " " + what + " omitted: truncated to max-content-length]");
			json.endObject();
		}
		for (int i = omit; i < messages.size(); i++) {
			writeMessage(json, messages.get(i));
		}
		json.endArray();
	}

	private static void writeMessage(JsonWriter json, ChatMessage message) {
		json.beginObject();
		json.name("role").value(message.role());
		json.name("content");
		if (!message.contentParts().isEmpty()) {
			json.beginArray();
			for (ContentPart part : message.contentParts()) {
				writePart(json, part);
			}
			json.endArray();
		}
		else {
			json.content(message.content());
		}
		if (message.name() != null) {
			json.name("name").value(message.name());
		}
		if (!message.toolCalls().isEmpty()) {
			json.name("tool_calls").beginArray();
			for (ToolCall call : message.toolCalls()) {
				json.beginObject();
				if (call.id() != null) {
					json.name("id").value(call.id());
				}
				json.name("type").value("function");
				json.name("function").beginObject().name("name").value(call.name());
				json.name("arguments").content((call.arguments() != null) ? call.arguments() : "");
				json.endObject().endObject();
			}
			json.endArray();
		}
		if (message.toolCallId() != null) {
			json.name("tool_call_id").value(message.toolCallId());
		}
		json.endObject();
	}

	static void writePart(JsonWriter json, ContentPart part) {
		json.beginObject().name("type").value(part.type());
		if ("image_url".equals(part.type()) && part.url() != null) {
			json.name("image_url").beginObject().name("url").content(part.url()).endObject();
			if (part.text() != null) {
				json.name("text").content(part.text());
			}
		}
		else {
			if (part.text() != null) {
				json.name("text").content(part.text());
			}
			if (part.url() != null) {
				json.name("url").content(part.url());
			}
		}
		json.endObject();
	}

	private static void writeChoices(JsonWriter json, List<Choice> choices, int omit) {
		json.beginArray();
		if (omit > 0) {
			json.beginObject().name("index").value(-1).name("message").beginObject();
			json.name("role").value("assistant");
			json.name("content").value("[" + omit + " choices omitted: truncated to max-content-length]");
			json.endObject().endObject();
		}
		for (int i = omit; i < choices.size(); i++) {
			Choice choice = choices.get(i);
			json.beginObject();
			json.name("index").value(choice.index());
			json.name("message");
			writeMessage(json, choice.message());
			json.name("finish_reason").value(choice.finishReason());
			json.endObject();
		}
		json.endArray();
	}

	// Braintrust's embedding input: one entry per returned embedding, and the requested
	// dimensions.
	private static void writeEmbeddingInputs(JsonWriter json, List<?> inputs, @Nullable Object dimensions, int omit) {
		json.beginObject().name("inputs").beginArray();
		if (omit > 0) {
			json.beginObject()
				.name("content")
				.value("[" + omit + " earlier inputs omitted: truncated to max-content-length]")
				.endObject();
		}
		for (int i = omit; i < inputs.size(); i++) {
			json.beginObject().name("content").anyValue(inputs.get(i), true).endObject();
		}
		json.endArray();
		if (dimensions instanceof Number number) {
			json.name("output_dimensions").value(number.longValue());
		}
		json.endObject();
	}

	private static void writeList(JsonWriter json, List<?> list, int omit) {
		json.beginArray();
		if (omit > 0) {
			json.value("[" + omit + " earlier items omitted: truncated to max-content-length]");
		}
		for (int i = omit; i < list.size(); i++) {
			json.anyValue(list.get(i), true);
		}
		json.endArray();
	}

	private static void genAiOmitted(JsonWriter json, int omit, String role) {
		json.beginObject().name("role").value(role).name("parts").beginArray();
		json.beginObject().name("type").value("text");
		json.name("content").value("[" + omit + " messages omitted: truncated to max-content-length]");
		json.endObject().endArray().endObject();
	}

	private static void genAiMessage(JsonWriter json, ChatMessage message) {
		json.name("role").value(message.role());
		json.name("parts").beginArray();
		if ("tool".equals(message.role())) {
			json.beginObject().name("type").value("tool_call_response");
			json.name("id").value(message.toolCallId());
			json.name("response").content(message.content());
			json.endObject();
		}
		else {
			if (message.content() != null && message.contentParts().isEmpty()) {
				json.beginObject().name("type").value("text").name("content").content(message.content()).endObject();
			}
			for (ContentPart part : message.contentParts()) {
				json.beginObject();
				if (part.text() != null) {
					json.name("type").value("text").name("content").content(part.text());
				}
				else {
					json.name("type").value("uri").name("uri").content(part.url());
				}
				json.endObject();
			}
			for (ToolCall call : message.toolCalls()) {
				json.beginObject().name("type").value("tool_call");
				json.name("id").value(call.id());
				json.name("name").value(call.name());
				json.name("arguments").content(call.arguments());
				json.endObject();
			}
		}
		json.endArray();
		if (message.name() != null) {
			json.name("name").value(message.name());
		}
	}

}
