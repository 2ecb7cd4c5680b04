package dev.braintrust.spring.boot.benchmarks;

import java.nio.charset.StandardCharsets;

/**
 * The canned Anthropic Messages API answers of the Anthropic benchmarks: the same answer,
 * token counts and number of streamed content pieces as {@link Payloads} gives OpenAI, in
 * Anthropic's wire format.
 */
final class AnthropicPayloads {

	static final String MODEL = "claude-sonnet-4-5";

	private AnthropicPayloads() {
	}

	static byte[] messageJson() {
		return ("{\"id\":\"msg_bench\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"" + MODEL
				+ "-20250929\",\"content\":[{\"type\":\"text\",\"text\":\"" + Payloads.ANSWER + "\"}],"
				+ "\"stop_reason\":\"end_turn\",\"stop_sequence\":null,"
				+ "\"usage\":{\"input_tokens\":523,\"output_tokens\":7,\"cache_creation_input_tokens\":0,"
				+ "\"cache_read_input_tokens\":0,\"service_tier\":\"standard\"}}")
			.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * A server-sent event stream of {@code events} events, as the Messages API sends it:
	 * {@code message_start}, {@code content_block_start}, text deltas,
	 * {@code content_block_stop}, {@code message_delta} (stop reason and usage) and
	 * {@code message_stop}.
	 */
	static byte[] messageStream(int events) {
		StringBuilder sse = new StringBuilder();
		event(sse, "message_start",
				"{\"type\":\"message_start\",\"message\":{\"id\":\"msg_bench\",\"type\":\"message\","
						+ "\"role\":\"assistant\",\"model\":\"" + MODEL
						+ "-20250929\",\"content\":[],\"stop_reason\":null,"
						+ "\"stop_sequence\":null,\"usage\":{\"input_tokens\":523,\"output_tokens\":1,"
						+ "\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0}}}");
		event(sse, "content_block_start",
				"{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}");
		for (int i = 0; i < events - 5; i++) {
			event(sse, "content_block_delta",
					"{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"tok"
							+ i + " \"}}");
		}
		event(sse, "content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}");
		event(sse, "message_delta",
				"{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},"
						+ "\"usage\":{\"output_tokens\":" + (events - 5) + "}}");
		event(sse, "message_stop", "{\"type\":\"message_stop\"}");
		return sse.toString().getBytes(StandardCharsets.UTF_8);
	}

	private static void event(StringBuilder sse, String name, String data) {
		sse.append("event: ").append(name).append("\ndata: ").append(data).append("\n\n");
	}

}
