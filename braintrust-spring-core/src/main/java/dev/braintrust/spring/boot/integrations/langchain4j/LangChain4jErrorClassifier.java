package dev.braintrust.spring.boot.integrations.langchain4j;

import java.lang.reflect.Method;
import java.util.Locale;

import dev.braintrust.spring.boot.trace.ErrorClassifier;
import dev.braintrust.spring.boot.trace.Failures;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;

/**
 * Classifies LangChain4j's exceptions (DESIGN §6): the provider modules map HTTP errors
 * to {@code dev.langchain4j.exception}'s types ({@code RateLimitException},
 * {@code AuthenticationException}, {@code TimeoutException},
 * {@code ContentFilteredException}, {@code ModelNotFoundException},
 * {@code InternalServerException}, {@code InvalidRequestException}), and keep the status
 * of the others in an {@code HttpException}; a stream that fails after it began ends with
 * a provider module's exception that carries the provider's error type (Anthropic's
 * {@code overloaded_error}, ...). The types are recognised by name, so that versions that
 * lack some of them classify the others. Anything else (a provider SDK's own exception,
 * an I/O failure) is left to the next classifier.
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
				case "LangChain4jException" -> providerErrorType(cause);
				case "RateLimitException" -> RATE_LIMIT;
				case "AuthenticationException" -> authentication(cause);
				case "TimeoutException" -> TIMEOUT;
				case "ContentFilteredException" -> CONTENT_FILTER;
				case "ModelNotFoundException" -> NOT_FOUND;
				case "InternalServerException" -> SERVER_ERROR;
				case "InvalidRequestException" -> invalidRequest(cause);
				// A tool's own exception, as some versions' tool executors wrap it.
				case "ToolExecutionException" -> (cause.getCause() != null && cause.getCause() != cause)
						? cause.getCause().getClass().getName() : null;
				default -> null;
			};
			if (found != null) {
				return found;
			}
		}
		return null;
	}

	/**
	 * The error of a provider module's own exception that carries the provider's error
	 * type: {@code AnthropicStreamingException}'s {@code type()}, the {@code error} event
	 * of a stream that began with a 200 ({@code overloaded_error},
	 * {@code rate_limit_error}, ...). Read by name: the provider modules are not the
	 * starter's dependencies.
	 */
	private static @Nullable String providerErrorType(Throwable error) {
		String className = error.getClass().getName();
		if (!className.startsWith("dev.langchain4j.model.")) {
			return null;
		}
		Method accessor = ClassUtils.getMethodIfAvailable(error.getClass(), "type");
		Object type;
		try {
			type = (accessor != null && accessor.getParameterCount() == 0) ? accessor.invoke(error) : null;
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			return null;
		}
		if (!(type instanceof String text)) {
			return null;
		}
		return switch (text) {
			case "rate_limit_error" -> RATE_LIMIT;
			case "overloaded_error", "api_error" -> SERVER_ERROR;
			case "authentication_error" -> AUTHENTICATION;
			case "permission_error" -> PERMISSION_DENIED;
			case "not_found_error" -> NOT_FOUND;
			case "invalid_request_error", "request_too_large" -> BAD_REQUEST;
			case "timeout_error" -> TIMEOUT;
			default -> null;
		};
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
