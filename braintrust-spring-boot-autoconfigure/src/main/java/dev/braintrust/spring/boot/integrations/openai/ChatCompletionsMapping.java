package dev.braintrust.spring.boot.integrations.openai;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.models.ChatModel;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageParam;
import dev.braintrust.spring.boot.trace.ChatStreamAccumulator;
import dev.braintrust.spring.boot.trace.Choice;
import dev.braintrust.spring.boot.trace.LlmOperation;
import dev.braintrust.spring.boot.trace.LlmRequest;
import dev.braintrust.spring.boot.trace.LlmResponse;
import org.jspecify.annotations.Nullable;

import static dev.braintrust.spring.boot.integrations.openai.OpenAiJson.number;
import static dev.braintrust.spring.boot.integrations.openai.OpenAiJson.text;

/**
 * Chat Completions ({@code POST /chat/completions}): the request body, the completion and
 * the chunks of a streamed completion, read through the SDK's public typed accessors
 * ({@link ChatCompletionsMessages}); the request parameters through the body's wire JSON
 * ({@link OpenAiParameters}).
 */
final class ChatCompletionsMapping {

	private ChatCompletionsMapping() {
	}

	static LlmRequest request(ChatCompletionCreateParams params, boolean stream, OpenAiEndpoint endpoint) {
		ChatCompletionCreateParams.Body body = params._body();
		LlmRequest.Builder request = endpoint.request(LlmOperation.CHAT)
			.model(body._model().asKnown().map(ChatModel::asString).orElse(null))
			.stream(stream);
		for (ChatCompletionMessageParam message : body._messages().asKnown().orElse(List.of())) {
			request.message(ChatCompletionsMessages.message(message));
		}
		request.tools(ChatCompletionsMessages.tools(body._tools().asKnown().orElse(List.of())));
		OpenAiParameters.of(body).forEach(request::parameter);
		return request.build();
	}

	static LlmResponse response(ChatCompletion completion) {
		List<ChatCompletion.Choice> choices = completion._choices().asKnown().orElse(List.of());
		List<Choice> mapped = new ArrayList<>(choices.size());
		for (ChatCompletion.Choice choice : choices) {
			Choice read = choice.isValid() ? new Choice((int) choice.index(),
					ChatCompletionsMessages.message(choice.message()), choice.finishReason().asString())
					: choice(OpenAiJson.tree(choice), mapped.size());
			if (read != null) {
				mapped.add(read);
			}
		}
		return LlmResponse.chat(completion._id().asString().orElse(null), completion._model().asString().orElse(null),
				mapped, completion._usage().asKnown().map(ChatCompletionsMessages::usage).orElse(null));
	}

	// A choice the SDK's types do not fully model: read from its wire JSON.
	private static @Nullable Choice choice(JsonNode choice, int position) {
		Long index = number(choice, "index");
		JsonNode message = choice.get("message");
		return (message != null) ? new Choice((index != null) ? index.intValue() : position,
				OpenAiJson.chatMessage(message), text(choice, "finish_reason")) : null;
	}

	/**
	 * Aggregates one chunk: text and tool-call deltas per choice, finish reasons, and the
	 * usage of the final chunk (sent when {@code stream_options.include_usage} is set).
	 * Chunks are many and small: each field is read through its raw accessor, which never
	 * throws, so that a chunk missing a field the SDK requires is aggregated all the
	 * same.
	 */
	static void aggregate(ChatCompletionChunk chunk, ChatStreamAccumulator accumulator) {
		accumulator.id(chunk._id().asString().orElse(null)).model(chunk._model().asString().orElse(null));
		chunk._usage().asKnown().ifPresent((usage) -> accumulator.usage(ChatCompletionsMessages.usage(usage)));
		for (ChatCompletionChunk.Choice choice : chunk._choices().asKnown().orElse(List.of())) {
			int index = choice._index().asKnown().orElse(0L).intValue();
			Optional<ChatCompletionChunk.Choice.Delta> delta = choice._delta().asKnown();
			if (delta.isPresent()) {
				accumulator.role(index,
						delta.get()._role().asKnown().map(ChatCompletionChunk.Choice.Delta.Role::asString).orElse(null))
					.content(index, delta.get()._content().asKnown().orElse(null));
				for (ChatCompletionChunk.Choice.Delta.ToolCall call : delta.get()
					._toolCalls()
					.asKnown()
					.orElse(List.of())) {
					Optional<ChatCompletionChunk.Choice.Delta.ToolCall.Function> function = call._function().asKnown();
					accumulator.toolCall(index, call._index().asKnown().orElse(0L).intValue(),
							call._id().asKnown().orElse(null),
							function.flatMap((named) -> named._name().asKnown()).orElse(null),
							function.flatMap((named) -> named._arguments().asKnown()).orElse(null));
				}
			}
			accumulator.finishReason(index,
					choice._finishReason()
						.asKnown()
						.map(ChatCompletionChunk.Choice.FinishReason::asString)
						.orElse(null));
		}
	}

}
