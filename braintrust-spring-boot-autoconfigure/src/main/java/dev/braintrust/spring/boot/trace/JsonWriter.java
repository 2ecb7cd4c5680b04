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
 * A small streaming JSON writer into a {@code char[]}: the span attributes are short
 * documents written once, where a hand-written writer avoids the generator set-up and
 * lets the truncation rule ({@link BoundedJson}) measure its output. Strings are copied
 * in bulk ({@link String#getChars}) between the characters that need escaping, which
 * {@link JsonEscapes} finds eight at a time. Content strings are written through
 * {@link #content(String)}, which cuts them at {@code contentCap} characters and says so
 * in the string, so that the document stays valid JSON. The buffer of a document of up to
 * 8192 characters and the {@link JsonEscapes} are taken from small pools shared by all
 * threads and given back when the document is written, so that what is kept does not grow
 * with the number of threads (virtual threads included).
 */
final class JsonWriter {

	private static final JsonFactory jsonFactory = new JsonFactory();

	private static final int MAX_VALUE_DEPTH = 32;

	private static final char[] HEX = "0123456789abcdef".toCharArray();

	private final Out out;

	private final int contentCap;

	// The thread's, fetched for the first string long enough to be scanned word by word.
	private @Nullable JsonEscapes escapes;

	// Per nesting level: whether the container has no element yet.
	private boolean[] empty = new boolean[8];

	private int depth;

	private boolean afterName;

	private int longestContent;

	private boolean truncated;

	// Measuring mode (see measuring()): the content strings, not written.
	private @Nullable List<String> measured;

	JsonWriter(int initialCapacity, int contentCap) {
		this.out = new Out(initialCapacity);
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
		escaped(name, 0, name.length());
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
			escaped(value, 0, value.length());
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
			escaped(value, 0, length);
			return this;
		}
		int cut = BoundedJson.cutAt(value, this.contentCap);
		this.truncated = true;
		this.out.append('"');
		escapeRange(value, 0, cut);
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
		String document = this.out.toString();
		releaseEscapes();
		return document;
	}

	/**
	 * Drop a document that is not used, so that its buffer is reused.
	 */
	void discard() {
		this.out.discard();
		releaseEscapes();
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

	private void escaped(String value, int start, int end) {
		if (end - start < JsonEscapes.WORDWISE_FROM) {
			this.out.appendShort(value, start, end);
			return;
		}
		this.out.append('"');
		escapeRange(value, start, end);
		this.out.append('"');
	}

	private void releaseEscapes() {
		JsonEscapes escapes = this.escapes;
		if (escapes != null) {
			this.escapes = null;
			JsonEscapes.give(escapes);
		}
	}

	private JsonEscapes escapes() {
		JsonEscapes escapes = this.escapes;
		if (escapes == null) {
			escapes = JsonEscapes.take();
			this.escapes = escapes;
		}
		return escapes;
	}

	private void escapeRange(String value, int start, int end) {
		// Each character that needs escaping is found, the run before it copied in bulk,
		// then its escape written.
		Out out = this.out;
		out.ensure(end - start);
		int run = start;
		if (end - start < JsonEscapes.WORDWISE_FROM) {
			for (int i = start; i < end; i++) {
				char c = value.charAt(i);
				if (JsonEscapes.needsEscape(c)) {
					out.append(value, run, i);
					out.escape(c);
					run = i + 1;
				}
			}
		}
		else {
			JsonEscapes escapes = escapes();
			int[] positions = escapes.positions();
			int count;
			do {
				count = escapes.find(value, run, end);
				for (int k = 0; k < count; k++) {
					int at = positions[k];
					out.append(value, run, at);
					out.escape(value.charAt(at));
					run = at + 1;
				}
			}
			while (count == positions.length);
		}
		out.append(value, run, end);
	}

	/**
	 * The output buffer: a growable {@code char[]} with bulk appends (a
	 * {@link StringBuilder} copies a String range char by char on Java 17).
	 */
	private static final class Out {

		// Size of the pooled buffers: a 2 KB prompt's document reuses one instead of
		// allocating (and growing) its own.
		private static final int MAX_CACHED = 8192;

		private static final ScratchPool<char[]> pool = new ScratchPool<>(() -> new char[MAX_CACHED]);

		private static final char[] RELEASED = new char[0];

		private char[] chars;

		private int length;

		private @Nullable String result;

		Out(int capacity) {
			int size = Math.max(16, capacity);
			this.chars = (size <= MAX_CACHED) ? pool.take() : new char[size];
		}

		private void ensure(int extra) {
			if (this.chars == RELEASED) {
				throw new IllegalStateException("document already written");
			}
			int needed = this.length + extra;
			if (needed > this.chars.length) {
				this.chars = Arrays.copyOf(this.chars, Math.max(needed, this.chars.length * 2));
			}
		}

		Out append(char c) {
			ensure(1);
			this.chars[this.length++] = c;
			return this;
		}

		Out append(String value) {
			return append(value, 0, value.length());
		}

		Out append(String value, int start, int end) {
			int count = end - start;
			ensure(count);
			value.getChars(start, end, this.chars, this.length);
			this.length += count;
			return this;
		}

		// The escape of a character that JSON does not allow unescaped in a string.
		void escape(char c) {
			ensure(6);
			char[] chars = this.chars;
			int at = this.length;
			chars[at++] = '\\';
			switch (c) {
				case '"' -> chars[at++] = '"';
				case '\\' -> chars[at++] = '\\';
				case '\n' -> chars[at++] = 'n';
				case '\r' -> chars[at++] = 'r';
				case '\t' -> chars[at++] = 't';
				case '\b' -> chars[at++] = 'b';
				case '\f' -> chars[at++] = 'f';
				default -> {
					chars[at++] = 'u';
					chars[at++] = '0';
					chars[at++] = '0';
					chars[at++] = HEX[c >> 4];
					chars[at++] = HEX[c & 0xF];
				}
			}
			this.length = at;
		}

		// A short string (a name, a role, a model, a finish reason), quoted and escaped,
		// copied character by character: for a few characters, cheaper than a bulk copy
		// per run between escapes.
		void appendShort(String value, int start, int end) {
			// Room for every character as a six-character escape, and the quotes.
			ensure(6 * (end - start) + 2);
			char[] chars = this.chars;
			int at = this.length;
			chars[at++] = '"';
			for (int i = start; i < end; i++) {
				char c = value.charAt(i);
				if (JsonEscapes.needsEscape(c)) {
					this.length = at;
					escape(c);
					at = this.length;
				}
				else {
					chars[at++] = c;
				}
			}
			chars[at++] = '"';
			this.length = at;
		}

		Out append(long value) {
			return append(Long.toString(value));
		}

		Out append(boolean value) {
			return append(value ? "true" : "false");
		}

		Out append(Object value) {
			return append(String.valueOf(value));
		}

		int length() {
			return this.length;
		}

		void setLength(int length) {
			this.length = length;
		}

		void discard() {
			if (this.result == null && this.chars != RELEASED) {
				release();
			}
		}

		private void release() {
			if (this.chars.length == MAX_CACHED) {
				pool.give(this.chars);
			}
			this.chars = RELEASED;
		}

		// The document; the buffer goes back to the pool, so nothing may be written
		// after.
		@Override
		public String toString() {
			String result = this.result;
			if (result == null) {
				result = new String(this.chars, 0, this.length);
				this.result = result;
				release();
			}
			return result;
		}

	}

}
