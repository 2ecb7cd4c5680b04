package dev.braintrust.spring.boot.trace;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link JacksonJsonValues} and {@link Jackson2JsonValues}: values as the mapper writes
 * them, cut at the bound while written, and a value the mapper fails on as its type name.
 */
class JacksonJsonValuesTests {

	/**
	 * The mappers of each Jackson generation: default, failing on empty beans, indenting.
	 */
	enum Jackson {

		V3 {
			@Override
			JsonValues values(boolean failOnEmptyBeans, boolean indent) {
				return new JacksonJsonValues(JsonMapper.builder()
					.configure(SerializationFeature.FAIL_ON_EMPTY_BEANS, failOnEmptyBeans)
					.configure(SerializationFeature.INDENT_OUTPUT, indent)
					.build());
			}
		},

		V2 {
			@Override
			JsonValues values(boolean failOnEmptyBeans, boolean indent) {
				return new Jackson2JsonValues(com.fasterxml.jackson.databind.json.JsonMapper.builder()
					.configure(com.fasterxml.jackson.databind.SerializationFeature.FAIL_ON_EMPTY_BEANS,
							failOnEmptyBeans)
					.configure(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT, indent)
					.build());
			}
		};

		abstract JsonValues values(boolean failOnEmptyBeans, boolean indent);

		JsonValues plain() {
			return values(false, false);
		}

	}

	record Point(int x, int y, String label) {
	}

	record Named(String name, List<String> tags) {
	}

	static class Failing {

		public String getValue() {
			throw new IllegalStateException("boom");
		}

	}

	@ParameterizedTest
	@EnumSource(Jackson.class)
	void simpleValuesAreKeptAsTheyAre(Jackson jackson) {
		JsonValues values = jackson.plain();
		assertThat(values.toJson("text", 10)).isEqualTo("text");
		assertThat(values.toJson(42, 10)).isEqualTo(42);
		assertThat(values.toJson(true, 10)).isEqualTo(true);
		assertThat(values.toJson(null, 10)).isNull();
		assertThat(values.toJson(Thread.State.NEW, 10)).isEqualTo("NEW");
	}

	@ParameterizedTest
	@EnumSource(Jackson.class)
	void objectsAreWrittenAsTheMapperWritesThem(Jackson jackson) {
		JsonValues values = jackson.plain();
		assertThat(values.toJson(new Point(1, -2, "a\"b\\c\n\u00e9"), 1000))
			.isEqualTo(Map.of("x", 1L, "y", -2L, "label", "a\"b\\c\n\u00e9"));
		assertThat(values.toJson(List.of(1.5, 12345678901234567890.0), 1000)).asString()
			.contains("1.5")
			.contains("1.2345678901234567");
	}

	@ParameterizedTest
	@EnumSource(Jackson.class)
	void aValueTheMapperFailsOnIsItsTypeName(Jackson jackson) {
		JsonValues values = jackson.plain();
		assertThat(values.toJson(new Failing(), 1000)).isEqualTo(Failing.class.getName());
		JsonValues strict = jackson.values(true, false);
		assertThat(strict.toJson(new Object(), 1000)).isEqualTo(Object.class.getName());
	}

	@ParameterizedTest
	@EnumSource(Jackson.class)
	void aLargeValueIsCutAtTheBoundWithAMarker(Jackson jackson) {
		JsonValues values = jackson.plain();
		List<String> lines = new ArrayList<>();
		for (int i = 0; i < 100_000; i++) {
			lines.add("line " + i);
		}
		Object value = values.toJson(lines, 100);
		assertThat(value).isInstanceOf(List.class);
		List<?> list = (List<?>) value;
		assertThat(list.get(0)).isEqualTo("line 0");
		assertThat(list.get(list.size() - 1)).isEqualTo(JsonValueReader.TRUNCATED);
		assertThat(JsonValueSize.of(value)).isLessThan(140);
	}

	@ParameterizedTest
	@EnumSource(Jackson.class)
	void aLongStringInsideAnObjectKeepsItsBeginning(Jackson jackson) {
		JsonValues values = jackson.plain();
		Object value = values.toJson(new Named(String.join("", Collections.nCopies(10_000, "ab")), List.of("t")), 64);
		assertThat(value).isInstanceOf(Map.class);
		@SuppressWarnings("unchecked")
		Map<String, Object> map = (Map<String, Object>) value;
		assertThat((String) map.get("name")).startsWith("abab").endsWith(JsonValueReader.TRUNCATED);
		assertThat(map.get("...")).isEqualTo(JsonValueReader.TRUNCATED);
		assertThat(map).doesNotContainKey("tags");
	}

	@ParameterizedTest
	@EnumSource(Jackson.class)
	void anIndentingMapperIsReadToo(Jackson jackson) {
		JsonValues indenting = jackson.values(false, true);
		assertThat(indenting.toJson(new Point(1, 2, "p"), 1000)).isEqualTo(Map.of("x", 1L, "y", 2L, "label", "p"));
	}

}
