package dev.braintrust.spring.boot.trace;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Finds, from left to right, the characters of a string that JSON does not allow
 * unescaped in a string: {@code "}, {@code \} and the control characters below U+0020.
 * <p>
 * Eight characters are tested at a time: the low bytes of the string's characters are
 * copied to a per-thread array ({@link String#getBytes(int, int, byte[], int)}, a plain
 * copy for a Latin-1 string) and read as {@code long} words, and a word is looked at
 * character by character only where one of its bytes may be a quote, a backslash or a
 * control character. A character above U+00FF whose low byte is one of those is a
 * candidate too; every candidate is checked on the string itself, so such characters are
 * skipped, and none that needs escaping is missed, since all of them are below U+0080.
 * Measured on a 2 KB prompt of prose: about twice as fast as testing every character.
 * <p>
 * Not thread-safe: one instance per writer, reused string after string.
 */
final class JsonEscapes {

	/**
	 * Below this length a string is tested character by character.
	 */
	static final int WORDWISE_FROM = 24;

	private static final int CHUNK = 4096;

	private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

	private static final long ONES = 0x0101010101010101L;

	private static final long SPACES = 0x2020202020202020L;

	private static final long QUOTES = 0x2222222222222222L;

	private static final long BACKSLASHES = 0x5C5C5C5C5C5C5C5CL;

	private static final long HIGH_BITS = 0x8080808080808080L;

	// Per thread, since a chunk is used only within one scan: CHUNK bytes and one word
	// more, so that the last word of a chunk is read whole (the bytes after the chunk are
	// masked off; borrows go from low bytes to high ones, so they change nothing before).
	private static final ThreadLocal<byte[]> chunks = ThreadLocal.withInitial(() -> new byte[CHUNK + 8]);

	private byte[] bytes = new byte[0];

	private String value = "";

	private int end;

	// Index in the string of bytes[0], and the number of bytes of the chunk.
	private int chunkStart;

	private int chunkLength;

	// Index in the chunk of the next word to test.
	private int word;

	// Candidate bytes of the last word tested (their high bit set), and the index in the
	// string of its first byte.
	private long candidates;

	private int candidatesBase;

	static boolean needsEscape(char c) {
		return c < 0x20 || c == '"' || c == '\\';
	}

	/**
	 * The number of characters the escape of {@code c} adds to it.
	 * @param c a character that {@link #needsEscape needs escaping}
	 * @return 1 for a two-character escape, 5 for {@code \}{@code u00XX}
	 */
	static int extraLength(char c) {
		return switch (c) {
			case '"', '\\', '\n', '\r', '\t', '\b', '\f' -> 1;
			default -> 5;
		};
	}

	/**
	 * Start scanning {@code value} in {@code [start, end)}.
	 * @param value the string
	 * @param start the first index
	 * @param end the index after the last one
	 */
	void scan(String value, int start, int end) {
		if (this.bytes.length == 0) {
			this.bytes = chunks.get();
		}
		this.value = value;
		this.end = end;
		this.chunkStart = start;
		this.chunkLength = 0;
		this.word = 0;
		this.candidates = 0;
	}

	/**
	 * The index of the next character that needs escaping.
	 * @return the index, or -1 when there is none before the end
	 */
	int next() {
		for (;;) {
			while (this.candidates != 0) {
				int at = this.candidatesBase + (Long.numberOfTrailingZeros(this.candidates) >>> 3);
				this.candidates &= this.candidates - 1;
				if (needsEscape(this.value.charAt(at))) {
					return at;
				}
			}
			if (this.word >= this.chunkLength && !nextChunk()) {
				return -1;
			}
			long x = (long) LONGS.get(this.bytes, this.word);
			long quotes = x ^ QUOTES;
			long backslashes = x ^ BACKSLASHES;
			// A byte below 0x20, or a zero byte of either XOR: the classic "has less" and
			// "has zero" tests. A borrow may flag a byte above a flagged one too: that
			// one
			// is a candidate checked like any other.
			long candidates = ((x - SPACES) & ~x | (quotes - ONES) & ~quotes | (backslashes - ONES) & ~backslashes)
					& HIGH_BITS;
			int valid = this.chunkLength - this.word;
			if (valid < 8) {
				// The padding after the chunk's last byte.
				candidates &= (1L << (valid * 8)) - 1;
			}
			this.candidates = candidates;
			this.candidatesBase = this.chunkStart + this.word;
			this.word += 8;
		}
	}

	@SuppressWarnings("deprecation") // The low bytes are what is wanted, see the class.
	private boolean nextChunk() {
		int start = this.chunkStart + this.chunkLength;
		if (start >= this.end) {
			return false;
		}
		int length = Math.min(CHUNK, this.end - start);
		this.value.getBytes(start, start + length, this.bytes, 0);
		this.chunkStart = start;
		this.chunkLength = length;
		this.word = 0;
		return true;
	}

}
