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
 * What it holds is bounded by what the span can record: text, thinking and tool input up
 * to the content capacity it is given (no content block at all when content is not
 * captured), and at most {@value #MAX_BLOCKS} content blocks; past a bound the response
 * is marked truncated.
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

	static final int MAX_BLOCKS = 128;

	private final AnthropicMessageConverter converter;

	private final boolean capturesContent;

	private final int[] contentBudget;

	private boolean truncated;

	private final ObjectNode message = JsonNodeFactory.instance.objectNode();

	private final ObjectNode usage = JsonNodeFactory.instance.objectNode();

	private final Map<Integer, Block> blocks = new TreeMap<>();

	AnthropicStreamAccumulator(AnthropicMessageConverter converter, int contentCapacity) {
		this.converter = converter;
		this.capturesContent = contentCapacity > 0;
		this.contentBudget = new int[] { Math.max(0, contentCapacity) };
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
				int index = event.path("index").asInt();
				if (keepsBlock(index)) {
					this.blocks.put(index, new Block(event.path("content_block").deepCopy(), this.contentBudget));
				}
			}
			case "content_block_delta" -> {
				int index = event.path("index").asInt();
				if (keepsBlock(index)) {
					Block block = this.blocks.computeIfAbsent(index,
							(key) -> new Block(JsonNodeFactory.instance.objectNode().put("type", "text"),
									this.contentBudget));
					this.truncated |= block.append(event.path("delta"));
				}
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
		LlmResponse response = this.converter.toResponse(result);
		return this.truncated ? new LlmResponse(response.id(), response.model(), response.choices(), response.usage(),
				response.output(), true) : response;
	}

	// Whether a content block is kept: none without content capture, and none past the
	// bound on their number (then the response is marked truncated).
	private boolean keepsBlock(int index) {
		if (!this.capturesContent) {
			return false;
		}
		if (index < 0 || (this.blocks.size() >= MAX_BLOCKS && !this.blocks.containsKey(index))) {
			this.truncated = true;
			return false;
		}
		return true;
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

		// Shared by the blocks of a message: what is left of its content capacity.
		private final int[] budget;

		private final StringBuilder text = new StringBuilder();

		private final StringBuilder inputJson = new StringBuilder();

		Block(ObjectNode node, int[] budget) {
			this.node = node;
			this.budget = budget;
		}

		// Appends what fits in the budget; whether some of the delta was dropped.
		boolean append(JsonNode delta) {
			String type = AnthropicMessageConverter.text(delta, "type");
			if (type == null) {
				return false;
			}
			return switch (type) {
				case "text_delta" -> append(this.text, delta.path("text").asText(""));
				case "thinking_delta" -> append(this.text, delta.path("thinking").asText(""));
				case "input_json_delta" -> append(this.inputJson, delta.path("partial_json").asText(""));
				default -> false; // signature_delta, citations_delta: not part of the
									// output
			};
		}

		private boolean append(StringBuilder to, String fragment) {
			int kept = Math.min(fragment.length(), this.budget[0]);
			this.budget[0] -= kept;
			to.append(fragment, 0, kept);
			return kept < fragment.length();
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
