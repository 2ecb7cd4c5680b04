package dev.braintrust.spring.boot.trace;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * A small streaming JSON writer into a {@code char[]} ({@link JsonOutput}, which also
 * escapes the strings): the span attributes are short documents written once, where a
 * hand-written writer avoids the generator set-up and lets the truncation rule
 * ({@link BoundedJson}) measure its output. Content strings are written through
 * {@link #content(String)}, which cuts them at {@code contentCap} characters and says so
 * in the string, so that the document stays valid JSON.
 */
final class JsonWriter {

	private static final JsonFactory jsonFactory = new JsonFactory();

	private static final int MAX_VALUE_DEPTH = 32;

	private final JsonOutput out;

	private final int contentCap;

	// Per nesting level: whether the container has no element yet.
	private boolean[] empty = new boolean[8];

	private int depth;

	private boolean afterName;

	private int longestContent;

	private boolean truncated;

	// Measuring mode (see measuring()): the content strings, not written.
	private @Nullable List<String> measured;

	JsonWriter(int initialCapacity, int contentCap) {
		this.out = new JsonOutput(initialCapacity);
		this.contentCap = contentCap;
	}

	/**
	 * A writer that writes everything but the content strings, which it records instead
	 * (see {@link BoundedJson#measure}).
	 * @param initialCapacity the initial capacity
	 * @return the writer
	 */
	static JsonWriter measuring(int initialCapacity) {
		JsonWriter writer = new JsonWriter(initialCapacity, Integer.MAX_VALUE);
		writer.measured = new ArrayList<>();
		return writer;
	}

	/**
	 * The content strings a measuring writer recorded, in order.
	 */
	List<String> measured() {
		List<String> measured = this.measured;
		if (measured == null) {
			throw new IllegalStateException("not a measuring writer");
		}
		return measured;
	}

	JsonWriter beginObject() {
		beforeValue();
		this.out.append('{');
		push();
		return this;
	}

	JsonWriter endObject() {
		this.depth--;
		this.out.append('}');
		return this;
	}

	JsonWriter beginArray() {
		beforeValue();
		this.out.append('[');
		push();
		return this;
	}

	JsonWriter endArray() {
		this.depth--;
		this.out.append(']');
		return this;
	}

	JsonWriter name(String name) {
		beforeValue();
		this.out.appendQuoted(name, 0, name.length());
		this.out.append(':');
		this.afterName = true;
		return this;
	}

	JsonWriter value(@Nullable String value) {
		beforeValue();
		if (value == null) {
			this.out.append("null");
		}
		else {
			this.out.appendQuoted(value, 0, value.length());
		}
		return this;
	}

	JsonWriter value(long value) {
		beforeValue();
		this.out.append(value);
		return this;
	}

	JsonWriter value(boolean value) {
		beforeValue();
		this.out.append(value);
		return this;
	}

	JsonWriter value(double value) {
		beforeValue();
		if (Double.isFinite(value)) {
			this.out.append(Double.toString(value));
		}
		else {
			this.out.append("null");
		}
		return this;
	}

	JsonWriter nullValue() {
		beforeValue();
		this.out.append("null");
		return this;
	}

	/**
	 * Write a content string, cut at the content cap.
	 * @param value the content
	 * @return this writer
	 */
	JsonWriter content(@Nullable String value) {
		if (value == null) {
			return nullValue();
		}
		beforeValue();
		int length = value.length();
		this.longestContent = Math.max(this.longestContent, length);
		if (this.measured != null) {
			this.measured.add(value);
			return this;
		}
		if (length <= this.contentCap) {
			this.out.appendQuoted(value, 0, length);
			return this;
		}
		int cut = BoundedJson.cutAt(value, this.contentCap);
		this.truncated = true;
		this.out.append('"');
		this.out.appendEscaped(value, 0, cut);
		this.out.append(BoundedJson.TRUNCATION_MARKER)
			.append(length - cut)
			.append(BoundedJson.TRUNCATION_MARKER_END)
			.append('"');
		return this;
	}

	/**
	 * Write a JSON-like value: strings (as content when {@code content}), numbers,
	 * booleans, maps, iterables and arrays of those; anything else as its string form.
	 * @param value the value
	 * @param content whether strings are content
	 * @return this writer
	 */
	JsonWriter anyValue(@Nullable Object value, boolean content) {
		writeAny(value, content, 0);
		return this;
	}

	/**
	 * Embed a JSON document (a tool schema, tool arguments) after checking that it
	 * parses, copying it token by token; strings inside it are content when
	 * {@code content}. A string that is not JSON is written as a string.
	 * @param json the JSON text
	 * @param content whether strings are content
	 * @return this writer
	 */
	JsonWriter json(String json, boolean content) {
		int mark = this.out.length();
		int markDepth = this.depth;
		boolean markAfterName = this.afterName;
		boolean[] markEmpty = Arrays.copyOf(this.empty, this.empty.length);
		int markMeasured = (this.measured != null) ? this.measured.size() : 0;
		try (JsonParser parser = jsonFactory.createParser(ObjectReadContext.empty(), json)) {
			JsonToken token = parser.nextToken();
			if (token == null) {
				throw new IllegalArgumentException("empty");
			}
			copy(parser, token, content);
			if (parser.nextToken() != null) {
				throw new IllegalArgumentException("trailing content");
			}
			return this;
		}
		catch (JacksonException | IllegalArgumentException ex) {
			this.out.setLength(mark);
			this.depth = markDepth;
			this.afterName = markAfterName;
			this.empty = markEmpty;
			if (this.measured != null) {
				this.measured.subList(markMeasured, this.measured.size()).clear();
			}
			return content ? content(json) : value(json);
		}
	}

	int length() {
		return this.out.length();
	}

	int longestContent() {
		return this.longestContent;
	}

	boolean truncated() {
		return this.truncated;
	}

	/**
	 * The document. Nothing may be written after: the buffer is reused.
	 */
	@Override
	public String toString() {
		return this.out.toString();
	}

	/**
	 * Drop a document that is not used, so that its buffer is reused.
	 */
	void discard() {
		this.out.discard();
	}

	private void copy(JsonParser parser, JsonToken first, boolean content) {
		int level = 0;
		JsonToken token = first;
		do {
			switch (token) {
				case START_OBJECT -> {
					beginObject();
					level++;
				}
				case START_ARRAY -> {
					beginArray();
					level++;
				}
				case END_OBJECT -> {
					endObject();
					level--;
				}
				case END_ARRAY -> {
					endArray();
					level--;
				}
				case PROPERTY_NAME -> name(parser.currentName());
				case VALUE_STRING -> {
					if (content) {
						content(parser.getString());
					}
					else {
						value(parser.getString());
					}
				}
				case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
					beforeValue();
					this.out.append(parser.getString());
				}
				case VALUE_TRUE -> value(true);
				case VALUE_FALSE -> value(false);
				case VALUE_NULL -> nullValue();
				default -> throw new IllegalArgumentException("unexpected " + token);
			}
			if (level == 0) {
				return;
			}
			token = parser.nextToken();
		}
		while (token != null);
		throw new IllegalArgumentException("unterminated");
	}

	private void writeAny(@Nullable Object value, boolean content, int level) {
		if (value == null) {
			nullValue();
		}
		else if (value instanceof String string) {
			if (content) {
				content(string);
			}
			else {
				value(string);
			}
		}
		else if (value instanceof Boolean bool) {
			value(bool.booleanValue());
		}
		else if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
			value(((Number) value).longValue());
		}
		else if (value instanceof Double number) {
			value(number.doubleValue());
		}
		else if (value instanceof Float number) {
			beforeValue();
			this.out.append(Float.isFinite(number) ? number.toString() : "null");
		}
		else if (value instanceof Number number) {
			beforeValue();
			this.out.append(number);
		}
		else if (level >= MAX_VALUE_DEPTH) {
			value(String.valueOf(value));
		}
		else if (value instanceof Map<?, ?> map) {
			beginObject();
			for (Map.Entry<?, ?> entry : map.entrySet()) {
				name(String.valueOf(entry.getKey()));
				writeAny(entry.getValue(), content, level + 1);
			}
			endObject();
		}
		else if (value instanceof Iterable<?> iterable) {
			beginArray();
			for (Object element : iterable) {
				writeAny(element, content, level + 1);
			}
			endArray();
		}
		else if (value instanceof Object[] array) {
			beginArray();
			for (Object element : array) {
				writeAny(element, content, level + 1);
			}
			endArray();
		}
		else {
			String string = String.valueOf(value);
			if (content) {
				content(string);
			}
			else {
				value(string);
			}
		}
	}

	private void push() {
		if (this.depth == this.empty.length) {
			this.empty = Arrays.copyOf(this.empty, this.depth * 2);
		}
		this.empty[this.depth++] = true;
	}

	private void beforeValue() {
		if (this.afterName) {
			this.afterName = false;
			return;
		}
		if (this.depth > 0) {
			if (this.empty[this.depth - 1]) {
				this.empty[this.depth - 1] = false;
			}
			else {
				this.out.append(',');
			}
		}
	}

}
