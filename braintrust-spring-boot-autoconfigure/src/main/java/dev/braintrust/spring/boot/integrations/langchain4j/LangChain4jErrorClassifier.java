package dev.braintrust.spring.boot.integrations.langchain4j;

import java.util.Locale;

import dev.braintrust.spring.boot.trace.ErrorClassifier;
import dev.braintrust.spring.boot.trace.Failures;
import org.jspecify.annotations.Nullable;

/**
 * Classifies LangChain4j's exceptions (DESIGN §6): the provider modules map HTTP errors
 * to {@code dev.langchain4j.exception}'s types ({@code RateLimitException},
 * {@code AuthenticationException}, {@code TimeoutException},
 * {@code ContentFilteredException}, {@code ModelNotFoundException},
 * {@code InternalServerException}, {@code InvalidRequestException}), and keep the status
 * of the others in an {@code HttpException}. The types are recognised by name, so that
 * versions that lack some of them classify the others. Anything else (a provider SDK's
 * own exception, an I/O failure) is left to the next classifier.
 */
final class LangChain4jErrorClassifier implements ErrorClassifier {

	private static final String PACKAGE = "dev.langchain4j.exception.";

	@Override
	public @Nullable String classify(Throwable error) {
		Throwable cause = Failures.unwrap(error);
		for (Class<?> type = cause.getClass(); type != null && type != Object.class; type = type.getSuperclass()) {
			String name = type.getName();
			if (!name.startsWith(PACKAGE)) {
				continue;
			}
			String found = switch (name.substring(PACKAGE.length())) {
				case "RateLimitException" -> RATE_LIMIT;
				case "AuthenticationException" -> authentication(cause);
				case "TimeoutException" -> TIMEOUT;
				case "ContentFilteredException" -> CONTENT_FILTER;
				case "ModelNotFoundException" -> NOT_FOUND;
				case "InternalServerException" -> SERVER_ERROR;
				case "InvalidRequestException" -> invalidRequest(cause);
				case "HttpException" -> null;
				default -> null;
			};
			if (found != null) {
				return found;
			}
		}
		return null;
	}

	// LangChain4j maps 401 and 403 alike.
	private static String authentication(Throwable error) {
		Integer status = status(error);
		return (status != null && status == 403) ? PERMISSION_DENIED : AUTHENTICATION;
	}

	private static String invalidRequest(Throwable error) {
		String message = error.getMessage();
		if (message != null) {
			String lower = message.toLowerCase(Locale.ROOT);
			if (lower.contains("context_length_exceeded") || lower.contains("maximum context length")
					|| lower.contains("prompt is too long")) {
				return CONTEXT_LENGTH_EXCEEDED;
			}
		}
		return BAD_REQUEST;
	}

	// The status of the HttpException a provider module's exception wraps, if any.
	private static @Nullable Integer status(Throwable error) {
		for (Throwable current = error; current != null; current = current.getCause()) {
			if (current instanceof dev.langchain4j.exception.HttpException http) {
				return http.statusCode();
			}
			if (current.getCause() == current) {
				break;
			}
		}
		return null;
	}

}
