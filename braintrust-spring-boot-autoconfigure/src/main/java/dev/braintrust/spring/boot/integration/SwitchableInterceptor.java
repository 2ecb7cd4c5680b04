package dev.braintrust.spring.boot.integration;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

/**
 * Runs an integration's interceptor only while the integration is enabled; otherwise the
 * call goes straight to the instrumented object.
 */
final class SwitchableInterceptor implements MethodInterceptor {

	private final IntegrationState state;

	private final MethodInterceptor delegate;

	SwitchableInterceptor(IntegrationState state, MethodInterceptor delegate) {
		this.state = state;
		this.delegate = delegate;
	}

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		return this.state.isEnabled() ? this.delegate.invoke(invocation) : invocation.proceed();
	}

}
