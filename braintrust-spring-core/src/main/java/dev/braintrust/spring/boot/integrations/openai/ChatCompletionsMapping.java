package dev.braintrust.spring.boot.integrations.openai;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.core.JsonField;
import com.openai.core.KnownValue;
import com.openai.models.ChatModel;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageParam;
import com.openai.models.completions.CompletionUsage;
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

	/**
	 * The span's name in Braintrust, as Braintrust's instrumentation guide names chat
	 * completions.
	 */
	static final String DISPLAY_NAME = "Chat Completion";

	private ChatCompletionsMapping() {
	}

	static LlmRequest request(ChatCompletionCreateParams params, boolean stream, OpenAiEndpoint endpoint) {
		ChatCompletionCreateParams.Body body = params._body();
		LlmRequest.Builder request = endpoint.request(LlmOperation.CHAT)
			.displayName(DISPLAY_NAME)
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
		accumulator.id(known(chunk._id())).model(known(chunk._model()));
		CompletionUsage usage = known(chunk._usage());
		if (usage != null) {
			accumulator.usage(ChatCompletionsMessages.usage(usage));
		}
		List<ChatCompletionChunk.Choice> choices = known(chunk._choices());
		for (ChatCompletionChunk.Choice choice : (choices != null) ? choices : List.<ChatCompletionChunk.Choice>of()) {
			Long number = known(choice._index());
			int index = (number != null) ? number.intValue() : 0;
			ChatCompletionChunk.Choice.Delta delta = known(choice._delta());
			if (delta != null) {
				ChatCompletionChunk.Choice.Delta.Role role = known(delta._role());
				accumulator.role(index, (role != null) ? role.asString() : null)
					.content(index, known(delta._content()));
				List<ChatCompletionChunk.Choice.Delta.ToolCall> calls = known(delta._toolCalls());
				for (ChatCompletionChunk.Choice.Delta.ToolCall call : (calls != null) ? calls
						: List.<ChatCompletionChunk.Choice.Delta.ToolCall>of()) {
					Long toolIndex = known(call._index());
					ChatCompletionChunk.Choice.Delta.ToolCall.Function function = known(call._function());
					accumulator.toolCall(index, (toolIndex != null) ? toolIndex.intValue() : 0, known(call._id()),
							(function != null) ? known(function._name()) : null,
							(function != null) ? known(function._arguments()) : null);
				}
			}
			ChatCompletionChunk.Choice.FinishReason finishReason = known(choice._finishReason());
			accumulator.finishReason(index, (finishReason != null) ? finishReason.asString() : null);
		}
	}

	// The value of a field the SDK parsed, without an Optional per field of every chunk.
	private static <T> @Nullable T known(JsonField<T> field) {
		return (field instanceof KnownValue<T> known) ? known.value() : null;
	}

}
