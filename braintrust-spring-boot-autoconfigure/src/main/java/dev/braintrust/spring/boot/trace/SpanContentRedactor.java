package dev.braintrust.spring.boot.trace;

/**
 * Rewrites content before it is written to a span: declare one bean of this type to scrub
 * personal data or secrets. It sees every content string (message text and text parts,
 * tool call arguments, the input and output strings of non-chat operations) before it is
 * written to {@code braintrust.input_json}, {@code braintrust.output_json} or
 * {@code gen_ai.*.messages}, and before truncation. Not called when content capture is
 * off. Called on the caller's thread: it must be thread-safe and fast. Listeners see the
 * original content.
 */
@FunctionalInterface
public interface SpanContentRedactor {

	/**
	 * Redact one content string.
	 * @param content the content
	 * @return the content to write (the same instance when unchanged)
	 */
	String redact(String content);

}
