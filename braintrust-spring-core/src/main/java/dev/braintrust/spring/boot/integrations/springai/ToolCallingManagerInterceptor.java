package dev.braintrust.spring.boot.integrations.springai;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.braintrust.spring.boot.integration.PatchContext;
import dev.braintrust.spring.boot.trace.ConversationContext;
import dev.braintrust.spring.boot.trace.LazyTracer;
import dev.braintrust.spring.boot.trace.LlmOperation;
import dev.braintrust.spring.boot.trace.LlmRequest;
import dev.braintrust.spring.boot.trace.LlmResponse;
import io.micrometer.observation.Observation;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.tool.ToolCallingChatOptions;
import org.springframework.ai.model.tool.ToolExecutionResult;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.aop.ProxyMethodInvocation;

/**
 * Traces each tool that {@code ToolCallingManager.executeToolCalls(Prompt, ChatResponse)}
 * runs as one {@code execute_tool} span.
 * <p>
 * The manager finds the tools to run among the tool callbacks of the prompt's options.
 * This interceptor hands it the same options with each callback wrapped in a proxy whose
 * {@code call} is traced, so a span covers exactly the tool's own execution, sees its
 * result or the exception it throws, and is a child of the span current while the manager
 * runs (the {@code ChatClient}'s tool-calling advisor). Spring AI's own
 * {@code spring.ai.tool} observation of these executions is suppressed by default (see
 * {@link NativeObservationPredicate}).
 * <p>
 * The manager is called with a prompt of its own; the caller's arguments are left
 * untouched.
 * <p>
 * In a streamed call, the advisor runs the manager on another thread and hands it its
 * observation ({@link ToolCallReactiveParent}); when no span is current on that thread,
 * that observation is made current while the manager runs (as the manager does for its
 * own observation), so that the tool spans are its children there too.
 */
