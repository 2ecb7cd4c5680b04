package dev.braintrust.spring.boot.integrations.langchain4j;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.ProxyMethodInvocation;

/**
 * Intercepts the {@code TokenStream} an AiService method returns: the stream starts (and
 * its model calls and tool runs are made) only when the caller calls {@code start()},
 * after the method returned, so {@code start()} runs in the context of the AiService call
 * (its parent span and its conversation). The stream's builder methods return the proxy,
 * so that a chain of them ends on the proxy's {@code start()}.
 */
final class TokenStreamInterceptor implements MethodInterceptor {

	private final Context serviceCallContext;

	TokenStreamInterceptor(Context serviceCallContext) {
		this.serviceCallContext = serviceCallContext;
	}

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		if (invocation.getMethod().getName().equals("start") && invocation.getArguments().length == 0) {
			try (Scope scope = this.serviceCallContext.makeCurrent()) {
				return invocation.proceed();
			}
		}
		Object result = invocation.proceed();
		if (result != null && result == invocation.getThis() && invocation instanceof ProxyMethodInvocation proxied) {
			return proxied.getProxy();
		}
		return result;
	}

}
