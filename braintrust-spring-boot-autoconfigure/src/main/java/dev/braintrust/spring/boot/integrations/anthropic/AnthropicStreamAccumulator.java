package dev.braintrust.spring.boot.integrations.anthropic;

import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.braintrust.spring.boot.trace.LlmResponse;
import org.jspecify.annotations.Nullable;

/**
 * Rebuilds the message of a streamed call from its server-sent events, the way the SDK's
 * own accumulator does, in the wire shape {@link AnthropicMessageConverter} reads:
 * {@code message_start} gives the id, model and first usage; {@code content_block_start}
 * opens a block; {@code content_block_delta} appends text, thinking or tool input JSON
 * fragments; {@code message_delta} gives the stop reason and the final usage (its counts
 * are cumulative and win over those of {@code message_start}). Works on partial streams:
 * the response of a stream closed early or broken holds what arrived.
 * <p>
 * Thread-safe: a stream may be closed from another thread while an event is aggregated.
 */
final class AnthropicStreamAccumulator {

	/** What an event means for the observation of the call. */
	enum Signal {

		/** Nothing in particular. */
		NONE,

		/** Content arrived: the first one sets the time to first token. */
		CONTENT,

		/** {@code message_stop}: the message is complete. */
		STOP

	}

	private final AnthropicMessageConverter converter;

	private final ObjectNode message = JsonNodeFactory.instance.objectNode();

	private final ObjectNode usage = JsonNodeFactory.instance.objectNode();

	private final Map<Integer, Block> blocks = new TreeMap<>();

	AnthropicStreamAccumulator(AnthropicMessageConverter converter) {
		this.converter = converter;
	}

	synchronized Signal accept(JsonNode event) {
		String type = AnthropicMessageConverter.text(event, "type");
		if (type == null) {
			return Signal.NONE;
		}
		switch (type) {
			case "message_start" -> {
				JsonNode start = event.path("message");
				copy(start, "id");
				copy(start, "model");
				mergeUsage(start.get("usage"));
			}
			case "content_block_start" -> {
				JsonNode block = event.path("content_block");
				this.blocks.put(event.path("index").asInt(), new Block(block.deepCopy()));
			}
			case "content_block_delta" -> {
				Block block = this.blocks.computeIfAbsent(event.path("index").asInt(),
						(index) -> new Block(JsonNodeFactory.instance.objectNode().put("type", "text")));
				block.append(event.path("delta"));
				return Signal.CONTENT;
			}
			case "message_delta" -> {
				JsonNode delta = event.path("delta");
				if (delta.hasNonNull("stop_reason")) {
					this.message.set("stop_reason", delta.get("stop_reason"));
				}
				mergeUsage(event.get("usage"));
			}
			case "message_stop" -> {
				return Signal.STOP;
			}
			default -> {
			}
		}
		return Signal.NONE;
	}

	/**
	 * The response aggregated so far.
	 * @return the response
	 */
	synchronized LlmResponse toResponse() {
		ObjectNode result = this.message.deepCopy();
		var content = result.putArray("content");
		for (Block block : this.blocks.values()) {
			content.add(block.toNode());
		}
		if (!this.usage.isEmpty()) {
			result.set("usage", this.usage.deepCopy());
		}
		return this.converter.toResponse(result);
	}

	private void copy(JsonNode from, String field) {
		JsonNode value = from.get(field);
		if (value != null && !value.isNull()) {
			this.message.set(field, value);
		}
	}

	private void mergeUsage(@Nullable JsonNode usage) {
		if (usage != null && usage.isObject()) {
			usage.fields().forEachRemaining((field) -> {
				if (!field.getValue().isNull()) {
					this.usage.set(field.getKey(), field.getValue());
				}
			});
		}
	}

	private static final class Block {

		private final ObjectNode node;

		private final StringBuilder text = new StringBuilder();

		private final StringBuilder inputJson = new StringBuilder();

		Block(ObjectNode node) {
			this.node = node;
		}

		void append(JsonNode delta) {
			String type = AnthropicMessageConverter.text(delta, "type");
			if (type == null) {
				return;
			}
			switch (type) {
				case "text_delta" -> this.text.append(delta.path("text").asText(""));
				case "thinking_delta" -> this.text.append(delta.path("thinking").asText(""));
				case "input_json_delta" -> this.inputJson.append(delta.path("partial_json").asText(""));
				default -> {
					// signature_delta, citations_delta: not part of the traced output
				}
			}
		}

		JsonNode toNode() {
			ObjectNode result = this.node.deepCopy();
			String type = AnthropicMessageConverter.text(result, "type");
			if ("thinking".equals(type)) {
				result.put("thinking", result.path("thinking").asText("") + this.text);
			}
			else if ("text".equals(type)) {
				result.put("text", result.path("text").asText("") + this.text);
			}
			if (!this.inputJson.isEmpty()) {
				result.put("input", this.inputJson.toString());
			}
			return result;
		}

	}

}
