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
 * An instance is used by one thread at a time: taken from a small pool shared by all
 * threads ({@link #take()}) and given back when done ({@link #give}); the positions of a
 * {@link #find} are read before the next one, which nothing in between calls.
 */
final class JsonEscapes {

	/**
	 * Below this length a string is tested character by character.
	 */
	static final int WORDWISE_FROM = 24;

	private static final int CHUNK = 4096;

	private static final int POSITIONS = 128;

	private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

	private static final long ONES = 0x0101010101010101L;

	private static final long SPACES = 0x2020202020202020L;

	private static final long QUOTES = 0x2222222222222222L;

	private static final long BACKSLASHES = 0x5C5C5C5C5C5C5C5CL;

	private static final long HIGH_BITS = 0x8080808080808080L;

	private static final ScratchPool<JsonEscapes> pool = new ScratchPool<>(JsonEscapes::new);

	// CHUNK bytes and one word more, so that the last word of a chunk is read whole (the
	// bytes after the chunk are masked off; borrows go from low bytes to high ones, so
	// they change nothing before).
	private final byte[] chunk = new byte[CHUNK + 8];

	private final int[] positions = new int[POSITIONS];

	/**
	 * An instance for the caller alone, until it gives it back.
	 * @return the instance
	 */
	static JsonEscapes take() {
		return pool.take();
	}

	/**
	 * Give an instance back to the pool.
	 * @param escapes an instance the caller no longer uses
	 */
	static void give(JsonEscapes escapes) {
		pool.give(escapes);
	}

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
	 * Find the next characters that need escaping in {@code [from, end)} of
	 * {@code value}, in order: their indexes are in {@link #positions()}, up to the
	 * returned count. When the count is the length of that array, there may be more after
	 * the last one.
	 * @param value the string
	 * @param from the first index to look at
	 * @param end the index after the last one
	 * @return the number of positions found
	 */
	@SuppressWarnings("deprecation") // The low bytes are what is wanted, see the class.
	int find(String value, int from, int end) {
		byte[] chunk = this.chunk;
		int[] positions = this.positions;
		int count = 0;
		for (int chunkStart = from; chunkStart < end; chunkStart += CHUNK) {
			int length = Math.min(CHUNK, end - chunkStart);
			value.getBytes(chunkStart, chunkStart + length, chunk, 0);
			for (int word = 0; word < length; word += 8) {
				long x = (long) LONGS.get(chunk, word);
				long quotes = x ^ QUOTES;
				long backslashes = x ^ BACKSLASHES;
				// A byte below 0x20, or a zero byte of either XOR: the classic "has less"
				// and "has zero" tests, sharing their "& ~byte" (the XORs leave the high
				// bit alone, so ~quotes and ~backslashes have the high bits of ~x). A
				// borrow may flag a byte above a flagged one too: that one is a candidate
				// checked like any other.
				long candidates = ((x - SPACES) | (quotes - ONES) | (backslashes - ONES)) & ~x & HIGH_BITS;
				if (candidates == 0) {
					continue;
				}
				int valid = length - word;
				if (valid < 8) {
					// The bytes after the chunk (borrows go from low bytes to high ones,
					// so they change nothing before).
					candidates &= (1L << (valid * 8)) - 1;
				}
				while (candidates != 0) {
					int at = chunkStart + word + (Long.numberOfTrailingZeros(candidates) >>> 3);
					candidates &= candidates - 1;
					if (needsEscape(value.charAt(at))) {
						positions[count++] = at;
						if (count == positions.length) {
							return count;
						}
					}
				}
			}
		}
		return count;
	}

	/**
	 * The positions found by the last {@link #find}.
	 * @return the positions, valid up to the count it returned
	 */
	int[] positions() {
		return this.positions;
	}

}
