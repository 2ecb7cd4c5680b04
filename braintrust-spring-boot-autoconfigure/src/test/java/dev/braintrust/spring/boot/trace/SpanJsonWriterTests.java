package dev.braintrust.spring.boot.trace;

import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The string escaping of {@link SpanJsonWriter} against a character-by-character escaper
 * (lower-case hex digits for control characters, characters above U+007F as they are,
 * lone surrogates included), and the measured length of content strings against their
 * written length.
 */
class SpanJsonWriterTests {

	// Characters that need escaping, characters whose low byte is one of those, and
	// ordinary ones (Latin-1, beyond, surrogate pairs).
	private static final char[] ALPHABET = { '"', '\\', '\n', '\r', '\t', '\b', '\f', '\u0000', '\u0007', '\u001f',
			'\u0122', '\u015c', '\u0100', '\u010a', '\u011f', '\u2022', '\uff5c', '\u5c22', 'a', 'z', ' ', '#', '!',
			'\u0021', '\u00e9', '\u00ff', '\u0080', '\ud83d', '\ude00', '~', '\u007f' };

	private final JsonMapper mapper = JsonMapper.builder().build();

	@Test
	void writerOutputIsTheReferenceEscapingAndParsesBackToTheString() throws Exception {
		Random random = new Random(42);
		for (int round = 0; round < 500; round++) {
			int length = (round % 25 == 0) ? 4000 + random.nextInt(9000) : random.nextInt(300);
			String value = randomString(random, length, random.nextInt(4));
			SpanJsonWriter writer = new SpanJsonWriter(16, Integer.MAX_VALUE);
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
				SpanJsonWriter written = new SpanJsonWriter(16, cap);
				written.content(value);
				assertThat(measuring.lengthAt(cap)).as("cap %d", cap).isEqualTo(written.length());
				written.discard();
			}
		}
	}

	@Test
	void manyCharactersToEscapeInOneString() {
		String value = "a\"".repeat(1000);
		SpanJsonWriter writer = new SpanJsonWriter(16, Integer.MAX_VALUE);
		writer.value(value);
		assertThat(writer.toString()).isEqualTo("\"" + "a\\\"".repeat(1000) + "\"");
	}

	@Test
	void writersAliveAtOnceAreIndependent() {
		SpanJsonWriter outer = new SpanJsonWriter(16, Integer.MAX_VALUE);
		outer.beginArray().value("outer");
		SpanJsonWriter inner = new SpanJsonWriter(16, Integer.MAX_VALUE);
		inner.beginArray().value("inner").endArray();
		outer.value("after");
		assertThat(inner.toString()).isEqualTo("[\"inner\"]");
		outer.endArray();
		assertThat(outer.toString()).isEqualTo("[\"outer\",\"after\"]");
	}

	@Test
	void cutContentEndsWithTheMarkerAndParses() throws Exception {
		String value = "x\"".repeat(3000);
		SpanJsonWriter writer = new SpanJsonWriter(16, 4097);
		writer.content(value);
		String json = writer.toString();
		assertThat(json).endsWith("...[truncated 1903 chars]\"");
		assertThat(this.mapper.readValue(json, String.class)).startsWith("x\"x\"").hasSize(4097 + 25);
	}

	@Test
	void embeddedDocumentAsDeepAsTheParserAllowsIsCopiedInsideTheSpansOwnLevels() {
		String deep = "[".repeat(499) + "1" + "]".repeat(499);
		SpanJsonWriter writer = new SpanJsonWriter(16, Integer.MAX_VALUE);
		writer.beginArray().beginObject().name("parameters").json(deep, true).endObject().endArray();
		assertThat(writer.toString()).isEqualTo("[{\"parameters\":" + deep + "}]");
	}

	// density 0: no character to escape; 3: about one in three characters.
	private static String randomString(Random random, int length, int density) {
		StringBuilder builder = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			char c = (density > 0 && random.nextInt(10) < density) ? ALPHABET[random.nextInt(ALPHABET.length)]
					: (char) ('a' + random.nextInt(26));
			builder.append((density == 0 && (c < 0x20 || c == '"' || c == '\\')) ? 'q' : c);
		}
		return builder.toString();
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
