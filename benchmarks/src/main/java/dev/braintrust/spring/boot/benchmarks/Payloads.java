package dev.braintrust.spring.boot.benchmarks;

import java.nio.charset.StandardCharsets;

/**
 * The canned prompts and model answers every benchmark uses.
 */
public final class Payloads {

	public static final String MODEL = "gpt-4o-mini";

	public static final String SYSTEM = "You are a helpful assistant. Answer briefly and cite the paragraph you used.";

	static final String ANSWER = "The capital of France is Paris.";

	static final int STREAM_CHUNKS = 200;

	private static final String SENTENCE = "The quick brown fox jumps over the lazy dog near the \"river\" bank, "
			+ "then rests.\n";

	private Payloads() {
	}

	/**
	 * A user prompt of {@code size} characters: prose with quotes and new lines, as a
	 * pasted document would have.
	 */
	public static String prompt(int size) {
		StringBuilder prompt = new StringBuilder(size + SENTENCE.length());
		prompt.append("Summarize this document:\n");
		while (prompt.length() < size) {
			prompt.append(SENTENCE);
		}
		prompt.setLength(size);
		return prompt.toString();
	}

	static byte[] completionJson() {
		return ("{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion\",\"created\":1732000000,\"model\":\"" + MODEL
				+ "-2024-07-18\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"" + ANSWER
				+ "\",\"refusal\":null},\"logprobs\":null,\"finish_reason\":\"stop\"}],"
				+ "\"usage\":{\"prompt_tokens\":523,\"completion_tokens\":7,\"total_tokens\":530,"
				+ "\"prompt_tokens_details\":{\"cached_tokens\":0},"
				+ "\"completion_tokens_details\":{\"reasoning_tokens\":0}},\"system_fingerprint\":\"fp_bench\"}")
			.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * A server-sent event stream of {@code chunks} chat completion chunks: a role chunk,
	 * text chunks, a finish chunk and a usage chunk.
	 */
	public static byte[] completionStream(int chunks) {
		StringBuilder sse = new StringBuilder();
		String head = "{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",\"created\":1732000000,"
				+ "\"model\":\"" + MODEL + "-2024-07-18\",\"system_fingerprint\":\"fp_bench\",";
		sse.append("data: ")
			.append(head)
			.append("\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},"
					+ "\"finish_reason\":null}]}\n\n");
		for (int i = 0; i < chunks - 3; i++) {
			sse.append("data: ")
				.append(head)
				.append("\"choices\":[{\"index\":0,\"delta\":{\"content\":\"tok")
				.append(i)
				.append(" \"},\"finish_reason\":null}]}\n\n");
		}
		sse.append("data: ")
			.append(head)
			.append("\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n");
		sse.append("data: ")
			.append(head)
			.append("\"choices\":[],\"usage\":{\"prompt_tokens\":523,\"completion_tokens\":")
			.append(chunks - 3)
			.append(",\"total_tokens\":")
			.append(523 + chunks - 3)
			.append("}}\n\n");
		sse.append("data: [DONE]\n\n");
		return sse.toString().getBytes(StandardCharsets.UTF_8);
	}

}
