package dev.braintrust.spring.boot.integration;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

/**
 * Runs an integration's interceptor only while the integration is enabled; otherwise the
 * call goes straight to the instrumented object.
 */
record SwitchableInterceptor(IntegrationState state, MethodInterceptor delegate) implements MethodInterceptor {

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		return this.state.isEnabled() ? this.delegate.invoke(invocation) : invocation.proceed();
	}

}
