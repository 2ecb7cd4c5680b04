package dev.braintrust.spring.boot.integrations.openai;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.embeddings.EmbeddingCreateParams;
import dev.braintrust.spring.boot.trace.ChatStreamAccumulator;
import dev.braintrust.spring.boot.trace.Choice;
import dev.braintrust.spring.boot.trace.LlmOperation;
import dev.braintrust.spring.boot.trace.LlmRequest;
import dev.braintrust.spring.boot.trace.LlmResponse;

import static dev.braintrust.spring.boot.integrations.openai.OpenAiJson.elements;
import static dev.braintrust.spring.boot.integrations.openai.OpenAiJson.number;
import static dev.braintrust.spring.boot.integrations.openai.OpenAiJson.text;

/**
 * What a span describes, read from nothing but the wire JSON of the SDK's objects (as the
 * SDK's own mapper writes it, whole): the reference the Chat Completions and Embeddings
 * mappings are held to.
 */
final class WireJson {

	/**
	 * The chat completions parameters {@code braintrust.metadata} keeps.
	 */
	static final Set<String> CHAT_PARAMETERS = Set.of("frequency_penalty", "logprobs", "max_completion_tokens",
			"max_tokens", "modalities", "n", "parallel_tool_calls", "presence_penalty", "prompt_cache_retention",
			"reasoning_effort", "response_format", "seed", "service_tier", "stop", "store", "stream_options",
			"temperature", "tool_choice", "top_logprobs", "top_p", "verbosity");

	/**
	 * The embeddings parameters {@code braintrust.metadata} keeps.
	 */
	static final Set<String> EMBEDDING_PARAMETERS = Set.of("dimensions", "encoding_format");

	private WireJson() {
	}

	// A listed parameter, or an additional property (which the tracer's allow-list
	// filters again).
	private static void kept(LlmRequest.Builder request, String name, Object value, Set<String> listed,
			Map<String, ?> additionalProperties) {
		if (listed.contains(name) || additionalProperties.containsKey(name)) {
			request.parameter(name, value);
		}
	}

	static LlmRequest chatRequest(ChatCompletionCreateParams params, boolean stream, OpenAiEndpoint endpoint) {
		JsonNode body = OpenAiJson.tree(params._body());
		LlmRequest.Builder request = endpoint.request(LlmOperation.CHAT)
			.displayName(ChatCompletionsMapping.DISPLAY_NAME)
			.model(text(body, "model"))
			.stream(stream);
		for (JsonNode message : elements(body.get("messages"))) {
			request.message(OpenAiJson.chatMessage(message));
		}
		request.tools(OpenAiJson.tools(body.get("tools")));
		OpenAiJson.parameters(body, Set.of("model", "messages", "tools", "stream"))
			.forEach((name, value) -> kept(request, name, value, CHAT_PARAMETERS,
					params._body()._additionalProperties()));
		return request.build();
	}

	static LlmResponse response(ChatCompletion completion) {
		JsonNode json = OpenAiJson.tree(completion);
		List<Choice> choices = new ArrayList<>();
		for (JsonNode choice : elements(json.get("choices"))) {
			Long index = number(choice, "index");
			JsonNode message = choice.get("message");
			if (message != null) {
				choices.add(new Choice((index != null) ? index.intValue() : choices.size(),
						OpenAiJson.chatMessage(message), text(choice, "finish_reason")));
			}
		}
		return LlmResponse.chat(text(json, "id"), text(json, "model"), choices, OpenAiJson.usage(json.get("usage")));
	}

	static void aggregate(ChatCompletionChunk chunk, ChatStreamAccumulator accumulator) {
		JsonNode json = OpenAiJson.tree(chunk);
		accumulator.id(text(json, "id")).model(text(json, "model")).usage(OpenAiJson.usage(json.get("usage")));
		for (JsonNode choice : elements(json.get("choices"))) {
			Long number = number(choice, "index");
			int index = (number != null) ? number.intValue() : 0;
			JsonNode delta = choice.get("delta");
			if (delta != null) {
				accumulator.role(index, text(delta, "role")).content(index, text(delta, "content"));
				for (JsonNode call : elements(delta.get("tool_calls"))) {
					Long toolIndex = number(call, "index");
					JsonNode function = call.get("function");
					accumulator.toolCall(index, (toolIndex != null) ? toolIndex.intValue() : 0, text(call, "id"),
							(function != null) ? text(function, "name") : null,
							(function != null) ? text(function, "arguments") : null);
				}
			}
			accumulator.finishReason(index, text(choice, "finish_reason"));
		}
	}

	static LlmRequest embeddingsRequest(EmbeddingCreateParams params, OpenAiEndpoint endpoint) {
		JsonNode body = OpenAiJson.tree(params._body());
		Object input = OpenAiJson.value(body.get("input"));
		LlmRequest.Builder request = endpoint.request(LlmOperation.EMBEDDINGS)
			.displayName(EmbeddingsMapping.DISPLAY_NAME)
			.model(text(body, "model"))
			.input((input instanceof String text) ? List.of(text) : input);
		OpenAiJson.parameters(body, Set.of("model", "input"))
			.forEach((name, value) -> kept(request, name, value, EMBEDDING_PARAMETERS,
					params._body()._additionalProperties()));
		return request.build();
	}

}
