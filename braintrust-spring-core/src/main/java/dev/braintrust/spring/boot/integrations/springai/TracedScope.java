package dev.braintrust.spring.boot.integrations.springai;

import java.util.Set;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;

/**
 * Marks the current context as inside a Spring AI call that this integration traces, so
 * that {@link NativeObservationPredicate} can suppress Spring AI's own observation of the
 * same call. The mark lives in the OpenTelemetry context, so it follows the call wherever
 * its context is propagated, and ends with the scope.
 */
final class TracedScope {

	private static final ContextKey<Boolean> MODEL_CALL = ContextKey.named("braintrust-spring-ai-model-call");

	private static final ContextKey<Set<String>> TRACED_TOOLS = ContextKey.named("braintrust-spring-ai-traced-tools");

	private TracedScope() {
	}

	/**
	 * Marks a chat or embedding model call traced by our LLM span, until the returned
	 * scope is closed.
	 * @return the scope to close, on the same thread
	 */
	static Scope modelCall() {
		return Context.current().with(MODEL_CALL, Boolean.TRUE).makeCurrent();
	}

	/**
	 * Whether a model call traced by our LLM span is in progress.
	 * @return whether the current context is marked
	 */
	static boolean isModelCall() {
		return Context.current().get(MODEL_CALL) != null;
	}

	/**
	 * Marks the tool executions of a {@code ToolCallingManager} whose tools, by name, are
	 * traced by our tool spans, until the returned scope is closed.
	 * @param toolNames the names of the traced tools
	 * @return the scope to close, on the same thread
	 */
	static Scope toolExecutions(Set<String> toolNames) {
		return Context.current().with(TRACED_TOOLS, toolNames).makeCurrent();
	}

	/**
	 * Whether the execution of a tool is traced by our tool span. A tool that the manager
	 * resolves elsewhere than in the prompt's tool callbacks is not.
	 * @param toolName the tool name
	 * @return whether it is
	 */
	static boolean isTracedTool(String toolName) {
		Set<String> traced = Context.current().get(TRACED_TOOLS);
		return traced != null && traced.contains(toolName);
	}

}
