package dev.braintrust.spring.boot.integrations.anthropic;

import java.io.InterruptedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.anthropic.core.JsonValue;
import com.anthropic.errors.AnthropicIoException;
import com.anthropic.errors.AnthropicServiceException;
import dev.braintrust.spring.boot.trace.ErrorClassifier;
import dev.braintrust.spring.boot.trace.Failures;
import org.jspecify.annotations.Nullable;

/**
 * Classifies the Anthropic SDK's exceptions (DESIGN §6). A service exception is
 * classified by its HTTP status and, where the status does not tell (a 400, or an
 * {@code error} event in a stream that began with a 200), by the API's error type
 * ({@code rate_limit_error}, {@code overloaded_error}, ...): 529 {@code overloaded} is a
 * {@code server_error}, a 400 whose message says the prompt is too long is
 * {@code context_length_exceeded}. An I/O exception is a {@code timeout} when a timeout
 * (OkHttp's {@code InterruptedIOException}) caused it, a {@code connection} failure
 * otherwise. Anything else is left to the next classifier.
 */
final class AnthropicErrorClassifier implements ErrorClassifier {

	@Override
	public @Nullable String classify(Throwable error) {
		Throwable cause = Failures.unwrap(error);
		if (cause instanceof AnthropicServiceException service) {
			return classify(service);
		}
		if (cause instanceof AnthropicIoException) {
			for (Throwable current = cause; current != null; current = current.getCause()) {
				if (current instanceof InterruptedIOException) {
					return TIMEOUT;
				}
				if (current.getCause() == current) {
					break;
				}
			}
			return CONNECTION;
		}
		return null;
	}

	private static String classify(AnthropicServiceException error) {
		int status = error.statusCode();
		return switch (status) {
			case 400, 413 -> fromErrorType(error, BAD_REQUEST);
			case 401 -> AUTHENTICATION;
			case 403 -> PERMISSION_DENIED;
			case 404 -> NOT_FOUND;
			case 408, 504 -> TIMEOUT;
			case 429 -> RATE_LIMIT;
			default -> {
				if (status >= 500) {
					yield SERVER_ERROR;
				}
				yield fromErrorType(error, (status >= 400) ? BAD_REQUEST : SERVER_ERROR);
			}
		};
	}

	private static String fromErrorType(AnthropicServiceException error, String fallback) {
		String type = null;
		String message = error.getMessage();
		try {
			Map<String, JsonValue> apiError = field(error.body(), "error");
			type = (apiError != null) ? string(apiError.get("type")) : null;
			String apiMessage = (apiError != null) ? string(apiError.get("message")) : null;
			message = (apiMessage != null) ? apiMessage : message;
		}
		catch (RuntimeException ex) {
			// No readable body: the status decides.
		}
		if (message != null && message.toLowerCase(Locale.ROOT).contains("prompt is too long")) {
			return CONTEXT_LENGTH_EXCEEDED;
		}
		if (type == null) {
			return fallback;
		}
		return switch (type) {
			case "rate_limit_error" -> RATE_LIMIT;
			case "authentication_error" -> AUTHENTICATION;
			case "permission_error" -> PERMISSION_DENIED;
			case "not_found_error" -> NOT_FOUND;
			case "request_too_large", "invalid_request_error" -> BAD_REQUEST;
			case "overloaded_error", "api_error" -> SERVER_ERROR;
			case "timeout_error" -> TIMEOUT;
			default -> fallback;
		};
	}

	// The API's error body, {"type":"error","error":{"type":...,"message":...}}, read
	// through the SDK's JSON values (whose accessors Java sees with their erased types).
	private static @Nullable Map<String, JsonValue> field(JsonValue body, String name) {
		Map<String, JsonValue> object = object(body);
		JsonValue value = (object != null) ? object.get(name) : null;
		return (value != null) ? object(value) : null;
	}

	@SuppressWarnings("unchecked")
	private static @Nullable Map<String, JsonValue> object(JsonValue value) {
		Optional<?> object = value.asObject();
		return (Map<String, JsonValue>) object.orElse(null);
	}

	private static @Nullable String string(@Nullable JsonValue value) {
		Optional<?> string = (value != null) ? value.asString() : Optional.empty();
		return (string.orElse(null) instanceof String text) ? text : null;
	}

}
