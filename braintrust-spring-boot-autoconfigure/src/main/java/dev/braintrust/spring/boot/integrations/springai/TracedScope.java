package dev.braintrust.spring.boot.integrations.springai;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;

/**
 * Marks the current context as inside a Spring AI call that this integration traces, so
 * that {@link NativeObservationPredicate} can suppress Spring AI's own observation of the
 * same call. The mark lives in the OpenTelemetry context, so it follows the call wherever
 * its context is propagated, and ends with the scope.
 */
enum TracedScope {

	/**
	 * A chat or embedding model call, traced by our LLM span.
	 */
	MODEL_CALL,

	/**
	 * The tool executions of a {@code ToolCallingManager}, each traced by our tool span.
	 */
	TOOL_EXECUTION;

	private final ContextKey<Boolean> key = ContextKey.named("braintrust-spring-ai-" + name());

	/**
	 * Marks the current context until the returned scope is closed.
	 * @return the scope to close, on the same thread
	 */
	Scope open() {
		return Context.current().with(this.key, Boolean.TRUE).makeCurrent();
	}

	/**
	 * Whether the current context is marked.
	 * @return whether a traced call of this kind is in progress
	 */
	boolean isCurrent() {
		return Context.current().get(this.key) != null;
	}

}
