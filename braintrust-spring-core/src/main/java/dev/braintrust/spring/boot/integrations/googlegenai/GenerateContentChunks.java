package dev.braintrust.spring.boot.integrations.googlegenai;

import dev.braintrust.spring.boot.trace.ChatStreamAccumulator;
import dev.braintrust.spring.boot.trace.ChunkAggregator;

/**
 * Aggregates the events of one {@code streamGenerateContent} response: each event's data
 * is a whole {@code GenerateContentResponse} JSON document (see
 * {@link GenerateContentMapping#chunk}). One per stream: it keeps where the candidates'
 * parts stand.
 */
final class GenerateContentChunks implements ChunkAggregator<String> {

	private final GenerateContentMapping.StreamParts parts = new GenerateContentMapping.StreamParts();

	private boolean finished;

	@Override
	public void accept(String data, ChatStreamAccumulator accumulator) {
		this.finished = GenerateContentMapping.chunk(GenerateContentMapping.parse(data), accumulator, this.parts);
	}

	// The chunk with the finish reasons and the final usage ends the call, even when the
	// consumer stops reading there.
	@Override
	public boolean isLast(String data) {
		return this.finished;
	}

}
