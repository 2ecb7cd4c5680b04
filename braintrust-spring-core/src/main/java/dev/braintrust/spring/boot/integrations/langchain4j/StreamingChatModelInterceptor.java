package dev.braintrust.spring.boot.integrations.langchain4j;

import dev.braintrust.spring.boot.internal.DefaultMethods;
import dev.braintrust.spring.boot.trace.ConversationContext;
import dev.braintrust.spring.boot.trace.Failures;
import dev.braintrust.spring.boot.trace.LazyTracer;
import dev.braintrust.spring.boot.trace.LlmObservation;
import dev.braintrust.spring.boot.trace.LlmRequest;
import dev.braintrust.spring.boot.trace.LlmResponse;
import dev.braintrust.spring.boot.trace.LlmTracer;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

/**
 * Traces {@code StreamingChatModel.chat(ChatRequest, StreamingChatResponseHandler)} (and,
 * from 1.11, {@code chat(ChatRequest, ChatRequestOptions, StreamingChatResponseHandler)})
 * by handing the model a {@link TracedStreamingHandler} in place of the caller's. The
 * convenience overloads are default methods, run on the proxy (see
 * {@link DefaultMethods}). The span starts with the call and ends when the stream
 * completes, fails or is cancelled; a model that throws before streaming ends it at once.
 */
final class StreamingChatModelInterceptor implements MethodInterceptor {

	private final LazyTracer tracer;

	StreamingChatModelInterceptor(LazyTracer tracer) {
		this.tracer = tracer;
	}

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		Object[] arguments = invocation.getArguments();
		if (!invocation.getMethod().getName().equals("chat") || arguments.length < 2) {
			return invocation.proceed();
		}
		int last = arguments.length - 1;
		if (arguments[0] instanceof ChatRequest chatRequest && arguments.length <= 3
				&& arguments[last] instanceof StreamingChatResponseHandler handler) {
			return stream(invocation, chatRequest, handler, last);
		}
		if (DefaultMethods.isInheritedDefault(invocation)) {
			return DefaultMethods.invokeOnProxy(invocation);
		}
		return invocation.proceed();
	}

	private @Nullable Object stream(MethodInvocation invocation, ChatRequest chatRequest,
			StreamingChatResponseHandler handler, int handlerIndex) throws Throwable {
		LlmRequest request;
		try {
			StreamingChatModel model = (StreamingChatModel) invocation.getThis();
			String provider = LangChain4jProviders.of(model, () -> model.provider());
			request = LangChain4jChatMapping.request(provider, chatRequest, model.defaultRequestParameters(), true,
					ConversationContext.current());
		}
		catch (Throwable ex) {
			this.tracer.instrumentationFailure(LangChain4jIntegration.NAME, "request", ex);
			return invocation.proceed();
		}
		Context callerContext = Context.current();
		LlmObservation observation = LlmTracer.startSafely(this.tracer.get(), request);
		try {
			invocation.getArguments()[handlerIndex] = new TracedStreamingHandler(handler, observation, callerContext);
		}
		catch (Throwable ex) {
			observation.instrumentationFailure("handler", Failures.containable(ex));
			observation.cancel(LlmResponse.empty());
			return invocation.proceed();
		}
		try (Scope scope = observation.makeCurrent()) {
			return invocation.proceed();
		}
		catch (Throwable ex) {
			observation.error(ex);
			throw ex;
		}
	}

}
