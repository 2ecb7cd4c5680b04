package dev.braintrust.spring.boot.trace;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;

/**
 * Traces asynchronous calls that return a {@link CompletableFuture}.
 */
public final class LlmFutures {

	private LlmFutures() {
	}

	/**
	 * Trace an asynchronous call. The observation starts now and the call is made with it
	 * current; the returned future completes like the library's, after the span has
	 * ended, and its dependent stages run with the caller's context current. Cancelling
	 * the returned future cancels the library's future and ends the span with error type
	 * {@code cancelled} (no response was delivered). An exception thrown by the call
	 * itself is recorded and rethrown unchanged.
	 * @param <T> the result type
	 * @param tracer the tracer
	 * @param request the request
	 * @param call makes the call
	 * @param responseMapper maps the result to a response
	 * @return a future of the call's result
	 */
	public static <T> CompletableFuture<T> trace(LlmTracer tracer, LlmRequest request,
			Supplier<? extends CompletionStage<T>> call, Function<? super T, LlmResponse> responseMapper) {
		Context parent = Context.current();
		LlmObservation observation = LlmTracer.startSafely(tracer, request);
		CompletableFuture<T> source;
		try (Scope scope = observation.makeCurrent()) {
			source = call.get().toCompletableFuture();
		}
		catch (RuntimeException | Error ex) {
			observation.error(ex);
			throw ex;
		}
		CompletableFuture<T> result = new CompletableFuture<>();
		source.whenComplete((value, failure) -> {
			try {
				if (failure == null) {
					observation.end(value, responseMapper);
				}
				else {
					observation.error(failure);
				}
			}
			catch (Throwable ex) {
				observation.instrumentationFailure("future", Failures.containable(ex));
			}
			finally {
				// The caller's future completes whatever happened to the span.
				try (Scope scope = parent.makeCurrent()) {
					if (failure == null) {
						result.complete(value);
					}
					else {
						result.completeExceptionally(failure);
					}
				}
			}
		});
		result.whenComplete((value, failure) -> {
			if (result.isCancelled()) {
				observation.error((failure instanceof CancellationException) ? failure
						: new CancellationException("The future of the LLM call was cancelled"));
				source.cancel(true);
			}
		});
		return result;
	}

}
