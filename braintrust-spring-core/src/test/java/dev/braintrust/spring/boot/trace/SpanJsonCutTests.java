package dev.braintrust.spring.boot.trace;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The content cut of {@link BoundedJson#write}, computed from one measuring pass, gives
 * the document the former bisection (one full write per tried cap) gave.
 */
class SpanJsonCutTests {

	private static final String[] PIECES = { "plain words ", "\"quoted\"", "back\\slash", "\n", "\t", "\r", "\u0007",
			"\u001f", "é", "😀", "\ud83d", "z".repeat(300), "{\"q\":1}", "ünïcödé ", "</script>" };

	@Test
	void cutIsTheOneOfTheFormerBisection() {
		Random random = new Random(42);
		int compared = 0;
		for (int round = 0; round < 400; round++) {
			List<ChatMessage> messages = randomMessages(random);
			LlmRequest request = LlmRequest.builder("openai", "openai", LlmOperation.CHAT)
				.model("m")
				.messages(messages)
				.build();
			int max = 16 + random.nextInt(6000);
			String actual = SpanJson.input(request, max);
			BoundedJson.Body body = (json, omit) -> SpanJson.writeMessages(json, messages, omit, "earlier messages");
			String expected = formerBounded(max, messages.size(), body);
			assertThat(actual).isEqualTo(expected);
			assertThat(actual.length()).isLessThanOrEqualTo(max);
			if (!"null".equals(actual)) {
				TestTracing.parse(actual);
			}
			compared++;
		}
		assertThat(compared).isEqualTo(400);
	}

	@Test
	void cutOfAnyValueOutputIsTheOneOfTheFormerBisection() {
		Random random = new Random(7);
		for (int round = 0; round < 200; round++) {
			Map<String, Object> output = Map.of("text", randomText(random, 30), "items",
					List.of(randomText(random, 10), 12, true, Map.of("k", randomText(random, 20))));
			int max = 16 + random.nextInt(3000);
			String actual = SpanJson.output(LlmResponse.output("m", output, null), ContentShape.CHAT, max);
			String expected = formerBounded(max, 0, (json, omit) -> json.anyValue(output, true));
			assertThat(actual).isEqualTo(expected);
			assertThat(actual.length()).isLessThanOrEqualTo(max);
		}
	}

	@Test
	void measuredLengthIsTheWrittenLengthAtEveryCap() {
		Random random = new Random(3);
		for (int round = 0; round < 50; round++) {
			List<ChatMessage> messages = randomMessages(random);
			BoundedJson.Measure measure = BoundedJson
				.measure((json, omit) -> SpanJson.writeMessages(json, messages, 0, "earlier messages"));
			for (int cap = 0; cap < measure.longestContent() + 2; cap += 1 + random.nextInt(40)) {
				JsonWriter json = new JsonWriter(64, cap);
				SpanJson.writeMessages(json, messages, 0, "earlier messages");
				assertThat(measure.lengthAt(cap)).as("cap %d", cap).isEqualTo(json.length());
			}
		}
	}

	@Test
	void measuredLengthIsExactForCutsAtAndAroundEscapesAcrossCheckpoints() {
		// Escapes of both lengths right before, at and after every checkpoint, and in
		// runs, so that a cut falls before, inside and after each of them.
		int every = BoundedJson.CHECKPOINT_EVERY;
		StringBuilder text = new StringBuilder();
		String[] escaped = { "\"", "\u0001", "\n", "\\", "\u001f" };
		for (int i = 0; i < 12 * every; i++) {
			int offset = i % every;
			boolean nearCheckpoint = offset == 0 || offset == 1 || offset == every - 1 || offset == every - 2;
			boolean inRun = (i / 37) % 3 == 0;
			text.append((nearCheckpoint || inRun) ? escaped[i % escaped.length].charAt(0) : (char) ('a' + i % 26));
		}
		String prompt = text.toString();
		List<ChatMessage> messages = List.of(ChatMessage.system("be \"brief\"\n"), ChatMessage.user(prompt),
				ChatMessage.user("tail\t" + prompt.substring(0, 3 * every + 5)));
		BoundedJson.Body body = (json, omit) -> SpanJson.writeMessages(json, messages, omit, "earlier messages");
		BoundedJson.Measure measure = BoundedJson.measure(body);
		for (int cap = 0; cap <= prompt.length() + 1; cap++) {
			JsonWriter json = new JsonWriter(64, cap);
			body.write(json, 0);
			assertThat(measure.lengthAt(cap)).as("cap %d", cap).isEqualTo(json.length());
			json.discard();
		}
		LlmRequest request = LlmRequest.builder("openai", "openai", LlmOperation.CHAT)
			.model("m")
			.messages(messages)
			.build();
		for (int k = 1; k < 12; k++) {
			for (int max = k * every - 40; max <= k * every + 40; max += 3) {
				String actual = SpanJson.input(request, max);
				assertThat(actual).as("max %d", max).isEqualTo(formerBounded(max, messages.size(), body));
				assertThat(actual.length()).isLessThanOrEqualTo(max);
			}
		}
	}

	private static List<ChatMessage> randomMessages(Random random) {
		List<ChatMessage> messages = new ArrayList<>();
		int count = 1 + random.nextInt(8);
		for (int i = 0; i < count; i++) {
			switch (random.nextInt(4)) {
				case 0 -> messages.add(ChatMessage.system(randomText(random, 20)));
				case 1 -> messages.add(ChatMessage
					.assistant(null, List.of(new ToolCall("call_" + i, "lookup", random.nextBoolean() ? "{\"q\":\""
							+ randomText(random, 5).replace("\\", "").replace("\"", "").replaceAll("[\\x00-\\x1f]", "")
							+ "\",\"n\":[1,2.5,null,true]}" : "not json " + randomText(random, 5)))));
				default -> messages.add(ChatMessage.user(randomText(random, 60)));
			}
		}
		return messages;
	}

	private static String randomText(Random random, int pieces) {
		StringBuilder text = new StringBuilder();
		int count = random.nextInt(pieces + 1);
		for (int i = 0; i < count; i++) {
			text.append(PIECES[random.nextInt(PIECES.length)]);
		}
		return text.toString();
	}

	// BoundedJson.write as it was before the measuring pass: one write per tried cap.
	private static String formerBounded(int maxLength, int elements, BoundedJson.Body body) {
		JsonWriter full = new JsonWriter(16, Integer.MAX_VALUE);
		body.write(full, 0);
		if (full.length() <= maxLength) {
			return full.toString();
		}
		String best = null;
		int low = 0;
		int high = full.longestContent() - 1;
		while (low <= high) {
			int cap = (low + high) >>> 1;
			JsonWriter json = new JsonWriter(maxLength, cap);
			body.write(json, 0);
			if (json.length() <= maxLength) {
				best = json.toString();
				low = cap + 1;
			}
			else {
				high = cap - 1;
			}
		}
		if (best != null) {
			return best;
		}
		low = 1;
		high = elements;
		while (low <= high) {
			int omit = (low + high) >>> 1;
			JsonWriter json = new JsonWriter(maxLength, 256);
			body.write(json, omit);
			if (json.length() <= maxLength) {
				best = json.toString();
				high = omit - 1;
			}
			else {
				low = omit + 1;
			}
		}
		if (best != null) {
			return best;
		}
		String marker = "\"" + BoundedJson.TRUNCATION_MARKER.substring(0, BoundedJson.TRUNCATION_MARKER.length() - 1)
				+ "]\"";
		return (marker.length() <= maxLength) ? marker : "null";
	}

}
