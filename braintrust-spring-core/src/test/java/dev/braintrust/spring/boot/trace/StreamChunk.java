package dev.braintrust.spring.boot.trace;

import org.jspecify.annotations.Nullable;

/**
 * A chunk shaped like OpenAI's chat completion chunk, and the aggregator an integration
 * would write for it.
 */
record StreamChunk(@Nullable String id, int choice, @Nullable String text, int toolIndex, @Nullable String toolId,
		@Nullable String toolName, @Nullable String toolArguments, @Nullable String finishReason,
		@Nullable TokenUsage usage) {

	static final ChunkAggregator<StreamChunk> AGGREGATOR = (chunk, accumulator) -> {
		accumulator.id(chunk.id()).model("gpt-4o-mini");
		accumulator.content(chunk.choice(), chunk.text());
		if (chunk.toolIndex() >= 0) {
			accumulator.toolCall(chunk.choice(), chunk.toolIndex(), chunk.toolId(), chunk.toolName(),
					chunk.toolArguments());
		}
		accumulator.finishReason(chunk.choice(), chunk.finishReason());
		accumulator.usage(chunk.usage());
	};

	static StreamChunk text(String text) {
		return new StreamChunk("chatcmpl-9", 0, text, -1, null, null, null, null, null);
	}

	static StreamChunk tool(int index, @Nullable String id, @Nullable String name, String arguments) {
		return new StreamChunk("chatcmpl-9", 0, null, index, id, name, arguments, null, null);
	}

	static StreamChunk finish(String reason) {
		return new StreamChunk("chatcmpl-9", 0, null, -1, null, null, null, reason, null);
	}

	static StreamChunk usage(long input, long output) {
		return new StreamChunk("chatcmpl-9", 0, null, -1, null, null, null, null, TokenUsage.of(input, output));
	}

}
