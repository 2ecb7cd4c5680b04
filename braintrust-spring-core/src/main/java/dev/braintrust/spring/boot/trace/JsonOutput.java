package dev.braintrust.spring.boot.trace;

import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * The output of a {@link JsonWriter}: a growable {@code char[]} with bulk appends (a
 * {@link StringBuilder} copies a String range char by char on Java 17), and the escaping
 * of strings into it. Strings are copied in bulk ({@link String#getChars}) between the
 * characters that need escaping, which {@link JsonEscapes} finds eight at a time. The
 * buffer of a document of up to 8192 characters and the {@link JsonEscapes} are taken
 * from small pools shared by all threads and given back when the document is written. The
 * buffer of a longer document, up to 65536 characters (the default
 * {@code max-content-length}, a prompt cut to it), is taken from a pool of two buffers at
 * most (256 KB, whatever the number of threads and processors), or allocated when that
 * pool has none at hand.
 */
final class JsonOutput {

	// Size of the pooled buffers: a 2 KB prompt's document reuses one instead of
	// allocating (and growing) its own.
	private static final int MAX_CACHED = 8192;

	private static final ScratchPool<char[]> pool = new ScratchPool<>(() -> new char[MAX_CACHED]);

	private static final int MAX_LARGE_CACHED = 65536;

	// Two slots whatever the processors: 256 KB held at most.
	private static final ScratchPool<char[]> largePool = new ScratchPool<>(2, () -> new char[MAX_LARGE_CACHED]);

	private static final char[] RELEASED = new char[0];

	private static final char[] HEX = "0123456789abcdef".toCharArray();

	private char[] chars;

	// Taken for the first string long enough to be scanned word by word.
	private @Nullable JsonEscapes escapes;

	private int length;

	private @Nullable String result;

	JsonOutput(int capacity) {
		int size = Math.max(16, capacity);
		this.chars = (size <= MAX_CACHED) ? pool.take() : large(size);
	}

	private static char[] large(int size) {
		char[] chars = (size <= MAX_LARGE_CACHED) ? largePool.poll() : null;
		// A pooled buffer too small for this document is dropped; this one is given
		// back instead.
		return (chars != null && chars.length >= size) ? chars : new char[size];
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

	JsonOutput append(char c) {
		ensure(1);
		this.chars[this.length++] = c;
		return this;
	}

	JsonOutput append(String value) {
		return append(value, 0, value.length());
	}

	JsonOutput append(String value, int start, int end) {
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

	JsonOutput append(long value) {
		return append(Long.toString(value));
	}

	JsonOutput append(boolean value) {
		return append(value ? "true" : "false");
	}

	JsonOutput append(Object value) {
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
		int size = this.chars.length;
		if (size == MAX_CACHED) {
			pool.give(this.chars);
		}
		else if (size > MAX_CACHED && size <= MAX_LARGE_CACHED) {
			largePool.give(this.chars);
		}
		this.chars = RELEASED;
		releaseEscapes();
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

	// A string, quoted and escaped.
	void appendQuoted(String value, int start, int end) {
		if (end - start < JsonEscapes.WORDWISE_FROM) {
			appendShort(value, start, end);
			return;
		}
		append('"');
		appendEscaped(value, start, end);
		append('"');
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

	// A range of a string, escaped, without quotes.
	void appendEscaped(String value, int start, int end) {
		// Each character that needs escaping is found, the run before it copied in bulk,
		// then its escape written.
		ensure(end - start);
		int run = start;
		if (end - start < JsonEscapes.WORDWISE_FROM) {
			for (int i = start; i < end; i++) {
				char c = value.charAt(i);
				if (JsonEscapes.needsEscape(c)) {
					append(value, run, i);
					escape(c);
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
					append(value, run, at);
					escape(value.charAt(at));
					run = at + 1;
				}
			}
			while (count == positions.length);
		}
		append(value, run, end);
	}

}
