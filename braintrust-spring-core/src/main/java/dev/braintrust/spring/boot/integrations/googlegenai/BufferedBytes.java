package dev.braintrust.spring.boot.integrations.googlegenai;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import okio.Buffer;
import org.jspecify.annotations.Nullable;

/**
 * The bytes of a buffer, read from its start and left in it. They are copied out of its
 * segments, never shared: a segment that a peek shares is not given back to okio's
 * segment pool once the SDK has read it, so that every call would allocate a new one.
 * Close it before the buffer is read or written again.
 * <p>
 * A long JSON string of the bytes can also be decoded straight from them
 * ({@link #jsonString}): Jackson's parser holds a string longer than its buffer in
 * segments that it then copies twice, four times the string's size; this copies it once.
 */
final class BufferedBytes extends InputStream {

	private final Buffer.UnsafeCursor cursor;

	private final long size;

	private long position;

	// Where jsonString reads: the cursor's segment and the next byte in it.
	private byte @Nullable [] data;

	private int next;

	private int end;

	BufferedBytes(Buffer buffer) {
		this.cursor = buffer.readUnsafe();
		this.size = buffer.size();
	}

	@Override
	public int read() {
		if (this.position >= this.size) {
			return -1;
		}
		this.cursor.seek(this.position++);
		return this.cursor.data[this.cursor.start] & 0xff;
	}

	@Override
	public int read(byte[] bytes, int offset, int length) {
		if (length == 0) {
			return 0;
		}
		if (this.position >= this.size) {
			return -1;
		}
		this.cursor.seek(this.position);
		int count = Math.min(length, this.cursor.end - this.cursor.start);
		System.arraycopy(this.cursor.data, this.cursor.start, bytes, offset, count);
		this.position += count;
		return count;
	}

	@Override
	public void close() {
		if (this.cursor.buffer != null) {
			this.cursor.close();
		}
	}

	/**
	 * The JSON string whose opening quote is at an offset of the bytes, decoded, when it
	 * has at least {@code minLength} characters.
	 * @param offset where the string starts
	 * @param minLength the length under which the string is not decoded here
	 * @return the string, or {@code null} when it is shorter, or there is no well-formed
	 * string there (the parser then reads it, or fails on it, itself)
	 */
	@Nullable String jsonString(long offset, int minLength) {
		if (offset < 0 || offset >= this.size) {
			return null;
		}
		// 1. Its length, and whether it is Latin-1 (a String's compact form).
		seek(offset);
		if (nextByte() != '"') {
			return null;
		}
		int length = 0;
		boolean latin1 = true;
		while (true) {
			length += plainRun();
			int b = nextByte();
			if (b == '"') {
				break;
			}
			int c = character(b);
			if (c < 0) {
				return null;
			}
			length += (c > 0xffff) ? 2 : 1;
			latin1 &= c <= 0xff;
		}
		if (length < minLength) {
			return null;
		}
		// 2. Its characters: runs of plain ASCII copied as they are.
		seek(offset + 1);
		if (latin1) {
			byte[] chars = new byte[length];
			for (int i = 0; i < length;) {
				int run = plainRun();
				System.arraycopy(this.data, this.next - run, chars, i, run);
				i += run;
				if (i < length) {
					chars[i++] = (byte) character(nextByte());
				}
			}
			return new String(chars, StandardCharsets.ISO_8859_1);
		}
		char[] chars = new char[length];
		for (int i = 0; i < length;) {
			int run = plainRun();
			byte[] data = this.data;
			for (int k = this.next - run; k < this.next; k++) {
				chars[i++] = (char) data[k];
			}
			if (i < length) {
				int c = character(nextByte());
				if (c > 0xffff) {
					chars[i++] = Character.highSurrogate(c);
					chars[i++] = Character.lowSurrogate(c);
				}
				else {
					chars[i++] = (char) c;
				}
			}
		}
		return new String(chars);
	}

	// Skips the bytes of the current segment that stand for themselves in a string
	// (printable ASCII but the quote and the backslash), up to the first other one.
	private int plainRun() {
		byte[] data = this.data;
		int start = this.next;
		int end = this.end;
		int i = start;
		while (i < end) {
			byte b = data[i];
			if (b < 0x20 || b == '"' || b == '\\') {
				break;
			}
			i++;
		}
		this.next = i;
		return i - start;
	}

	// The character (a code point) of a string that starts with this byte, reading the
	// rest of it; -1 at the end of the bytes or where they are not well-formed.
	private int character(int b) {
		if (b < 0) {
			return -1;
		}
		if (b == '\\') {
			return escaped(nextByte());
		}
		if (b < 0x80) {
			return b;
		}
		if (b >= 0xf8 || b < 0xc0) {
			return -1;
		}
		int count = (b >= 0xf0) ? 3 : (b >= 0xe0) ? 2 : 1;
		int c = b & (0x3f >> count);
		for (int i = 0; i < count; i++) {
			int continuation = nextByte();
			if ((continuation & 0xc0) != 0x80) {
				return -1;
			}
			c = (c << 6) | (continuation & 0x3f);
		}
		return c;
	}

	private int escaped(int b) {
		return switch (b) {
			case 'b' -> '\b';
			case 'f' -> '\f';
			case 'n' -> '\n';
			case 'r' -> '\r';
			case 't' -> '\t';
			case 'u' -> unicodeEscape();
			case '"', '\\', '/' -> b;
			default -> -1;
		};
	}

	// A \\u escape's four hex digits: one UTF-16 unit (a surrogate stays as it is).
	private int unicodeEscape() {
		int c = 0;
		for (int i = 0; i < 4; i++) {
			int digit = Character.digit(nextByte(), 16);
			if (digit < 0) {
				return -1;
			}
			c = (c << 4) | digit;
		}
		return c;
	}

	private void seek(long offset) {
		this.cursor.seek(offset);
		this.data = this.cursor.data;
		this.next = this.cursor.start;
		this.end = this.cursor.end;
	}

	private int nextByte() {
		if (this.next >= this.end) {
			if (this.cursor.next() < 0) {
				return -1;
			}
			this.data = this.cursor.data;
			this.next = this.cursor.start;
			this.end = this.cursor.end;
		}
		return this.data[this.next++] & 0xff;
	}

}
