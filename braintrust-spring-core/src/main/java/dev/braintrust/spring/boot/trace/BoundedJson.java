package dev.braintrust.spring.boot.trace;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * How a content document is bounded by {@code maxLength} characters (the unit of
 * OpenTelemetry's attribute length limit) while staying valid JSON:
 * <ol>
 * <li>the document is written in full; if it fits, that is the result (the usual case;
 * skipped when its content strings alone are longer than the bound);</li>
 * <li>otherwise every content string is cut at the same length, the largest at which the
 * document fits, each cut string ending with {@code ...[truncated N chars]}: all messages
 * stay, long ones lose their end. The length is found by bisection over the document's
 * length at each cut, computed from one measuring pass, then the document is written
 * once;</li>
 * <li>if even short strings do not fit (a very long conversation), content strings are
 * cut at 256 characters and the fewest earliest elements that make the document fit are
 * left out, replaced by one marker element saying how many (the latest messages are the
 * ones a reader looks for);</li>
 * <li>if nothing fits (a bound of a few characters), the document is the JSON string
 * {@code "...[truncated]"}, or {@code null}.</li>
 * </ol>
 * A cut string never ends between the two halves of a surrogate pair.
 */
final class BoundedJson {

	static final String TRUNCATION_MARKER = "...[truncated ";

	static final String TRUNCATION_MARKER_END = " chars]";

	private static final String TRUNCATED = "\"...[truncated]\"";

	private static final int DROP_PHASE_CONTENT_CAP = 256;

	/**
	 * How often, in characters, a measured content string keeps the extra length of its
	 * escapes so far.
	 */
	static final int CHECKPOINT_EVERY = 256;

	private BoundedJson() {
	}

	/**
	 * Write a content document within {@code maxLength} characters (see the class
	 * description).
	 * @param maxLength the bound
	 * @param elements the number of top-level elements that may be left out
	 * @param estimate the expected length, to size the buffer once
	 * @param atLeast a length the document has at least: above {@code maxLength}, the
	 * document is not written in full first
	 * @param body writes the document, leaving out the given number of leading elements
	 * @return the document
	 */
	static String write(int maxLength, int elements, int estimate, long atLeast, Body body) {
		// 1. In full.
		if (atLeast <= maxLength) {
			String full = writeWithin(maxLength, Math.min(maxLength, estimate), Integer.MAX_VALUE, 0, body);
			if (full != null) {
				return full;
			}
		}
		// 2. Every content string cut at the largest length at which the document fits.
		Measure measure = measure(body);
		int best = -1;
		int low = 0;
		int high = measure.longestContent() - 1;
		while (low <= high) {
			int cap = (low + high) >>> 1;
			if (measure.lengthAt(cap) <= maxLength) {
				best = cap;
				low = cap + 1;
			}
			else {
				high = cap - 1;
			}
		}
		if (best >= 0) {
			// The measured length is exact (the buffer's size); the written one is
			// checked
			// all the same.
			String cut = writeWithin(maxLength, (int) measure.lengthAt(best), best, 0, body);
			if (cut != null) {
				return cut;
			}
		}
		// 3. The fewest earliest elements left out, content strings cut short.
		String fewest = null;
		low = 1;
		high = elements;
		while (low <= high) {
			int omit = (low + high) >>> 1;
			String document = writeWithin(maxLength, maxLength, DROP_PHASE_CONTENT_CAP, omit, body);
			if (document != null) {
				fewest = document;
				high = omit - 1;
			}
			else {
				low = omit + 1;
			}
		}
		if (fewest != null) {
			return fewest;
		}
		// 4. Nothing fits.
		return (TRUNCATED.length() <= maxLength) ? TRUNCATED : "null";
	}

	private static @Nullable String writeWithin(int maxLength, int capacity, int contentCap, int omit, Body body) {
		JsonWriter json = new JsonWriter(capacity, contentCap);
		body.write(json, omit);
		if (json.length() <= maxLength) {
			return json.toString();
		}
		json.discard();
		return null;
	}

	/**
	 * Where a content string longer than the cap is cut: at the cap, or one character
	 * before it so as not to split a surrogate pair.
	 * @param value the string
	 * @param cap the content cap
	 * @return the number of characters kept
	 */
	static int cutAt(String value, int cap) {
		return (cap > 0 && Character.isHighSurrogate(value.charAt(cap - 1))) ? cap - 1 : cap;
	}

	/**
	 * The lengths of the document a body writes, at every content cap, from one pass that
	 * writes everything but the content strings.
	 * @param body the body, written in full
	 * @return the measure
	 */
	static Measure measure(Body body) {
		// Only the structure is written: the pooled buffer is large enough.
		JsonWriter writer = JsonWriter.measuring(256);
		body.write(writer, 0);
		List<String> contents = writer.measured();
		long structure = writer.length();
		writer.discard();
		MeasuredString[] measured = new MeasuredString[contents.size()];
		JsonEscapes escapes = JsonEscapes.take();
		for (int i = 0; i < measured.length; i++) {
			measured[i] = new MeasuredString(contents.get(i), escapes);
		}
		JsonEscapes.give(escapes);
		return new Measure(structure, measured, writer.longestContent());
	}

	/**
	 * Writes one document.
	 */
	@FunctionalInterface
	interface Body {

		void write(JsonWriter json, int omitLeading);

	}

	/**
	 * The length of a document at any content cap.
	 */
	static final class Measure {

		private final long structure;

		private final MeasuredString[] contents;

		private final int longestContent;

		private Measure(long structure, MeasuredString[] contents, int longestContent) {
			this.structure = structure;
			this.contents = contents;
			this.longestContent = longestContent;
		}

		/**
		 * The length of the document written with the given content cap.
		 * @param cap the content cap
		 * @return the length in characters
		 */
		long lengthAt(int cap) {
			long length = this.structure;
			for (MeasuredString content : this.contents) {
				length += content.lengthAt(cap);
			}
			return length;
		}

		int longestContent() {
			return this.longestContent;
		}

	}

	/**
	 * A content string's written length at any cap, from the extra length of its escapes
	 * before every {@link #CHECKPOINT_EVERY}th character: the extra length of a prefix is
	 * the one at the checkpoint before its end and that of the few characters after it,
	 * counted again. A string of {@code n} characters keeps {@code n / 64} bytes at most,
	 * however many characters it escapes, and nothing when it escapes none.
	 */
	private static final class MeasuredString {

		private static final int[] NONE = new int[0];

		private final String value;

		// Index k: the extra length of the escapes before character (k + 1) *
		// CHECKPOINT_EVERY; only where a cut may fall, before the last character.
		private final int[] extraBefore;

		private final int extra;

		MeasuredString(String value, JsonEscapes escapes) {
			this.value = value;
			int checkpoints = (value.length() > 0) ? (value.length() - 1) / CHECKPOINT_EVERY : 0;
			int[] extraBefore = NONE;
			int next = 0;
			int extra = 0;
			int[] batch = escapes.positions();
			int batchSize;
			int from = 0;
			do {
				batchSize = escapes.find(value, from, value.length());
				for (int k = 0; k < batchSize; k++) {
					int at = batch[k];
					if (extraBefore == NONE && checkpoints > 0) {
						// Nothing before the first escape: the checkpoints before it are
						// 0.
						extraBefore = new int[checkpoints];
					}
					while (next < checkpoints && (next + 1) * CHECKPOINT_EVERY <= at) {
						extraBefore[next++] = extra;
					}
					extra += JsonEscapes.extraLength(value.charAt(at));
					from = at + 1;
				}
			}
			while (batchSize == batch.length);
			while (next < extraBefore.length) {
				extraBefore[next++] = extra;
			}
			this.extraBefore = extraBefore;
			this.extra = extra;
		}

		// What content(value) writes at this cap, quotes included.
		long lengthAt(int cap) {
			int length = this.value.length();
			if (length <= cap) {
				return 2L + length + this.extra;
			}
			int cut = cutAt(this.value, cap);
			return 2L + escapedLength(cut) + TRUNCATION_MARKER.length() + digits(length - cut)
					+ TRUNCATION_MARKER_END.length();
		}

		// The escaped length of the first end characters, end below the length.
		private long escapedLength(int end) {
			if (this.extra == 0) {
				return end;
			}
			int checkpoint = end / CHECKPOINT_EVERY;
			int extra = (checkpoint > 0) ? this.extraBefore[checkpoint - 1] : 0;
			String value = this.value;
			for (int i = checkpoint * CHECKPOINT_EVERY; i < end; i++) {
				char c = value.charAt(i);
				if (JsonEscapes.needsEscape(c)) {
					extra += JsonEscapes.extraLength(c);
				}
			}
			return (long) end + extra;
		}

		private static int digits(int value) {
			int digits = 1;
			for (int rest = value; rest >= 10; rest /= 10) {
				digits++;
			}
			return digits;
		}

	}

}
