package dev.braintrust.spring.boot.trace;

/**
 * Rewrites content before it is written to a span: declare one bean of this type to scrub
 * personal data or secrets. It sees every content string (message text and text parts,
 * tool call arguments, the input and output strings of non-chat operations) before it is
 * written to {@code braintrust.input_json}, {@code braintrust.output_json} or
 * {@code gen_ai.*.messages}, and before truncation; and the strings that go to
 * {@code braintrust.metadata} with content: the string values of the request parameters
 * (an OpenAI {@code user} or {@code metadata}, ...) and the tools' descriptions and
 * parameter schemas (a schema, a JSON document, is written as JSON if the redacted string
 * still parses). Not called when content capture is off: metadata then holds only
 * parameters that are not content. Called on the caller's thread: it must be thread-safe
 * and fast. Listeners see the original content.
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
