package dev.braintrust.spring.boot.integrations.langchain4j;

import dev.braintrust.spring.boot.internal.DefaultMethods;
import dev.braintrust.spring.boot.trace.ConversationContext;
import dev.braintrust.spring.boot.trace.LazyTracer;
import dev.braintrust.spring.boot.trace.LlmRequest;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

/**
 * Traces {@code ChatModel.chat(ChatRequest)} (and, from 1.11,
 * {@code chat(ChatRequest, ChatRequestOptions)}), which every other call of a chat model
 * goes through: the convenience overloads ({@code chat(String)},
 * {@code chat(ChatMessage...)}, {@code chat(List)}) are default methods, run on the proxy
 * (see {@link DefaultMethods}) so that the call they delegate to is traced once. The span
 * covers the model's listeners and its {@code doChat}; an instrumented SDK client the
 * model calls adds no second span (the tracer's nesting rule).
 */
final class ChatModelInterceptor implements MethodInterceptor {

	private final LazyTracer tracer;

	ChatModelInterceptor(LazyTracer tracer) {
		this.tracer = tracer;
	}

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		Object[] arguments = invocation.getArguments();
		if (!invocation.getMethod().getName().equals("chat") || arguments.length == 0) {
			return invocation.proceed();
		}
		if (arguments[0] instanceof ChatRequest chatRequest && arguments.length <= 2) {
			LlmRequest request = request((ChatModel) invocation.getThis(), chatRequest);
			if (request == null) {
				return invocation.proceed();
			}
			return this.tracer.get()
				.call(request, invocation::proceed, (result) -> LangChain4jChatMapping.response((ChatResponse) result));
		}
		if (DefaultMethods.isInheritedDefault(invocation)) {
			return DefaultMethods.invokeOnProxy(invocation);
		}
		return invocation.proceed();
	}

	// The request of the call, or null when the instrumentation cannot read it (the call
	// then proceeds untraced).
	private @Nullable LlmRequest request(ChatModel model, ChatRequest request) {
		try {
			String provider = LangChain4jProviders.of(model, () -> model.provider());
			return LangChain4jChatMapping.request(provider, request, model.defaultRequestParameters(), false,
					ConversationContext.current());
		}
		catch (Throwable ex) {
			this.tracer.instrumentationFailure(LangChain4jIntegration.NAME, "request", ex);
			return null;
		}
	}

}
