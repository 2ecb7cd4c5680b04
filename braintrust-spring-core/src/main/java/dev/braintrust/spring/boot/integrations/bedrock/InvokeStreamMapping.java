package dev.braintrust.spring.boot.integrations.bedrock;

import dev.braintrust.spring.boot.trace.ChatStreamAccumulator;
import dev.braintrust.spring.boot.trace.ChunkAggregator;
import dev.braintrust.spring.boot.trace.TokenUsage;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.bedrockruntime.model.PayloadPart;
import software.amazon.awssdk.services.bedrockruntime.model.ResponseStream;

/**
 * How one chunk of an InvokeModelWithResponseStream response adds to the response: each
 * chunk's bytes are one JSON document of the model family's stream (Anthropic's events,
 * Nova's, OpenAI-format choices, or a text family's generation), read by the family's
 * mapping. Bedrock adds its {@code amazon-bedrock-invocationMetrics} (the call's token
 * counts) to the last chunk of every family: they give the usage where the family's
 * chunks do not, and mark the last chunk. One instance per stream, called on the thread
 * that delivers the chunks: each chunk is parsed once, for the three questions asked of
 * it.
 */
final class InvokeStreamMapping implements ChunkAggregator<ResponseStream> {

	private static final String INVOCATION_METRICS = "amazon-bedrock-invocationMetrics";

	private @Nullable TokenUsage anthropicInputUsage;

	private boolean usageFromChunks;

	private @Nullable ResponseStream lastChunk;

	private @Nullable JsonNode lastEvent;

	@Override
	public void accept(ResponseStream chunk, ChatStreamAccumulator accumulator) {
		JsonNode event = event(chunk);
		if (event == null) {
			return;
		}
		if (AnthropicBodies.isEvent(event)) {
			this.anthropicInputUsage = AnthropicBodies.event(event, accumulator, this.anthropicInputUsage);
			this.usageFromChunks |= this.anthropicInputUsage != null;
		}
		else if (NovaBodies.isChunk(event)) {
			this.usageFromChunks |= NovaBodies.chunk(event, accumulator);
		}
		else if (event.field("choices").isPresent()) {
			this.usageFromChunks |= ChatCompletionBodies.chunk(event, accumulator);
		}
		else if (TextBodies.isChunk(event)) {
			this.usageFromChunks |= TextBodies.chunk(event, accumulator);
		}
		JsonNode metrics = InvokeModelMapping.field(event, INVOCATION_METRICS);
		if (!this.usageFromChunks && metrics != null && metrics.isObject()) {
			accumulator.usage(TextBodies.counts(InvokeModelMapping.count(metrics, "inputTokenCount"),
					InvokeModelMapping.count(metrics, "outputTokenCount")));
		}
	}

	@Override
	public boolean isContent(ResponseStream chunk) {
		JsonNode event = event(chunk);
		if (event == null) {
			return false;
		}
		if (AnthropicBodies.isEvent(event)) {
			return AnthropicBodies.isContentEvent(event);
		}
		if (NovaBodies.isChunk(event)) {
			return NovaBodies.isContentChunk(event);
		}
		return TextBodies.isContentChunk(event);
	}

	@Override
	public boolean isLast(ResponseStream chunk) {
		JsonNode event = event(chunk);
		return event != null && (AnthropicBodies.isLastEvent(event) || event.field(INVOCATION_METRICS).isPresent());
	}

	private @Nullable JsonNode event(ResponseStream chunk) {
		if (chunk == this.lastChunk) {
			return this.lastEvent;
		}
		JsonNode event = (chunk instanceof PayloadPart part) ? InvokeModelMapping.parse(part.bytes()) : null;
		this.lastChunk = chunk;
		this.lastEvent = event;
		return event;
	}

}
