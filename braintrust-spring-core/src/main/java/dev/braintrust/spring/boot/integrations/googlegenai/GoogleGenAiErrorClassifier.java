package dev.braintrust.spring.boot.integrations.googlegenai;

import java.util.Locale;

import com.google.genai.errors.ApiException;
import dev.braintrust.spring.boot.trace.ErrorClassifier;
import dev.braintrust.spring.boot.trace.Failures;
import org.jspecify.annotations.Nullable;

/**
 * Classifies the SDK's {@code ClientException} and {@code ServerException} (DESIGN §6) by
 * their HTTP status: 429 is a {@code rate_limit}, 401 {@code authentication}, 403
 * {@code permission_denied}, 404 {@code not_found}, a 400 about the input's token count
 * {@code context_length_exceeded} and any other 4xx {@code bad_request}, 408 and 504
 * {@code timeout}, any other 5xx {@code server_error}. Anything else (the SDK's
 * {@code GenAiIOException} wraps the I/O failure the generic classifier knows) is left to
 * the next classifier.
 */
final class GoogleGenAiErrorClassifier implements ErrorClassifier {

	@Override
	public @Nullable String classify(Throwable error) {
		Throwable cause = Failures.unwrap(error);
		if (!(cause instanceof ApiException exception)) {
			return null;
		}
		int code = exception.code();
		return switch (code) {
			case 429 -> RATE_LIMIT;
			case 401 -> AUTHENTICATION;
			case 403 -> PERMISSION_DENIED;
			case 404 -> NOT_FOUND;
			case 408, 504 -> TIMEOUT;
			case 400 -> isInputTooLong(exception) ? CONTEXT_LENGTH_EXCEEDED : BAD_REQUEST;
			default -> (code >= 500) ? SERVER_ERROR : (code >= 400) ? BAD_REQUEST : null;
		};
	}

	// Gemini says "The input token count (1200000) exceeds the maximum number of tokens
	// allowed (1048576)."; Vertex AI names the model's maximum as well.
	private static boolean isInputTooLong(ApiException exception) {
		String message = exception.getMessage();
		if (message == null) {
			return false;
		}
		String text = message.toLowerCase(Locale.ROOT);
		return text.contains("input token count") || text.contains("maximum number of tokens")
				|| text.contains("too many tokens") || text.contains("context window")
				|| text.contains("exceeds the maximum");
	}

}
