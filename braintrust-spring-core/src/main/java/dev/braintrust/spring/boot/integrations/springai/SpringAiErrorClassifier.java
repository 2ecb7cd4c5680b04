package dev.braintrust.spring.boot.integrations.springai;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.braintrust.spring.boot.trace.ErrorClassifier;
import org.jspecify.annotations.Nullable;

/**
 * Classifies the failures of Spring AI 1.1's own HTTP clients ({@code OpenAiApi},
 * {@code AnthropicApi}, ...): their error handler throws a
 * {@code NonTransientAiException} (4xx) or {@code TransientAiException} (5xx) whose
 * message alone holds the status ({@code "HTTP 429 - {body}"}, {@code "429 - {body}"}).
 * Matched by class name: Spring AI 2.0, which the integration is compiled against, has no
 * such classes. Other failures are left to the other classifiers.
 */
final class SpringAiErrorClassifier implements ErrorClassifier {

	private static final String NON_TRANSIENT = "org.springframework.ai.retry.NonTransientAiException";

	private static final String TRANSIENT = "org.springframework.ai.retry.TransientAiException";

	// The status at the start of the message: only the first characters are read.
	private static final Pattern STATUS = Pattern.compile("^(?:HTTP )?([1-5][0-9]{2})\\b");

	private static final int MAX_DEPTH = 8;

	@Override
	public @Nullable String classify(Throwable error) {
		Throwable current = error;
		for (int depth = 0; current != null && depth < MAX_DEPTH; depth++) {
			if (isSpringAiHttpFailure(current.getClass())) {
				String message = current.getMessage();
				if (message == null) {
					return null;
				}
				Matcher status = STATUS.matcher(message.substring(0, Math.min(message.length(), 16)));
				return status.find() ? ErrorClassifier.ofHttpStatus(Integer.parseInt(status.group(1)), current) : null;
			}
			current = (current.getCause() != current) ? current.getCause() : null;
		}
		return null;
	}

	private static boolean isSpringAiHttpFailure(Class<?> type) {
		for (Class<?> current = type; current != null; current = current.getSuperclass()) {
			if (current.getName().equals(NON_TRANSIENT) || current.getName().equals(TRANSIENT)) {
				return true;
			}
		}
		return false;
	}

}
