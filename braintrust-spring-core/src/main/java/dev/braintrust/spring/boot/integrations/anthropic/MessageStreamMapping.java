package dev.braintrust.spring.boot.integrations.anthropic;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import com.anthropic.core.JsonObject;
import com.anthropic.core.JsonValue;

import com.anthropic.models.beta.messages.BetaRawMessageStreamEvent;
import com.anthropic.models.messages.MessageDeltaUsage;
import com.anthropic.models.messages.OutputTokensDetails;
import com.anthropic.models.messages.RawContentBlockDelta;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.fasterxml.jackson.databind.JsonNode;
import dev.braintrust.spring.boot.trace.ChatStreamAccumulator;
import dev.braintrust.spring.boot.trace.ChatMessage;
import dev.braintrust.spring.boot.trace.Choice;
import dev.braintrust.spring.boot.trace.ChunkAggregator;
import dev.braintrust.spring.boot.trace.LlmResponse;
import dev.braintrust.spring.boot.trace.TokenUsage;
import dev.braintrust.spring.boot.trace.ToolCall;
import org.jspecify.annotations.Nullable;

import static dev.braintrust.spring.boot.integrations.anthropic.AnthropicMessageConverter.text;

/**
 * The events of one streamed call, aggregated as the SDK's own accumulator does, into the
 * shared {@link ChatStreamAccumulator}: {@code message_start} gives the id, model and
 * first usage; a content block becomes a content part of the same index ({@code text},
 * {@code thinking}, ...) or, for {@code tool_use}, a tool call whose arguments are the
 * concatenated {@code input_json_delta} fragments, or when none came (the block stopped,
 * or the stream ended before it did: see {@link #completed}) the input its start carried
 * ({@code {}} when empty); {@code message_delta} gives the stop reason and the final
 * usage (its counts are cumulative and win over those of {@code message_start}). The time
 * to first token is taken at the first content delta and the call ends at
 * {@code message_stop}.
 * <p>
 * Events of the messages API are read through the SDK's typed accessors; an event those
 * do not cover (the beta API's, a block type added later) is read through its wire JSON.
 * One instance per stream: it holds the usage counts seen so far, guarded by the
 * accumulator's lock.
 */
final class MessageStreamMapping implements ChunkAggregator<Object> {

	private static final String NO_INPUT = "{}";

	private final Function<Object, JsonNode> toJson;

	private final boolean capturesContent;

	// Tool blocks whose input has not started, by block index: the arguments they record
	// if none comes. Created with the first tool block; read when the call ends, maybe on
	// another thread.
	private volatile @Nullable Map<Integer, ToolCall> toolsWithoutInput;

	// The counts seen so far; null before the first.
	private @Nullable UsageCounts usage;

	MessageStreamMapping(Function<Object, JsonNode> toJson) {
		this(toJson, true);
	}

	/**
	 * A mapping for one stream.
	 * @param toJson the wire JSON of an event, or of the input a tool block starts with
	 * @param capturesContent whether the call records content: without, the input a tool
	 * block starts with is not read
	 */
	MessageStreamMapping(Function<Object, JsonNode> toJson, boolean capturesContent) {
		this.toJson = toJson;
		this.capturesContent = capturesContent;
	}

	@Override
	public boolean isContent(Object event) {
		return (event instanceof RawMessageStreamEvent typed) ? typed.isContentBlockDelta()
				: (event instanceof BetaRawMessageStreamEvent beta) && beta.isContentBlockDelta();
	}

	@Override
	public boolean isLast(Object event) {
		return (event instanceof RawMessageStreamEvent typed) ? typed.isMessageStop()
				: (event instanceof BetaRawMessageStreamEvent beta) && beta.isMessageStop();
	}

	@Override
	public void accept(Object event, ChatStreamAccumulator accumulator) {
		if (event instanceof RawMessageStreamEvent typed) {
			try {
				if (typed(typed, accumulator)) {
					return;
				}
			}
			catch (RuntimeException | LinkageError ex) {
				// Read below through the event's wire JSON.
			}
		}
		json(this.toJson.apply(event), accumulator);
	}

