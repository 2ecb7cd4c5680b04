package dev.braintrust.spring.boot.trace;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link JsonEscapes} and the string escaping of {@link JsonWriter}, against a
 * character-by-character escaper: every character that needs escaping is found, once, in
 * order, wherever it is (word and chunk boundaries, the last partial word), and the
 * characters above U+00FF whose low byte looks like a quote, a backslash or a control
 * character are left alone.
 */
class JsonEscapesTests {

	// Characters that need escaping, characters whose low byte is one of those, and
	// ordinary ones (Latin-1, beyond, surrogate pairs).
	private static final char[] ALPHABET = { '"', '\\', '\n', '\r', '\t', '\b', '\f', '\u0000', '\u0007', '\u001f',
			'\u0122', '\u015c', '\u0100', '\u010a', '\u011f', '\u2022', '\uff5c', '\u5c22', 'a', 'z', ' ', '#', '!',
			'\u0021', '\u00e9', '\u00ff', '\u0080', '\ud83d', '\ude00', '~', '\u007f' };

	private final JsonMapper mapper = JsonMapper.builder().build();

	@Test
	void findsEveryCharacterToEscapeInRandomStrings() {
		Random random = new Random(20261123);
		JsonEscapes escapes = new JsonEscapes();
		for (int round = 0; round < 2000; round++) {
			int length = (round % 10 == 0) ? 4000 + random.nextInt(5000) : random.nextInt(200);
			String value = randomString(random, length, random.nextInt(4));
			int start = (length > 0 && random.nextBoolean()) ? random.nextInt(length) : 0;
			int end = (length > start && random.nextBoolean()) ? start + random.nextInt(length - start + 1) : length;
			assertThat(findAll(escapes, value, start, end)).as("round %d, [%d, %d) of %d", round, start, end, length)
				.isEqualTo(expectedPositions(value, start, end));
		}
	}

	@ParameterizedTest
	@ValueSource(ints = { 0, 1, 7, 8, 9, 15, 16, 23, 24, 4088, 4095, 4096, 4097, 4103, 4104, 8191, 8192, 8199 })
	void findsOneCharacterToEscapeAtAnyPosition(int position) {
		for (char special : new char[] { '"', '\\', '\n', '\u0001' }) {
			StringBuilder builder = new StringBuilder("x".repeat(8210));
			builder.setCharAt(position, special);
			// A character above U+00FF right after it, whose low byte is a quote.
			builder.setCharAt(position + 1, '\u0122');
			String value = builder.toString();
			JsonEscapes escapes = new JsonEscapes();
			assertThat(findAll(escapes, value, 0, value.length())).containsExactly(position);
			assertThat(findAll(escapes, value, 0, position)).isEmpty();
			assertThat(findAll(escapes, value, position + 1, value.length())).isEmpty();
		}
	}

	@Test
	void writerOutputIsTheReferenceEscapingAndParsesBackToTheString() throws Exception {
		Random random = new Random(42);
		for (int round = 0; round < 500; round++) {
			int length = (round % 25 == 0) ? 4000 + random.nextInt(9000) : random.nextInt(300);
			String value = randomString(random, length, random.nextInt(4));
			JsonWriter writer = new JsonWriter(16, Integer.MAX_VALUE);
			writer.beginArray().value(value).content(value).beginObject().name(value).value(1).endObject().endArray();
			String json = writer.toString();
			String expected = "\"" + referenceEscape(value) + "\"";
			assertThat(json).isEqualTo("[" + expected + "," + expected + ",{" + expected + ":1}]");
			Object[] parsed = this.mapper.readValue(json, Object[].class);
			assertThat(parsed).containsExactly(value, value, Map.of(value, 1));
		}
	}

	@Test
	void measuredLengthMatchesTheWrittenLengthOfLongStrings() {
		Random random = new Random(7);
		for (int round = 0; round < 50; round++) {
			String value = randomString(random, 5000 + random.nextInt(4000), 3);
			BoundedJson.Measure measuring = BoundedJson.measure((json, omit) -> json.content(value));
			for (int cap : new int[] { 0, 1, 100, 4095, 4096, 4097, value.length() - 1, value.length() }) {
				JsonWriter written = new JsonWriter(16, cap);
				written.content(value);
				assertThat(measuring.lengthAt(cap)).as("cap %d", cap).isEqualTo(written.length());
				written.discard();
			}
		}
	}

	@Test
	void findsMoreCharactersThanOneBatchHolds() {
		String value = "a\"".repeat(1000);
		JsonEscapes escapes = new JsonEscapes();
		int count = escapes.find(value, 0, value.length());
		assertThat(count).isEqualTo(escapes.positions().length).isLessThan(1000);
		assertThat(escapes.positions()[count - 1]).isEqualTo(2 * count - 1);
		assertThat(findAll(escapes, value, 0, value.length())).hasSize(1000);
		JsonWriter writer = new JsonWriter(16, Integer.MAX_VALUE);
		writer.value(value);
		assertThat(writer.toString()).isEqualTo("\"" + "a\\\"".repeat(1000) + "\"");
	}

	// Every position, batch after batch, as the writer reads them.
	private static List<Integer> findAll(JsonEscapes escapes, String value, int start, int end) {
		List<Integer> found = new ArrayList<>();
		int from = start;
		int count;
		do {
			count = escapes.find(value, from, end);
			for (int k = 0; k < count; k++) {
				found.add(escapes.positions()[k]);
				from = escapes.positions()[k] + 1;
			}
		}
		while (count == escapes.positions().length);
		return found;
	}

	// density 0: no character to escape; 3: about one in three characters.
	private static String randomString(Random random, int length, int density) {
		StringBuilder builder = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			char c = (density > 0 && random.nextInt(10) < density) ? ALPHABET[random.nextInt(ALPHABET.length)]
					: (char) ('a' + random.nextInt(26));
			builder.append((density == 0 && JsonEscapes.needsEscape(c)) ? 'q' : c);
		}
		return builder.toString();
	}

	private static List<Integer> expectedPositions(String value, int start, int end) {
		List<Integer> positions = new ArrayList<>();
		for (int i = start; i < end; i++) {
			char c = value.charAt(i);
			if (c < 0x20 || c == '"' || c == '\\') {
				positions.add(i);
			}
		}
		return positions;
	}

	private static String referenceEscape(String value) {
		StringBuilder builder = new StringBuilder();
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			switch (c) {
				case '"' -> builder.append("\\\"");
				case '\\' -> builder.append("\\\\");
				case '\n' -> builder.append("\\n");
				case '\r' -> builder.append("\\r");
				case '\t' -> builder.append("\\t");
				case '\b' -> builder.append("\\b");
				case '\f' -> builder.append("\\f");
				default -> {
					if (c < 0x20) {
						builder.append(String.format("\\u%04x", (int) c));
					}
					else {
						builder.append(c);
					}
				}
			}
		}
		return builder.toString();
	}

}
