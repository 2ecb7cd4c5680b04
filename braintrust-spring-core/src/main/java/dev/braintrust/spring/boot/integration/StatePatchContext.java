package dev.braintrust.spring.boot.integration;

import org.aopalliance.intercept.MethodInterceptor;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.framework.ProxyFactory;

/**
 * What the starter offers an integration's interceptors: the integration's name, library
 * version and live switch, and child proxies (a service a client returns, such as
 * {@code client.chat()}), created once per target and interceptor.
 */
final class StatePatchContext implements PatchContext {

	private final IntegrationState state;

	private final ClassLoader classLoader;

	private final ChildProxyCache childProxies = new ChildProxyCache();

	StatePatchContext(IntegrationState state, ClassLoader classLoader) {
		this.state = state;
		this.classLoader = classLoader;
	}

	@Override
	public String integrationName() {
		return this.state.name;
	}

	@Override
	public @Nullable String libraryVersion() {
		return this.state.libraryVersion;
	}

	@Override
	public boolean isEnabled() {
		return this.state.isEnabled();
	}

	@Override
	public boolean capturesContent() {
		return this.state.settings.captureContent();
	}

	@Override
	public <T> T wrap(T target, Class<T> type, MethodInterceptor interceptor) {
		if (Instrumented.isInstrumented(target)) {
			return target;
		}
		return this.childProxies.get(target, type, interceptor, () -> createChildProxy(target, type, interceptor));
	}

	@SuppressWarnings("unchecked")
	private <T> T createChildProxy(T target, Class<T> type, MethodInterceptor interceptor) {
		ProxyFactory factory = new ProxyFactory();
		factory.setTarget(target);
		factory.addInterface(type);
		factory.addInterface(BraintrustInstrumented.class);
		factory.addAdvice(new SwitchableInterceptor(this.state, interceptor));
		return (T) factory.getProxy(this.classLoader);
	}

}
