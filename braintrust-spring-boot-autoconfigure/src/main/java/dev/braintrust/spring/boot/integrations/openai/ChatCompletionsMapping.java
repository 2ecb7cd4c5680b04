package dev.braintrust.spring.boot.integrations.openai;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageParam;
import dev.braintrust.spring.boot.trace.ChatStreamAccumulator;
import dev.braintrust.spring.boot.trace.Choice;
import dev.braintrust.spring.boot.trace.LlmOperation;
import dev.braintrust.spring.boot.trace.LlmRequest;
import dev.braintrust.spring.boot.trace.LlmResponse;

import static dev.braintrust.spring.boot.integrations.openai.OpenAiJson.elements;
import static dev.braintrust.spring.boot.integrations.openai.OpenAiJson.number;
import static dev.braintrust.spring.boot.integrations.openai.OpenAiJson.text;

/**
 * Chat Completions ({@code POST /chat/completions}): the request body, the completion and
 * the chunks of a streamed completion, read through the SDK's typed accessors
 * ({@link OpenAiTyped}), with their wire JSON ({@link OpenAiJson}) as the fallback for
 * whatever the typed readers do not know.
 */
final class ChatCompletionsMapping {

	private static final Set<String> NOT_PARAMETERS = Set.of("model", "messages", "tools", "stream");

	private static final OpenAiTyped.ParameterReader PARAMETERS = OpenAiTyped.parameterReader(NOT_PARAMETERS);

	private ChatCompletionsMapping() {
	}

	/**
	 * The request, read through the SDK's typed accessors; a request they do not know (a
	 * union variant not handled, additional properties) is read through its wire JSON.
	 */
	static LlmRequest request(ChatCompletionCreateParams params, boolean stream, OpenAiEndpoint endpoint) {
		try {
			return requestTyped(params, stream, endpoint);
		}
		catch (RuntimeException | LinkageError ex) {
			return requestJson(params, stream, endpoint);
		}
	}

	static LlmRequest requestTyped(ChatCompletionCreateParams params, boolean stream, OpenAiEndpoint endpoint) {
		ChatCompletionCreateParams.Body body = params._body();
		Map<String, Object> parameters = PARAMETERS.read(body, body._additionalProperties());
		LlmRequest.Builder request = endpoint.request(LlmOperation.CHAT).model(body.model().asString()).stream(stream);
		for (ChatCompletionMessageParam message : body.messages()) {
			request.message(OpenAiTyped.message(message));
		}
		request.tools(OpenAiTyped.tools(body.tools()));
		parameters.forEach(request::parameter);
		return request.build();
	}

	static LlmRequest requestJson(ChatCompletionCreateParams params, boolean stream, OpenAiEndpoint endpoint) {
		JsonNode body = OpenAiJson.tree(params._body());
		LlmRequest.Builder request = endpoint.request(LlmOperation.CHAT).model(text(body, "model")).stream(stream);
		for (JsonNode message : elements(body.get("messages"))) {
			request.message(OpenAiJson.chatMessage(message));
		}
		request.tools(OpenAiJson.tools(body.get("tools")));
		OpenAiJson.parameters(body, NOT_PARAMETERS).forEach(request::parameter);
		return request.build();
	}

	/**
	 * The completion, read through the SDK's typed accessors; a completion they do not
	 * know is read through its wire JSON.
	 */
	static LlmResponse response(ChatCompletion completion) {
		try {
			return responseTyped(completion);
		}
		catch (RuntimeException | LinkageError ex) {
			return responseJson(completion);
		}
	}

	static LlmResponse responseTyped(ChatCompletion completion) {
		List<ChatCompletion.Choice> choices = completion.choices();
		List<Choice> mapped = new ArrayList<>(choices.size());
		for (ChatCompletion.Choice choice : choices) {
			mapped.add(new Choice((int) choice.index(), OpenAiTyped.message(choice.message()),
					choice.finishReason().asString()));
		}
		return LlmResponse.chat(completion.id(), completion.model(), mapped,
				completion.usage().map(OpenAiTyped::usage).orElse(null));
	}

	static LlmResponse responseJson(ChatCompletion completion) {
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

	/**
	 * Aggregates one chunk: text and tool-call deltas per choice, finish reasons, and the
	 * usage of the final chunk (sent when {@code stream_options.include_usage} is set).
	 * Chunks are many and small, so they are read through the SDK's typed accessors
	 * (stable across 4.x for chunks) rather than converted to a JSON tree; a chunk the
	 * accessors refuse (a required field missing) is read through its wire JSON instead.
	 */
	static void aggregate(ChatCompletionChunk chunk, ChatStreamAccumulator accumulator) {
		try {
			aggregateTyped(chunk, accumulator);
		}
		catch (RuntimeException ex) {
			aggregateJson(chunk, accumulator);
		}
	}

	static void aggregateTyped(ChatCompletionChunk chunk, ChatStreamAccumulator accumulator) {
		accumulator.id(chunk._id().asString().orElse(null)).model(chunk._model().asString().orElse(null));
		chunk.usage().ifPresent((usage) -> accumulator.usage(OpenAiTyped.usage(usage)));
		for (ChatCompletionChunk.Choice choice : chunk.choices()) {
			int index = (int) choice.index();
			ChatCompletionChunk.Choice.Delta delta = choice.delta();
			accumulator.role(index, delta.role().map(ChatCompletionChunk.Choice.Delta.Role::asString).orElse(null))
				.content(index, delta.content().orElse(null));
			for (ChatCompletionChunk.Choice.Delta.ToolCall call : delta.toolCalls().orElse(List.of())) {
				Optional<ChatCompletionChunk.Choice.Delta.ToolCall.Function> function = call.function();
				accumulator.toolCall(index, (int) call.index(), call.id().orElse(null),
						function.flatMap(ChatCompletionChunk.Choice.Delta.ToolCall.Function::name).orElse(null),
						function.flatMap(ChatCompletionChunk.Choice.Delta.ToolCall.Function::arguments).orElse(null));
			}
			accumulator.finishReason(index,
					choice.finishReason().map(ChatCompletionChunk.Choice.FinishReason::asString).orElse(null));
		}
	}

	static void aggregateJson(ChatCompletionChunk chunk, ChatStreamAccumulator accumulator) {
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

}
