package dev.braintrust.spring.boot.trace;

/**
 * The bounds of the content the starter writes on a span.
 */
public final class ContentLimits {

	/**
	 * Default bound of each content attribute, in characters.
	 */
	public static final int DEFAULT_MAX_CONTENT_LENGTH = 64 * 1024;

	/**
	 * The lowest bound of a content attribute: below it no JSON document with a
	 * truncation marker fits.
	 */
	public static final int MIN_MAX_CONTENT_LENGTH = 16;

	private ContentLimits() {
	}

	/**
	 * Checks a bound of content attributes.
	 * @param maxContentLength the bound
	 * @return the bound
	 * @throws IllegalArgumentException if it is below {@link #MIN_MAX_CONTENT_LENGTH}
	 */
	public static int checkMaxContentLength(int maxContentLength) {
		if (maxContentLength < MIN_MAX_CONTENT_LENGTH) {
			throw new IllegalArgumentException(
					"maxContentLength must be at least " + MIN_MAX_CONTENT_LENGTH + ", was " + maxContentLength);
		}
		return maxContentLength;
	}

}