record ToolCallingManagerInterceptor(LazyTracer tracer, PatchContext context) implements MethodInterceptor {

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		Object[] arguments = invocation.getArguments();
		if (!invocation.getMethod().getName().equals("executeToolCalls") || arguments.length != 2
				|| !(arguments[0] instanceof Prompt prompt) || !(arguments[1] instanceof ChatResponse response)
				|| !(prompt.getOptions() instanceof ToolCallingChatOptions options)
				|| options.getToolCallbacks() == null || options.getToolCallbacks().isEmpty()
				|| !(invocation instanceof ProxyMethodInvocation proxied)) {
			return invocation.proceed();
		}
		Set<String> tracedNames = new HashSet<>();
		MethodInvocation traced;
		try {
			ToolCallIds ids = ToolCallIds.of(response);
			List<ToolCallback> callbacks = new ArrayList<>(options.getToolCallbacks().size());
			for (ToolCallback callback : options.getToolCallbacks()) {
				callbacks
					.add(this.context.wrap(callback, ToolCallback.class, (call) -> traceTool(call, callback, ids)));
				tracedNames.add(callback.getToolDefinition().name());
			}
			// The manager gets a prompt of its own; the caller's arguments stay as they
			// are.
			traced = proxied.invocableClone(
					prompt.mutate().chatOptions(SpringAiApi.withToolCallbacks(options, callbacks)).build(), response);
		}
		catch (Throwable ex) {
			// The tools run untraced, from the prompt the manager was given.
			this.tracer.instrumentationFailure(SpringAiIntegration.NAME, "tools", ex);
			return invocation.proceed();
		}
		Observation advisor = ToolCallReactiveParent.observation();
		// In the stream of a Spring AI 1.1 model, which runs its tool loop itself, the
		// observation handed over is the model's own, of the call asking for the tools:
		// that call is over, and the tools are its siblings.
		Context modelCallParent = modelCallParent(advisor, response);
		Observation parent = (modelCallParent != null || Span.current().getSpanContext().isValid()) ? null : advisor;
		// The tools run in the conversation of the ChatClient call: their spans, and any
		// span of the application inside them, record it.
		String conversationId = conversationId(advisor);
		try (Scope callParent = (modelCallParent != null) ? modelCallParent.makeCurrent() : null;
				Observation.Scope parentScope = (parent != null) ? parent.openScope() : null;
				Scope marked = TracedScope.toolExecutions(tracedNames);
				Scope conversation = (conversationId != null) ? ConversationContext.open(conversationId) : null) {
			Object result = traced.proceed();
			if (!SpringAiApi.V2 && advisor == null) {
				continuedLoop(result, response);
			}
			return result;
		}
	}

	// A Spring AI 1.1 model's blocking tool loop goes on with the conversation the tools
	// returned: the usage it reported so far is that of the calls before the next.
	private void continuedLoop(@Nullable Object result, ChatResponse response) {
		try {
			if (result instanceof ToolExecutionResult execution && !execution.returnDirect()) {
				ToolLoopUsage.continued(execution.conversationHistory(), response.getMetadata().getUsage());
			}
		}
		catch (Throwable ex) {
			this.tracer.instrumentationFailure(SpringAiIntegration.NAME, "tool-loop", ex);
		}
	}

	private @Nullable Context modelCallParent(@Nullable Observation advisor, ChatResponse response) {
		if (advisor == null) {
			return null;
		}
		try {
			return ObservedCall.toolCallsOf(advisor, response);
		}
		catch (Throwable ex) {
			this.tracer.instrumentationFailure(SpringAiIntegration.NAME, "tool-loop", ex);
			return null;
		}
	}

	private @Nullable String conversationId(@Nullable Observation advisor) {
		try {
			return (advisor != null) ? SpringAiConversations.of(advisor.getContextView())
					: SpringAiConversations.current();
		}
		catch (Throwable ex) {
			this.tracer.instrumentationFailure(SpringAiIntegration.NAME, "conversation", ex);
			return null;
		}
	}

	private @Nullable Object traceTool(MethodInvocation call, ToolCallback callback, ToolCallIds ids) throws Throwable {
		Object[] arguments = call.getArguments();
		if (!call.getMethod().getName().equals("call") || arguments.length == 0
				|| !(arguments[0] instanceof String input)) {
			return call.proceed();
		}
		LlmRequest request;
		try {
			String name = callback.getToolDefinition().name();
			request = LlmRequest
				.builder(SpringAiIntegration.NAME, SpringAiProviders.FALLBACK, LlmOperation.EXECUTE_TOOL)
				.toolExecution(name, ids.next(name), input)
				.build();
		}
		catch (Throwable ex) {
			this.tracer.instrumentationFailure(SpringAiIntegration.NAME, "tool-request", ex);
			return call.proceed();
		}
		return this.tracer.get().call(request, call::proceed, (result) -> LlmResponse.output(null, result, null));
	}

	/**
	 * The ids of the tool calls of one model response, by tool name, in the order the
	 * manager runs them (the order of the response's tool calls).
	 */
	private static final class ToolCallIds {

		private final Map<String, Deque<String>> byName;

		private ToolCallIds(Map<String, Deque<String>> byName) {
			this.byName = byName;
		}

		static ToolCallIds of(ChatResponse response) {
			Map<String, Deque<String>> byName = new HashMap<>();
			for (Generation generation : response.getResults()) {
				for (AssistantMessage.ToolCall call : generation.getOutput().getToolCalls()) {
					byName.computeIfAbsent(call.name(), (name) -> new ArrayDeque<>()).add(call.id());
				}
				if (!generation.getOutput().getToolCalls().isEmpty()) {
					// The manager runs the tool calls of the first generation that has
					// any.
					break;
				}
			}
			return new ToolCallIds(byName);
		}

		synchronized @Nullable String next(String name) {
			Deque<String> ids = this.byName.get(name);
			return (ids != null) ? SpringAiChatConverter.emptyToNull(ids.poll()) : null;
		}

	}

}
