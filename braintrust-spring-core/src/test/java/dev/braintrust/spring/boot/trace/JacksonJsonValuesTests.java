package dev.braintrust.spring.boot.trace;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link JacksonJsonValues}: values as the mapper writes them, cut at the bound while
 * written, and a value the mapper fails on as its type name.
 */
class JacksonJsonValuesTests {

	private final JacksonJsonValues values = new JacksonJsonValues(JsonMapper.builder().build());

	record Point(int x, int y, String label) {
	}

	record Named(String name, List<String> tags) {
	}

	static class Failing {

		public String getValue() {
			throw new IllegalStateException("boom");
		}

	}

	@Test
	void simpleValuesAreKeptAsTheyAre() {
		assertThat(this.values.toJson("text", 10)).isEqualTo("text");
		assertThat(this.values.toJson(42, 10)).isEqualTo(42);
		assertThat(this.values.toJson(true, 10)).isEqualTo(true);
		assertThat(this.values.toJson(null, 10)).isNull();
		assertThat(this.values.toJson(Thread.State.NEW, 10)).isEqualTo("NEW");
	}

	@Test
	void objectsAreWrittenAsTheMapperWritesThem() {
		assertThat(this.values.toJson(new Point(1, -2, "a\"b\\c\n\u00e9"), 1000))
			.isEqualTo(Map.of("x", 1L, "y", -2L, "label", "a\"b\\c\n\u00e9"));
		assertThat(this.values.toJson(List.of(1.5, 12345678901234567890.0), 1000)).asString()
			.contains("1.5")
			.contains("1.2345678901234567");
	}

	@Test
	void aValueTheMapperFailsOnIsItsTypeName() {
		assertThat(this.values.toJson(new Failing(), 1000)).isEqualTo(Failing.class.getName());
		JacksonJsonValues strict = new JacksonJsonValues(
				JsonMapper.builder().enable(SerializationFeature.FAIL_ON_EMPTY_BEANS).build());
		assertThat(strict.toJson(new Object(), 1000)).isEqualTo(Object.class.getName());
	}

	@Test
	void aLargeValueIsCutAtTheBoundWithAMarker() {
		List<String> lines = new ArrayList<>();
		for (int i = 0; i < 100_000; i++) {
			lines.add("line " + i);
		}
		Object value = this.values.toJson(lines, 100);
		assertThat(value).isInstanceOf(List.class);
		List<?> list = (List<?>) value;
		assertThat(list.get(0)).isEqualTo("line 0");
		assertThat(list.get(list.size() - 1)).isEqualTo(JsonValueReader.TRUNCATED);
		assertThat(JsonValueSize.of(value)).isLessThan(140);
	}

	@Test
	void aLongStringInsideAnObjectKeepsItsBeginning() {
		Object value = this.values.toJson(new Named(String.join("", Collections.nCopies(10_000, "ab")), List.of("t")),
				64);
		assertThat(value).isInstanceOf(Map.class);
		@SuppressWarnings("unchecked")
		Map<String, Object> map = (Map<String, Object>) value;
		assertThat((String) map.get("name")).startsWith("abab").endsWith(JsonValueReader.TRUNCATED);
		assertThat(map.get("...")).isEqualTo(JsonValueReader.TRUNCATED);
		assertThat(map).doesNotContainKey("tags");
	}

	@Test
	void anIndentingMapperIsReadToo() {
		JacksonJsonValues indenting = new JacksonJsonValues(
				JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build());
		assertThat(indenting.toJson(new Point(1, 2, "p"), 1000)).isEqualTo(Map.of("x", 1L, "y", 2L, "label", "p"));
	}

}
