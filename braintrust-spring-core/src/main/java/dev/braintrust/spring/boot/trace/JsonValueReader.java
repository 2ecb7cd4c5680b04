package dev.braintrust.spring.boot.trace;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Reads JSON text that a mapper wrote, possibly cut at a bound, into a JSON-like value
 * (maps, lists, strings, numbers, booleans): what is complete is kept, a string cut in
 * the middle keeps its beginning, and the innermost container open at the cut gets a
 * {@value #TRUNCATED} marker (an element of a list, the value of a {@code "..."} key in
 * an object). Containers deeper than a bound are read as the marker.
 */
final class JsonValueReader {

	static final String TRUNCATED = "...[truncated]";

	private static final int MAX_DEPTH = 64;

	private final char[] text;

	private final int length;

	private final boolean cut;

	private int position;

	private boolean ended;

	private JsonValueReader(char[] text, int length, boolean cut) {
		this.text = text;
		this.length = length;
		this.cut = cut;
	}

	/**
	 * Read a document.
	 * @param text the characters
	 * @param length how many of them there are
	 * @param cut whether the document was cut at a bound
	 * @return the value (the marker for a document cut before its first value)
	 */
	static @Nullable Object read(char[] text, int length, boolean cut) {
		JsonValueReader reader = new JsonValueReader(text, length, cut);
		try {
			Object value = reader.value(0);
			return (reader.ended && value == null) ? TRUNCATED : value;
		}
		catch (RuntimeException ex) {
			// Not JSON after all: kept as the text it is, bounded.
			return new String(text, 0, length) + (cut ? TRUNCATED : "");
		}
	}

	private @Nullable Object value(int depth) {
		skipWhitespace();
		if (this.position >= this.length) {
			this.ended = true;
			return null;
		}
		char c = this.text[this.position];
		switch (c) {
			case '{':
				return object(depth);
			case '[':
				return array(depth);
			case '"':
				return string();
			case 't':
				return literal("true", Boolean.TRUE);
			case 'f':
				return literal("false", Boolean.FALSE);
			case 'n':
				return literal("null", null);
			default:
				return number();
		}
	}

	private Object object(int depth) {
		this.position++;
		Map<String, @Nullable Object> map = new LinkedHashMap<>();
		if (depth >= MAX_DEPTH) {
			skipContainer();
			return TRUNCATED;
		}
		while (true) {
			skipWhitespace();
			if (this.position >= this.length) {
				return truncated(map);
			}
			char c = this.text[this.position];
			if (c == '}') {
				this.position++;
				return map;
			}
			if (c == ',') {
				this.position++;
				continue;
			}
			String name = string();
			if (this.ended) {
				return truncated(map);
			}
			skipWhitespace();
			if (this.position < this.length && this.text[this.position] == ':') {
				this.position++;
			}
			Object value = value(depth + 1);
			if (this.ended) {
				if (value != null) {
					map.put(name, value);
				}
				return truncated(map);
			}
			map.put(name, value);
		}
	}

	private Object array(int depth) {
		this.position++;
		List<@Nullable Object> list = new ArrayList<>();
		if (depth >= MAX_DEPTH) {
			skipContainer();
			return TRUNCATED;
		}
		while (true) {
			skipWhitespace();
			if (this.position >= this.length) {
				this.ended = true;
				list.add(TRUNCATED);
				return list;
			}
			char c = this.text[this.position];
			if (c == ']') {
				this.position++;
				return list;
			}
			if (c == ',') {
				this.position++;
				continue;
			}
			Object value = value(depth + 1);
			if (this.ended) {
				if (value != null && !(value instanceof String string && string.endsWith(TRUNCATED))) {
					list.add(value);
					list.add(TRUNCATED);
				}
				else {
					list.add((value != null) ? value : TRUNCATED);
				}
				return list;
			}
			list.add(value);
		}
	}

	private Map<String, @Nullable Object> truncated(Map<String, @Nullable Object> map) {
		this.ended = true;
		if (!map.containsKey("...")) {
			map.put("...", TRUNCATED);
		}
		return map;
	}

	private String string() {
		StringBuilder string = new StringBuilder();
		this.position++;
		while (this.position < this.length) {
			char c = this.text[this.position++];
			if (c == '"') {
				return string.toString();
			}
			if (c != '\\') {
				string.append(c);
				continue;
			}
			if (this.position >= this.length) {
				break;
			}
			char escaped = this.text[this.position++];
			switch (escaped) {
				case 'n' -> string.append('\n');
				case 't' -> string.append('\t');
				case 'r' -> string.append('\r');
				case 'b' -> string.append('\b');
				case 'f' -> string.append('\f');
				case 'u' -> {
					if (this.position + 4 > this.length) {
						this.position = this.length;
						break;
					}
					string.append((char) Integer.parseInt(new String(this.text, this.position, 4), 16));
					this.position += 4;
				}
				default -> string.append(escaped);
			}
		}
		this.ended = true;
		return string.append(TRUNCATED).toString();
	}

	private @Nullable Object literal(String literal, @Nullable Object value) {
		if (this.position + literal.length() > this.length) {
			this.position = this.length;
			this.ended = true;
			return null;
		}
		this.position += literal.length();
		return value;
	}

	private @Nullable Object number() {
		int start = this.position;
		boolean integral = true;
		while (this.position < this.length) {
			char c = this.text[this.position];
			if (c == '.' || c == 'e' || c == 'E') {
				integral = false;
			}
			else if (!(c == '-' || c == '+' || (c >= '0' && c <= '9'))) {
				break;
			}
			this.position++;
		}
		if (this.position >= this.length && this.cut) {
			// The number may be cut: left out.
			this.ended = true;
			return null;
		}
		if (this.position == start) {
			throw new IllegalArgumentException("unexpected character");
		}
		String number = new String(this.text, start, this.position - start);
		if (integral && number.length() < 19) {
			return Long.parseLong(number);
		}
		return new BigDecimal(number);
	}

	private void skipContainer() {
		int level = 1;
		boolean inString = false;
		while (this.position < this.length && level > 0) {
			char c = this.text[this.position++];
			if (inString) {
				if (c == '\\') {
					this.position++;
				}
				else if (c == '"') {
					inString = false;
				}
			}
			else if (c == '"') {
				inString = true;
			}
			else if (c == '{' || c == '[') {
				level++;
			}
			else if (c == '}' || c == ']') {
				level--;
			}
		}
		if (level > 0) {
			this.ended = true;
		}
	}

	private void skipWhitespace() {
		while (this.position < this.length && Character.isWhitespace(this.text[this.position])) {
			this.position++;
		}
	}

}
