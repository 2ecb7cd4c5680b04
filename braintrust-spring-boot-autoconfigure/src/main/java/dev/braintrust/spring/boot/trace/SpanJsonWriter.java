package dev.braintrust.spring.boot.trace;

import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.StreamWriteConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.json.JsonWriteFeature;

/**
 * One JSON document of a span attribute, written through Jackson's streaming
 * {@link JsonGenerator}. Content strings ({@link #content(String)}) are cut at
 * {@code contentCap} characters as {@link BoundedJson} says; a measuring writer
 * ({@link BoundedJson#measure}) records them instead of writing them.
 */
final class SpanJsonWriter {

	// Control characters are escaped with lower-case hex digits, as JSON.stringify does;
	// an embedded document may be as deep as the parser allows, inside the span's own
	// few levels.
	private static final JsonFactory jsonFactory = JsonFactory.builder()
		.disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE)
		.streamWriteConstraints(StreamWriteConstraints.builder().maxNestingDepth(1000).build())
		.build();

	private static final int MAX_VALUE_DEPTH = 32;

	private final Output out;

	private final JsonGenerator generator;

	private final int contentCap;

	private int longestContent;

	// Measuring mode: the content strings, not written.
	private final @Nullable List<String> measured;

	private @Nullable String document;

	SpanJsonWriter(int initialCapacity, int contentCap) {
		this(new Output(Math.max(16, initialCapacity)), contentCap, null);
	}

	private SpanJsonWriter(Output out, int contentCap, @Nullable List<String> measured) {
		this.out = out;
		this.generator = jsonFactory.createGenerator(ObjectWriteContext.empty(), out);
		this.contentCap = contentCap;
		this.measured = measured;
	}

	/**
	 * A writer that writes an empty string in place of each content string and records
	 * the string (see {@link BoundedJson#measure}).
	 */
	static SpanJsonWriter measuring() {
		return new SpanJsonWriter(new Output(-1), Integer.MAX_VALUE, new ArrayList<>());
	}

	SpanJsonWriter beginObject() {
		this.generator.writeStartObject();
		return this;
	}

	SpanJsonWriter endObject() {
		this.generator.writeEndObject();
		return this;
	}

	SpanJsonWriter beginArray() {
		this.generator.writeStartArray();
		return this;
	}

	SpanJsonWriter endArray() {
		this.generator.writeEndArray();
		return this;
	}

	SpanJsonWriter name(String name) {
		this.generator.writeName(name);
		return this;
	}

	SpanJsonWriter value(@Nullable String value) {
		this.generator.writeString(value);
		return this;
	}

	SpanJsonWriter value(long value) {
		this.generator.writeNumber(value);
		return this;
	}

	SpanJsonWriter value(boolean value) {
		this.generator.writeBoolean(value);
		return this;
	}

	SpanJsonWriter value(double value) {
		if (Double.isFinite(value)) {
			this.generator.writeNumber(value);
		}
		else {
			this.generator.writeNull();
		}
		return this;
	}

	SpanJsonWriter nullValue() {
		this.generator.writeNull();
		return this;
	}

	/**
	 * Write a content string, cut at the content cap.
	 * @param value the content
	 * @return this writer
	 */
	SpanJsonWriter content(@Nullable String value) {
		if (value == null) {
			return nullValue();
		}
		this.longestContent = Math.max(this.longestContent, value.length());
		if (this.measured != null) {
			this.measured.add(value);
			this.generator.writeString("");
		}
		else if (value.length() <= this.contentCap) {
			this.generator.writeString(value);
		}
		else {
			BoundedJson.writeCut(this.generator, value, this.contentCap);
		}
		return this;
	}

	/**
	 * Write a JSON-like value: strings (as content when {@code content}), numbers,
	 * booleans, maps, iterables and arrays of those; anything else as its string form.
	 * @param value the value
	 * @param content whether strings are content
	 * @return this writer
	 */
	SpanJsonWriter anyValue(@Nullable Object value, boolean content) {
		writeAny(value, content, 0);
		return this;
	}

	/**
	 * Embed a JSON document (a tool schema, tool arguments), copying it token by token
	 * once it is known to parse; strings inside it are content when {@code content}. A
	 * string that is not JSON is written as a string.
	 * @param json the JSON text
	 * @param content whether strings are content
	 * @return this writer
	 */
	SpanJsonWriter json(String json, boolean content) {
		if (!isJson(json)) {
			return content ? content(json) : value(json);
		}
		try (JsonParser parser = jsonFactory.createParser(ObjectReadContext.empty(), json)) {
			for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
				copy(parser, token, content);
			}
		}
		return this;
	}

	int length() {
		this.generator.flush();
		return this.out.length;
	}

	int longestContent() {
		return this.longestContent;
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

	/**
	 * The document; nothing may be written after.
	 */
	@Override
	public String toString() {
		String document = this.document;
		if (document == null) {
			this.generator.close();
			document = this.out.toString();
			this.document = document;
		}
		return document;
	}

	/**
	 * Drop a document that is not used, giving Jackson's buffers back.
	 */
	void discard() {
		this.generator.close();
	}

	private static boolean isJson(String json) {
		try (JsonParser parser = jsonFactory.createParser(ObjectReadContext.empty(), json)) {
			if (parser.nextToken() == null) {
				return false;
			}
			parser.skipChildren();
			return parser.nextToken() == null;
		}
		catch (JacksonException ex) {
			return false;
		}
	}

	private void copy(JsonParser parser, JsonToken token, boolean content) {
		switch (token) {
			case START_OBJECT -> beginObject();
			case START_ARRAY -> beginArray();
			case END_OBJECT -> endObject();
			case END_ARRAY -> endArray();
			case PROPERTY_NAME -> name(parser.currentName());
			case VALUE_STRING -> {
				if (content) {
					content(parser.getString());
				}
				else {
					value(parser.getString());
				}
			}
			case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> this.generator.writeNumber(parser.getString());
			case VALUE_TRUE -> value(true);
			case VALUE_FALSE -> value(false);
			case VALUE_NULL -> nullValue();
			default -> throw new IllegalStateException("unexpected " + token);
		}
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
			if (Float.isFinite(number)) {
				this.generator.writeNumber(number.floatValue());
			}
			else {
				nullValue();
			}
		}
		else if (value instanceof Number number) {
			this.generator.writeNumber(number.toString());
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
		else if (content) {
			content(String.valueOf(value));
		}
		else {
			value(String.valueOf(value));
		}
	}

	/**
	 * Where the generator's characters go, or only their count for a measuring writer. A
	 * {@link StringBuilder} keeps Latin-1 text in one byte per character; not
	 * synchronized, unlike {@link java.io.StringWriter}.
	 */
	private static final class Output extends Writer {

		private final @Nullable StringBuilder text;

		private int length;

		// A negative capacity: count only.
		Output(int capacity) {
			this.text = (capacity < 0) ? null : new StringBuilder(capacity);
		}

		@Override
		public void write(char[] source, int offset, int count) {
			if (this.text != null) {
				this.text.append(source, offset, count);
			}
			this.length += count;
		}

		@Override
		public void write(String source, int offset, int count) {
			if (this.text != null) {
				this.text.append(source, offset, offset + count);
			}
			this.length += count;
		}

		@Override
		public void write(int c) {
			if (this.text != null) {
				this.text.append((char) c);
			}
			this.length++;
		}

		@Override
		public void flush() {
		}

		@Override
		public void close() {
		}

		@Override
		public String toString() {
			return (this.text != null) ? this.text.toString() : "";
		}

	}

}
