package dev.braintrust.spring.boot.trace;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * About how many characters of JSON a JSON-like value takes (strings unescaped), to share
 * a bound between several values.
 */
final class JsonValueSize {

	private static final int MAX_DEPTH = 64;

	private JsonValueSize() {
	}

	static int of(@Nullable Object value) {
		return (int) Math.min(Integer.MAX_VALUE, size(value, 0));
	}

	private static long size(@Nullable Object value, int depth) {
		if (value == null) {
			return 4;
		}
		if (value instanceof String string) {
			return string.length() + 2;
		}
		if (depth >= MAX_DEPTH) {
			return 16;
		}
		if (value instanceof Map<?, ?> map) {
			long size = 2;
			for (Map.Entry<?, ?> entry : map.entrySet()) {
				size += String.valueOf(entry.getKey()).length() + 4 + size(entry.getValue(), depth + 1);
			}
			return size;
		}
		if (value instanceof Iterable<?> iterable) {
			long size = 2;
			for (Object element : iterable) {
				size += 1 + size(element, depth + 1);
			}
			return size;
		}
		return 8;
	}

}
