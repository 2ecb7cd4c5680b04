package dev.braintrust.spring.boot.trace;

import org.jspecify.annotations.Nullable;

/**
 * Maps a failure of a model call to the normalized {@code error.type} of DESIGN §6.
 * Declare beans of this type (integrations contribute their library's); they are asked in
 * {@link org.springframework.core.Ordered order} and the first non-null answer wins; when
 * none answers, a generic classifier looks at HTTP status codes and well-known JDK
 * exceptions on the exception and its causes, else uses the exception's class name.
 */
@FunctionalInterface
public interface ErrorClassifier {

	/** HTTP 429 or a provider's rate-limit error. */
	String RATE_LIMIT = "rate_limit";

	/** HTTP 401: missing or wrong credentials. */
	String AUTHENTICATION = "authentication";

	/** HTTP 403. */
	String PERMISSION_DENIED = "permission_denied";

	/** HTTP 404: unknown model or endpoint. */
	String NOT_FOUND = "not_found";

	/** Other HTTP 4xx. */
	String BAD_REQUEST = "bad_request";

	/** The prompt exceeds the model's context window. */
	String CONTEXT_LENGTH_EXCEEDED = "context_length_exceeded";

	/** The provider's content filter refused the request or the response. */
	String CONTENT_FILTER = "content_filter";

	/** A timeout (HTTP 408, socket, request or future timeout). */
	String TIMEOUT = "timeout";

	/** The connection could not be made or broke. */
	String CONNECTION = "connection";

	/** HTTP 5xx (including Anthropic's 529 "overloaded"). */
	String SERVER_ERROR = "server_error";

	/** The call was cancelled or its thread interrupted. */
	String CANCELLED = "cancelled";

	/**
	 * Classify a failure.
	 * @param error the failure as the caller sees it
	 * @return the error type, or null to let the next classifier decide
	 */
	@Nullable String classify(Throwable error);

	/**
	 * The error type of a failed HTTP response, for a library whose exception gives the
	 * status in a form the generic classifier cannot read (only its message, say): the
	 * generic classifier's mapping of a status.
	 * @param status the HTTP status
	 * @param error the failure, whose message tells a 400's kind (context length, content
	 * filter)
	 * @return the error type
	 */
	static String ofHttpStatus(int status, Throwable error) {
		return GenericErrorClassifier.fromStatus(status, error);
	}

}
