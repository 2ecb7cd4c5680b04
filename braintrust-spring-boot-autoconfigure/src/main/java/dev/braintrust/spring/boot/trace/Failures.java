package dev.braintrust.spring.boot.trace;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The failure a caller of an asynchronous call really got, out of the wrappers futures
 * add. {@link LlmObservation#error} applies it already; an {@link ErrorClassifier} that
 * may be called directly uses it too.
 */
public final class Failures {

	private Failures() {
	}

	/**
	 * The failure inside any {@code CompletionException} and {@code ExecutionException}
	 * wrappers.
	 * @param failure the failure as a future reported it
	 * @return the innermost failure that is not such a wrapper (or a wrapper without
	 * cause)
	 */
	public static Throwable unwrap(Throwable failure) {
		Throwable current = failure;
		while ((current instanceof CompletionException || current instanceof ExecutionException)
				&& current.getCause() != null) {
			current = current.getCause();
		}
		return current;
	}

}
