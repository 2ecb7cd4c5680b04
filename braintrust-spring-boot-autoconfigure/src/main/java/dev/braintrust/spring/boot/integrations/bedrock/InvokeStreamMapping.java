package dev.braintrust.spring.boot.integrations.bedrock;

import dev.braintrust.spring.boot.trace.ChatStreamAccumulator;
import dev.braintrust.spring.boot.trace.ChunkAggregator;
import dev.braintrust.spring.boot.trace.TokenUsage;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.bedrockruntime.model.PayloadPart;
import software.amazon.awssdk.services.bedrockruntime.model.ResponseStream;

/**
 * How one chunk of an InvokeModelWithResponseStream response adds to the response, for
 * the Anthropic Messages stream (each chunk's bytes one of its events): text and tool
 * input deltas by content block, the id, model and input usage of {@code message_start},
 * the stop reason and output usage of {@code message_delta}, {@code message_stop} the
 * last event. Chunks of other model families are not read. One instance per stream: it
 * keeps the input usage until the output usage arrives.
 */
final class InvokeStreamMapping implements ChunkAggregator<ResponseStream> {

	private @Nullable JsonNode inputUsage;

	@Override
	public void accept(ResponseStream chunk, ChatStreamAccumulator accumulator) {
		JsonNode event = event(chunk);
		if (event == null) {
			return;
		}
		String type = InvokeModelMapping.text(event, "type");
		if ("message_start".equals(type)) {
			JsonNode message = event.field("message").orElse(null);
			if (message != null && message.isObject()) {
				accumulator.id(InvokeModelMapping.text(message, "id"));
				accumulator.model(InvokeModelMapping.text(message, "model"));
				accumulator.role(0, "assistant");
				this.inputUsage = message.field("usage").orElse(null);
				if (this.inputUsage != null && this.inputUsage.isObject()) {
					accumulator.usage(InvokeModelMapping.usage(this.inputUsage));
				}
			}
		}
		else if ("content_block_start".equals(type)) {
			JsonNode block = event.field("content_block").orElse(null);
			Long index = InvokeModelMapping.count(event, "index");
			if (block != null && index != null && "tool_use".equals(InvokeModelMapping.text(block, "type"))) {
				accumulator.toolCall(0, index.intValue(), InvokeModelMapping.text(block, "id"),
						InvokeModelMapping.text(block, "name"), null);
			}
		}
		else if ("content_block_delta".equals(type)) {
			JsonNode delta = event.field("delta").orElse(null);
			Long index = InvokeModelMapping.count(event, "index");
			String deltaType = (delta != null) ? InvokeModelMapping.text(delta, "type") : null;
			if ("text_delta".equals(deltaType)) {
				accumulator.content(0, InvokeModelMapping.text(delta, "text"));
			}
			else if ("input_json_delta".equals(deltaType) && index != null) {
				accumulator.toolCall(0, index.intValue(), null, null, InvokeModelMapping.text(delta, "partial_json"));
			}
		}
		else if ("message_delta".equals(type)) {
			JsonNode delta = event.field("delta").orElse(null);
			if (delta != null && delta.isObject()) {
				accumulator.finishReason(0, InvokeModelMapping.text(delta, "stop_reason"));
			}
			JsonNode usage = event.field("usage").orElse(null);
			Long output = (usage != null && usage.isObject()) ? InvokeModelMapping.count(usage, "output_tokens") : null;
			if (output != null) {
				TokenUsage input = (this.inputUsage != null && this.inputUsage.isObject())
						? InvokeModelMapping.usage(this.inputUsage) : null;
				accumulator.usage(new TokenUsage((input != null) ? input.inputTokens() : null, output, null,
						(input != null) ? input.cachedInputTokens() : null,
						(input != null) ? input.cacheCreationInputTokens() : null, null));
			}
		}
	}

	@Override
	public boolean isContent(ResponseStream chunk) {
		JsonNode event = event(chunk);
		return event != null && "content_block_delta".equals(InvokeModelMapping.text(event, "type"));
	}

	@Override
	public boolean isLast(ResponseStream chunk) {
		JsonNode event = event(chunk);
		return event != null && "message_stop".equals(InvokeModelMapping.text(event, "type"));
	}

	private static @Nullable JsonNode event(ResponseStream chunk) {
		if (!(chunk instanceof PayloadPart part)) {
			return null;
		}
		return InvokeModelMapping.parse(part.bytes());
	}

}
