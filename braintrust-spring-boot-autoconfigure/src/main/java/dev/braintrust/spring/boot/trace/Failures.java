package dev.braintrust.spring.boot.trace;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The failure a caller of an asynchronous call really got, out of the wrappers futures
 * add.
 */
final class Failures {

	private Failures() {
	}

	static Throwable unwrap(Throwable failure) {
		Throwable current = failure;
		while ((current instanceof CompletionException || current instanceof ExecutionException)
				&& current.getCause() != null) {
			current = current.getCause();
		}
		return current;
	}

}