	// Whether the event was read; every value is read before the accumulator is written,
	// so that an event read again through its JSON is not aggregated twice.
	private boolean typed(RawMessageStreamEvent event, ChatStreamAccumulator accumulator) {
		if (event.isContentBlockDelta()) {
			int index = (int) event.asContentBlockDelta().index();
			RawContentBlockDelta delta = event.asContentBlockDelta().delta();
			if (delta.isText()) {
				accumulator.part(0, index, "text", delta.asText().text());
			}
			else if (delta.isThinking()) {
				accumulator.part(0, index, "thinking", delta.asThinking().thinking());
			}
			else if (delta.isInputJson()) {
				inputJson(accumulator, index, delta.asInputJson().partialJson());
			}
			return delta.isText() || delta.isThinking() || delta.isInputJson() || delta.isSignature()
					|| delta.isCitations();
		}
		if (event.isContentBlockStart()) {
			int index = (int) event.asContentBlockStart().index();
			var block = event.asContentBlockStart().contentBlock();
			if (block.isText()) {
				start(accumulator, index, "text", block.asText().text());
			}
			else if (block.isThinking()) {
				start(accumulator, index, "thinking", block.asThinking().thinking());
			}
			else if (block.isToolUse()) {
				var toolUse = block.asToolUse();
				startTool(accumulator, index, toolUse.id(), toolUse.name(), startInput(toolUse._input()));
			}
			else if (block.isRedactedThinking()) {
				start(accumulator, index, "redacted_thinking", null);
			}
			return block.isText() || block.isThinking() || block.isToolUse() || block.isRedactedThinking();
		}
		if (event.isContentBlockStop()) {
			stop(accumulator, (int) event.asContentBlockStop().index());
			return true;
		}
		if (event.isMessageStart()) {
			var message = event.asMessageStart().message();
			accumulator.id(message.id())
				.model(message.model().asString())
				.usage(usage(UsageCounts.of(message.usage())));
			return true;
		}
		if (event.isMessageDelta()) {
			MessageDeltaUsage usage = event.asMessageDelta().usage();
			String stopReason = event.asMessageDelta().delta().stopReason().map(StopReason::asString).orElse(null);
			UsageCounts counts = new UsageCounts(usage.inputTokens().orElse(null), usage.outputTokens(),
					usage.cacheReadInputTokens().orElse(null), usage.cacheCreationInputTokens().orElse(null),
					usage.outputTokensDetails().map(OutputTokensDetails::thinkingTokens).orElse(null), null, null);
			accumulator.finishReason(0, stopReason).usage(usage(counts));
			return true;
		}
		return event.isMessageStop();
	}

	private void json(JsonNode event, ChatStreamAccumulator accumulator) {
		String type = text(event, "type");
		int index = event.path("index").asInt();
		if ("content_block_delta".equals(type)) {
			JsonNode delta = event.path("delta");
			switch (String.valueOf(text(delta, "type"))) {
				case "text_delta" -> accumulator.part(0, index, "text", delta.path("text").asText(""));
				case "thinking_delta" -> accumulator.part(0, index, "thinking", delta.path("thinking").asText(""));
				case "input_json_delta" -> inputJson(accumulator, index, delta.path("partial_json").asText(""));
				default -> {
					// signature_delta, citations_delta: not part of the output
				}
			}
		}
		else if ("content_block_start".equals(type)) {
			JsonNode block = event.path("content_block");
			String blockType = String.valueOf(text(block, "type"));
			if ("tool_use".equals(blockType) || "server_tool_use".equals(blockType)) {
				startTool(accumulator, index, text(block, "id"), text(block, "name"), startInput(block.get("input")));
			}
			else {
				start(accumulator, index, blockType, text(block, "thinking".equals(blockType) ? "thinking" : "text"));
			}
		}
		else if ("content_block_stop".equals(type)) {
			stop(accumulator, index);
		}
		else if ("message_start".equals(type)) {
			JsonNode message = event.path("message");
			accumulator.id(text(message, "id")).model(text(message, "model")).usage(usage(message.path("usage")));
		}
		else if ("message_delta".equals(type)) {
			accumulator.finishReason(0, text(event.path("delta"), "stop_reason")).usage(usage(event.path("usage")));
		}
	}

