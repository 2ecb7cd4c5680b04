package dev.braintrust.spring.boot.integrations.langchain4j;

import dev.braintrust.spring.boot.trace.ConversationContext;
import dev.braintrust.spring.boot.trace.LazyTracer;
import dev.braintrust.spring.boot.trace.LlmOperation;
import dev.braintrust.spring.boot.trace.LlmRequest;
import dev.braintrust.spring.boot.trace.LlmResponse;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.invocation.InvocationContext;
import dev.langchain4j.service.tool.ToolExecutionResult;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

/**
 * Traces one tool of an AiService: each run ({@code ToolExecutor.execute} or
 * {@code executeWithContext}) is an {@code execute_tool} span of type tool, with the tool
 * call's id and arguments and the tool's result, a child of the span current where the
 * service runs it (between the model calls that asked for it and that get its result).
 */
final class ToolExecutorInterceptor implements MethodInterceptor {

	private final LazyTracer tracer;

	private final String toolName;

	ToolExecutorInterceptor(LazyTracer tracer, String toolName) {
		this.tracer = tracer;
		this.toolName = toolName;
	}

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		String method = invocation.getMethod().getName();
		Object[] arguments = invocation.getArguments();
		if (arguments.length != 2 || !(arguments[0] instanceof ToolExecutionRequest toolRequest)
				|| !(method.equals("execute") || method.equals("executeWithContext"))) {
			return invocation.proceed();
		}
		LlmRequest request;
		try {
			String conversationId = ConversationContext.current();
			if (conversationId == null) {
				Object memoryId = (arguments[1] instanceof InvocationContext context) ? context.chatMemoryId()
						: arguments[1];
				conversationId = (memoryId != null && !"default".equals(memoryId)) ? String.valueOf(memoryId) : null;
			}
			String name = (toolRequest.name() != null) ? toolRequest.name() : this.toolName;
			request = LlmRequest
				.builder(LangChain4jIntegration.NAME, LangChain4jProviders.FALLBACK, LlmOperation.EXECUTE_TOOL)
				.toolExecution(name, toolRequest.id(), toolRequest.arguments())
				.conversationId(conversationId)
				.build();
		}
		catch (Throwable ex) {
			this.tracer.instrumentationFailure(LangChain4jIntegration.NAME, "tool-request", ex);
			return invocation.proceed();
		}
		return this.tracer.get().call(request, invocation::proceed, ToolExecutorInterceptor::response);
	}

	private static LlmResponse response(@Nullable Object result) {
		if (result instanceof ToolExecutionResult executionResult) {
			return LlmResponse.output(null, executionResult.resultText(), null);
		}
		return LlmResponse.output(null, result, null);
	}

}
