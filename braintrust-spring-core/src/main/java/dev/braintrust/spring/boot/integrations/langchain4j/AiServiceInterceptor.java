package dev.braintrust.spring.boot.integrations.langchain4j;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReentrantLock;

import dev.braintrust.spring.boot.integration.PatchContext;
import dev.braintrust.spring.boot.trace.ConversationContext;
import dev.braintrust.spring.boot.trace.LazyTracer;
import dev.braintrust.spring.boot.trace.LlmOperation;
import dev.braintrust.spring.boot.trace.LlmRequest;
import dev.braintrust.spring.boot.trace.LlmResponse;
import dev.langchain4j.service.MemoryId;
import dev.langchain4j.service.TokenStream;
import dev.langchain4j.service.tool.ToolExecutor;
import dev.langchain4j.service.tool.ToolService;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

/**
 * Intercepts the methods of an AiService bean: while a method runs, its {@code @MemoryId}
 * argument is the current conversation ({@link ConversationContext}), so that every model
 * call and tool run of that call records it; on the first call, the tools of the service
 * are wrapped so that each run is an {@code execute_tool} span
 * ({@link ToolExecutorInterceptor}). The model calls and tool runs of one AiService call
 * are made on the caller's thread, under its current span, and so share its trace; a
 * {@code TokenStream} the method returns starts them later, in the context of the call
 * ({@link TokenStreamInterceptor}).
 */
final class AiServiceInterceptor implements MethodInterceptor {

	private static final int NO_MEMORY_ID = -1;

	private final LazyTracer tracer;

	private final PatchContext context;

	private final Map<Method, Integer> memoryIdIndexes = new ConcurrentHashMap<>();

	private final ReentrantLock toolsLock = new ReentrantLock();

	private volatile boolean toolsWrapped;

	AiServiceInterceptor(LazyTracer tracer, PatchContext context) {
		this.tracer = tracer;
		this.context = context;
	}

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		Method method = invocation.getMethod();
		if (method.getDeclaringClass() == Object.class || method.isDefault()) {
			return invocation.proceed();
		}
		if (!this.toolsWrapped) {
			wrapTools(invocation.getThis());
		}
		String conversationId = conversationId(method, invocation.getArguments());
		try (Scope scope = (conversationId != null) ? ConversationContext.open(conversationId) : null) {
			if (TokenStream.class.isAssignableFrom(method.getReturnType())) {
				// The stream's model calls start when the caller starts it.
				Object result = invocation.proceed();
				return (result instanceof TokenStream stream) ? tokenStream(stream) : result;
			}
			LlmRequest request = agentRequest(invocation, conversationId);
			if (request == null) {
				return invocation.proceed();
			}
			return this.tracer.get().call(request, invocation::proceed, AiServiceInterceptor::agentResponse);
		}
	}

	// The AiService call as an agent run, the parent of its model calls and tool runs
	// (Braintrust's spec for agentic frameworks: one task span per operation); its input
	// the method's arguments, its output the method's result.
	private @Nullable LlmRequest agentRequest(MethodInvocation invocation, @Nullable String conversationId) {
		try {
			Method method = invocation.getMethod();
			List<@Nullable Object> arguments = new ArrayList<>(invocation.getArguments().length);
			for (Object argument : invocation.getArguments()) {
				arguments.add(plain(argument));
			}
			return LlmRequest
				.builder(LangChain4jIntegration.NAME, LangChain4jProviders.FALLBACK, LlmOperation.INVOKE_AGENT)
				.displayName(method.getDeclaringClass().getSimpleName() + "." + method.getName())
				.conversationId(conversationId)
				.input(arguments)
				.build();
		}
		catch (Throwable ex) {
			this.tracer.instrumentationFailure(LangChain4jIntegration.NAME, "agent-request", ex);
			return null;
		}
	}

	private static LlmResponse agentResponse(@Nullable Object result) {
		return LlmResponse.output(null, plain(result), null);
	}

	// Strings, numbers and booleans as they are; anything else as its text (a Result,
	// a record the service returns).
	private static @Nullable Object plain(@Nullable Object value) {
		if (value == null || value instanceof CharSequence || value instanceof Number || value instanceof Boolean) {
			return (value instanceof CharSequence text) ? text.toString() : value;
		}
		return String.valueOf(value);
	}

	// A stream starts when the caller starts it: it gets the context of this call.
	private TokenStream tokenStream(TokenStream stream) {
		try {
			return this.context.wrap(stream, TokenStream.class, new TokenStreamInterceptor(Context.current()));
		}
		catch (Throwable ex) {
			this.tracer.instrumentationFailure(LangChain4jIntegration.NAME, "token-stream", ex);
			return stream;
		}
	}

	private @Nullable String conversationId(Method method, Object[] arguments) {
		try {
			int index = this.memoryIdIndexes.computeIfAbsent(method, AiServiceInterceptor::memoryIdIndex);
			Object memoryId = (index != NO_MEMORY_ID && index < arguments.length) ? arguments[index] : null;
			return (memoryId != null) ? String.valueOf(memoryId) : null;
		}
		catch (Throwable ex) {
			this.tracer.instrumentationFailure(LangChain4jIntegration.NAME, "memory-id", ex);
			return null;
		}
	}

	private static int memoryIdIndex(Method method) {
		Annotation[][] annotations = method.getParameterAnnotations();
		for (int i = 0; i < annotations.length; i++) {
			for (Annotation annotation : annotations[i]) {
				if (annotation instanceof MemoryId) {
					return i;
				}
			}
		}
		return NO_MEMORY_ID;
	}

	// Once per service: its tool executors are replaced by traced proxies of them (which
	// pass through while the integration is disabled at runtime). Only values are
	// replaced, so the service's concurrent reads of the map are safe.
	private void wrapTools(@Nullable Object aiService) {
		this.toolsLock.lock();
		try {
			if (this.toolsWrapped || aiService == null) {
				return;
			}
			this.toolsWrapped = true;
			ToolService tools = AiServiceTools.toolService(aiService);
			if (tools != null) {
				tools.toolExecutors()
					.replaceAll((name, executor) -> this.context.wrap(executor, ToolExecutor.class,
							new ToolExecutorInterceptor(this.tracer, name)));
				// Tools run concurrently run on an executor: each run gets the context of
				// the call that asked for it, so its span is a child of the call's.
				Executor concurrent = tools.executor();
				if (concurrent != null) {
					tools.executeToolsConcurrently(Context.taskWrapping(concurrent));
				}
			}
		}
		catch (Throwable ex) {
			this.tracer.instrumentationFailure(LangChain4jIntegration.NAME, "tools", ex);
		}
		finally {
			this.toolsLock.unlock();
		}
	}

}