	private void startTool(ChatStreamAccumulator accumulator, int index, @Nullable String id, @Nullable String name,
			String input) {
		accumulator.toolCall(0, index, id, (name != null) ? name : "", null);
		if (index >= 0 && this.capturesContent) {
			Map<Integer, ToolCall> tools = this.toolsWithoutInput;
			if (tools == null) {
				tools = new ConcurrentHashMap<>(4);
				this.toolsWithoutInput = tools;
			}
			tools.put(index, new ToolCall(id, "", input));
		}
	}

	// The input a tool block starts with, as its arguments: {} unless it carries one
	// (then converted to JSON, the only value of the event that is).
	private String startInput(JsonValue input) {
		if (!this.capturesContent || !(input instanceof JsonObject object) || object.values().isEmpty()) {
			return NO_INPUT;
		}
		return this.toJson.apply(input).toString();
	}

	private String startInput(@Nullable JsonNode input) {
		boolean carriesInput = this.capturesContent && input != null && input.isObject() && !input.isEmpty();
		return carriesInput ? input.toString() : NO_INPUT;
	}

	private void start(ChatStreamAccumulator accumulator, int index, String type, @Nullable String text) {
		switch (type) {
			case "text", "thinking" -> accumulator.part(0, index, type, (text != null) ? text : "");
			case "redacted_thinking" -> accumulator.part(0, index, type, "[redacted thinking]");
			default -> accumulator.part(0, index, type, null);
		}
	}

	private void inputJson(ChatStreamAccumulator accumulator, int index, String fragment) {
		if (!fragment.isEmpty()) {
			Map<Integer, ToolCall> tools = this.toolsWithoutInput;
			if (tools != null) {
				tools.remove(index);
			}
			accumulator.toolCall(0, index, null, null, fragment);
		}
	}

	private void stop(ChatStreamAccumulator accumulator, int index) {
		Map<Integer, ToolCall> tools = this.toolsWithoutInput;
		ToolCall tool = (tools != null) ? tools.remove(index) : null;
		if (tool != null) {
			accumulator.toolCall(0, index, null, null, tool.arguments());
		}
	}

	/**
	 * The response of the call as it ends: the tool calls of blocks that got no input
	 * (the stream ended before they stopped) get the input their start carried, as the
	 * SDK's own accumulator leaves it.
	 * @param response the response aggregated from the events
	 * @return the response to record
	 */
	LlmResponse completed(LlmResponse response) {
		Map<Integer, ToolCall> tools = this.toolsWithoutInput;
		if (tools == null || tools.isEmpty() || response.choices().isEmpty()) {
			return response;
		}
		Choice choice = response.choices().get(0);
		ChatMessage message = choice.message();
		List<ToolCall> calls = new ArrayList<>(message.toolCalls());
		boolean completed = false;
		for (ToolCall start : tools.values()) {
			for (int i = 0; i < calls.size(); i++) {
				ToolCall call = calls.get(i);
				if (Objects.equals(call.id(), start.id()) && (call.arguments() == null || call.arguments().isEmpty())) {
					calls.set(i, new ToolCall(call.id(), call.name(), start.arguments()));
					completed = true;
				}
			}
		}
		if (!completed) {
			return response;
		}
		List<Choice> choices = new ArrayList<>(response.choices());
		choices.set(0, new Choice(choice.index(), new ChatMessage(message.role(), message.content(),
				message.contentParts(), calls, message.toolCallId(), message.name()), choice.finishReason()));
		return new LlmResponse(response.id(), response.model(), choices, response.usage(), response.output(),
				response.truncated());
	}

	private @Nullable TokenUsage usage(JsonNode usage) {
		if (!usage.isObject()) {
			return (this.usage != null) ? this.usage.toUsage() : null;
		}
		return usage(UsageCounts.of(usage));
	}

	// The usage of the counts seen so far, these included.
	private @Nullable TokenUsage usage(UsageCounts counts) {
		UsageCounts usage = (this.usage != null) ? this.usage.merge(counts) : counts;
		this.usage = usage;
		return usage.toUsage();
	}

}
