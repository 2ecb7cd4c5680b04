package dev.braintrust.spring.boot.trace;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Failures as the instrumentation sees them: the failure a caller of an asynchronous call
 * really got, out of the wrappers futures add ({@link LlmObservation#error} applies it
 * already; an {@link ErrorClassifier} that may be called directly uses it too), and the
 * one kind of failure the instrumentation never contains.
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

	/**
	 * Lets a failure of the instrumentation itself be contained: rethrows a
	 * {@link VirtualMachineError} (out of memory, stack overflow, an internal error of
	 * the JVM), the only failure that reaches the caller of an instrumented call, and
	 * returns anything else (a bug, a {@link LinkageError} from a library version the
	 * starter does not know) to be reported.
	 * @param failure what the instrumentation caught
	 * @return the same failure, when it may be contained
	 */
	public static Throwable containable(Throwable failure) {
		if (failure instanceof VirtualMachineError fatal) {
			throw fatal;
		}
		return failure;
	}

}
