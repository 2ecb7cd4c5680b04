package dev.braintrust.spring.boot.integrations.bedrock;

import dev.braintrust.spring.boot.trace.ChatStreamAccumulator;
import dev.braintrust.spring.boot.trace.ChunkAggregator;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlockDelta;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlockDeltaEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlockStart;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlockStartEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamMetadataEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamOutput;
import software.amazon.awssdk.services.bedrockruntime.model.MessageStartEvent;
import software.amazon.awssdk.services.bedrockruntime.model.MessageStopEvent;

/**
 * How one ConverseStream event adds to the response: text deltas to the message, tool
 * uses (started by a {@code contentBlockStart}, their input streamed as deltas) to its
 * tool calls, indexed by their content block, the stop reason from {@code messageStop},
 * the usage from {@code metadata}, the last event of a stream. The first content delta is
 * the first token.
 */
final class ConverseStreamMapping implements ChunkAggregator<ConverseStreamOutput> {

	@Override
	public void accept(ConverseStreamOutput event, ChatStreamAccumulator accumulator) {
		if (event instanceof MessageStartEvent start) {
			accumulator.role(0, start.roleAsString());
		}
		else if (event instanceof ContentBlockStartEvent start) {
			ContentBlockStart block = start.start();
			if (block != null && block.toolUse() != null && start.contentBlockIndex() != null) {
				accumulator.toolCall(0, start.contentBlockIndex(), block.toolUse().toolUseId(), block.toolUse().name(),
						null);
			}
		}
		else if (event instanceof ContentBlockDeltaEvent delta) {
			ContentBlockDelta block = delta.delta();
			if (block == null) {
				return;
			}
			if (block.text() != null) {
				accumulator.content(0, block.text());
			}
			else if (block.toolUse() != null && delta.contentBlockIndex() != null) {
				accumulator.toolCall(0, delta.contentBlockIndex(), null, null, block.toolUse().input());
			}
		}
		else if (event instanceof MessageStopEvent stop) {
			accumulator.finishReason(0, stop.stopReasonAsString());
		}
		else if (event instanceof ConverseStreamMetadataEvent metadata) {
			accumulator.usage(ConverseMapping.usage(metadata.usage()));
		}
	}

	@Override
	public boolean isContent(ConverseStreamOutput event) {
		return event instanceof ContentBlockDeltaEvent;
	}

	@Override
	public boolean isLast(ConverseStreamOutput event) {
		return event instanceof ConverseStreamMetadataEvent;
	}

}
