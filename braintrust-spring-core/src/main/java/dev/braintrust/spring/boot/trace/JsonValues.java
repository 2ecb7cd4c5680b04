package dev.braintrust.spring.boot.trace;

import org.jspecify.annotations.Nullable;

/**
 * Turns the arguments and results of {@link Traced} methods into the JSON-like values a
 * span records (strings, numbers, booleans, maps and lists of those), within a bound of
 * characters: a value larger than the bound is cut while it is written, never written
 * whole first. The starter's is {@link JacksonJsonValues}, with the application's JSON
 * mapper.
 */
@FunctionalInterface
public interface JsonValues {

	/**
	 * The JSON-like value of an object. Never throws: a value that cannot be written is
	 * its type name.
	 * @param value the value
	 * @param maxLength the most characters of JSON text the value may take
	 * @return the JSON-like value
	 */
	@Nullable Object toJson(@Nullable Object value, int maxLength);

	/**
	 * Values without a JSON mapper: strings, numbers, booleans, characters and enums as
	 * themselves, anything else as its type name.
	 * @return the values
	 */
	static JsonValues basic() {
		return (value, maxLength) -> {
			Object simple = simple(value);
			return (simple != null || value == null) ? simple : value.getClass().getName();
		};
	}

	/**
	 * The JSON-like value of a value that needs no mapper.
	 * @param value the value
	 * @return the value as JSON-like value, or null when a mapper is needed (or the value
	 * is null)
	 */
	static @Nullable Object simple(@Nullable Object value) {
		if (value instanceof String || value instanceof Boolean || value instanceof Integer || value instanceof Long
				|| value instanceof Double || value instanceof Float || value instanceof Short
				|| value instanceof Byte) {
			return value;
		}
		if (value instanceof Character || value instanceof CharSequence) {
			return value.toString();
		}
		if (value instanceof Enum<?> constant) {
			return constant.name();
		}
		return null;
	}

}
