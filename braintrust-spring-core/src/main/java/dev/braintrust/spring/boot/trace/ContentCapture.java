package dev.braintrust.spring.boot.trace;

/**
 * How a call's content is recorded: whether its prompts and completions are captured, and
 * the most characters a JSON attribute of its span may hold (the bound of the metadata,
 * which is written either way).
 *
 * @param captured whether content is captured
 * @param maxLength the bound of each JSON attribute, in characters
 */
public record ContentCapture(boolean captured, int maxLength) {

	/**
	 * The most characters of content the call may hold: 0 when content is not captured.
	 * @return the capacity
	 */
	public int capacity() {
		return this.captured ? this.maxLength : 0;
	}

}
