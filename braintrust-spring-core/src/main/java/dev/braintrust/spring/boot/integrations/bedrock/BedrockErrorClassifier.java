package dev.braintrust.spring.boot.integrations.bedrock;

import java.util.Locale;

import dev.braintrust.spring.boot.trace.ErrorClassifier;
import dev.braintrust.spring.boot.trace.Failures;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.bedrockruntime.model.BedrockRuntimeException;

/**
 * Classifies the Bedrock Runtime exceptions (DESIGN §6) by the service's error code
 * (which names the exception, also for exceptions that newer SDK versions added):
 * {@code ThrottlingException} is a {@code rate_limit}, {@code AccessDeniedException}
 * {@code permission_denied}, a {@code ValidationException} about the input's length
 * {@code context_length_exceeded} and any other one {@code bad_request},
 * {@code ModelTimeoutException} a {@code timeout}, {@code ServiceUnavailableException},
 * {@code InternalServerException} and {@code ModelNotReadyException} a
 * {@code server_error}, {@code ResourceNotFoundException} {@code not_found}. Anything
 * else is left to the next classifier.
 */
final class BedrockErrorClassifier implements ErrorClassifier {

	@Override
	public @Nullable String classify(Throwable error) {
		Throwable cause = Failures.unwrap(error);
		if (!(cause instanceof BedrockRuntimeException exception)) {
			return null;
		}
		String code = errorCode(exception);
		return switch (code) {
			case "ThrottlingException", "ServiceQuotaExceededException" -> RATE_LIMIT;
			case "AccessDeniedException" -> PERMISSION_DENIED;
			case "ValidationException" -> isInputTooLong(exception) ? CONTEXT_LENGTH_EXCEEDED : BAD_REQUEST;
			case "ModelTimeoutException" -> TIMEOUT;
			case "ServiceUnavailableException", "InternalServerException", "ModelNotReadyException",
					"ModelStreamErrorException" ->
				SERVER_ERROR;
			case "ResourceNotFoundException" -> NOT_FOUND;
			default -> null;
		};
	}

	private static String errorCode(AwsServiceException exception) {
		AwsErrorDetails details = exception.awsErrorDetails();
		String code = (details != null) ? details.errorCode() : null;
		if (code == null || code.isEmpty()) {
			return exception.getClass().getSimpleName();
		}
		// An exception event of a stream names its type in lower camel case.
		return Character.toUpperCase(code.charAt(0)) + code.substring(1);
	}

	// Bedrock says "Input is too long for requested model.", or names the model's
	// context window or maximum tokens.
	private static boolean isInputTooLong(AwsServiceException exception) {
		AwsErrorDetails details = exception.awsErrorDetails();
		String message = (details != null && details.errorMessage() != null) ? details.errorMessage()
				: exception.getMessage();
		if (message == null) {
			return false;
		}
		String text = message.toLowerCase(Locale.ROOT);
		return text.contains("too long") || text.contains("context window") || text.contains("too many input tokens")
				|| text.contains("context length");
	}

}
