package dev.braintrust.spring.boot.integrations.springai;

import java.util.ArrayList;
import java.util.List;

import dev.braintrust.spring.boot.trace.ChatStreamAccumulator;
import dev.braintrust.spring.boot.trace.ChunkAggregator;

import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;

/**
 * Aggregates the {@link ChatResponse} chunks of one streamed call. Spring AI delivers
 * text as deltas and each tool call whole (its models merge the tool call deltas before
 * emitting them), so tool calls are numbered per choice in the order they arrive. One
 * instance per subscription.
 */
final class ChatResponseAggregator implements ChunkAggregator<ChatResponse> {

	private final String provider;

	private final List<Integer> toolCallsPerChoice = new ArrayList<>(1);

	ChatResponseAggregator(String provider) {
		this.provider = provider;
	}

	@Override
	public void accept(ChatResponse chunk, ChatStreamAccumulator accumulator) {
		ChatResponseMetadata metadata = chunk.getMetadata();
		accumulator.id(SpringAiChatConverter.emptyToNull(metadata.getId()))
			.model(SpringAiChatConverter.emptyToNull(metadata.getModel()))
			.usage(SpringAiUsage.of(metadata.getUsage(), this.provider));
		List<Generation> generations = chunk.getResults();
		for (int i = 0; i < generations.size(); i++) {
			Generation generation = generations.get(i);
			AssistantMessage output = generation.getOutput();
			String text = output.getText();
			if (text != null && !text.isEmpty()) {
				accumulator.content(i, text);
			}
			for (AssistantMessage.ToolCall call : output.getToolCalls()) {
				accumulator.toolCall(i, nextToolIndex(i), SpringAiChatConverter.emptyToNull(call.id()), call.name(),
						call.arguments());
			}
			accumulator.finishReason(i, SpringAiChatConverter.finishReason(generation));
		}
	}

	private int nextToolIndex(int choice) {
		while (this.toolCallsPerChoice.size() <= choice) {
			this.toolCallsPerChoice.add(0);
		}
		int index = this.toolCallsPerChoice.get(choice);
		this.toolCallsPerChoice.set(choice, index + 1);
		return index;
	}

}
