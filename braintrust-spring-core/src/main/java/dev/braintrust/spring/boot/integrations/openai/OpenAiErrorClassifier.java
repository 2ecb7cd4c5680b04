package dev.braintrust.spring.boot.integrations.openai;

import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.util.Locale;

import com.openai.errors.BadRequestException;
import com.openai.errors.InternalServerException;
import com.openai.errors.NotFoundException;
import com.openai.errors.OpenAIIoException;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.PermissionDeniedException;
import com.openai.errors.RateLimitException;
import com.openai.errors.UnauthorizedException;
import com.openai.errors.UnprocessableEntityException;
import dev.braintrust.spring.boot.trace.ErrorClassifier;
import org.jspecify.annotations.Nullable;

/**
 * Classifies the OpenAI SDK's exceptions: its service exceptions by type and status, with
 * the error {@code code} of a 400 telling a context-length or content-filter refusal; its
 * I/O exception as a timeout when a timeout caused it (OkHttp's call timeout is an
 * {@link InterruptedIOException} saying "timeout", its read timeout a
 * {@link SocketTimeoutException}), else as a connection failure. The SDK's exceptions are
 * also found as the cause of another (a {@code CompletionException}); other statuses and
 * other exceptions are left to the generic classifier.
 */
final class OpenAiErrorClassifier implements ErrorClassifier {

	private static final int MAX_DEPTH = 8;

	@Override
	public @Nullable String classify(Throwable error) {
		Throwable current = error;
		for (int depth = 0; current != null && depth < MAX_DEPTH; depth++) {
			if (current instanceof OpenAIServiceException service) {
				return classify(service);
			}
			if (current instanceof OpenAIIoException) {
				return causedByTimeout(current) ? TIMEOUT : CONNECTION;
			}
			current = (current.getCause() != current) ? current.getCause() : null;
		}
		return null;
	}

	private static @Nullable String classify(OpenAIServiceException error) {
		if (error instanceof RateLimitException) {
			return RATE_LIMIT;
		}
		if (error instanceof UnauthorizedException) {
			return AUTHENTICATION;
		}
		if (error instanceof PermissionDeniedException) {
			return PERMISSION_DENIED;
		}
		if (error instanceof NotFoundException) {
			return NOT_FOUND;
		}
		if (error instanceof InternalServerException) {
			return SERVER_ERROR;
		}
		int status = error.statusCode();
		if (error instanceof BadRequestException || error instanceof UnprocessableEntityException || status == 400
				|| status == 422) {
			return fromCode(error);
		}
		// UnexpectedStatusCodeException, SseException: the generic classifier reads
		// their statusCode().
		return null;
	}

	private static String fromCode(OpenAIServiceException error) {
		String code = error.code().orElse("").toLowerCase(Locale.ROOT);
		return switch (code) {
			case "context_length_exceeded" -> CONTEXT_LENGTH_EXCEEDED;
			case "content_filter", "content_policy_violation", "invalid_prompt" -> CONTENT_FILTER;
			default -> BAD_REQUEST;
		};
	}

	private static boolean causedByTimeout(Throwable error) {
		for (Throwable cause = error.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
			if (cause instanceof SocketTimeoutException || (cause instanceof InterruptedIOException
					&& cause.getMessage() != null && cause.getMessage().contains("timeout"))) {
				return true;
			}
		}
		return false;
	}

}
