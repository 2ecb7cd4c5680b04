package dev.braintrust.spring.boot.integration;

import dev.braintrust.spring.boot.internal.LogEscaper;
import org.aopalliance.intercept.MethodInterceptor;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.aop.framework.Advised;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.util.ClassUtils;

/**
 * Instruments the beans of the application for the registered integrations: finds the
 * patcher that applies to a bean, wraps the bean (or adds the starter's advice to the
 * proxy it already is), records it in the integration's state and publishes the
 * registry's events. A failure leaves the bean as it was and marks the integration
 * failed.
 */
final class BeanInstrumenter {

	private static final Log logger = LogFactory.getLog(IntegrationRegistry.class);

	private final IntegrationRegistry registry;

	private final IntegrationState[] states;

	private final ClassLoader classLoader;

	private final ApplicationEventPublisher eventPublisher;

	BeanInstrumenter(IntegrationRegistry registry, IntegrationState[] states, ClassLoader classLoader,
			ApplicationEventPublisher eventPublisher) {
		this.registry = registry;
		this.states = states;
		this.classLoader = classLoader;
		this.eventPublisher = eventPublisher;
	}

	/**
	 * Instruments a bean with the first integration whose patcher matches it, at most
	 * once per bean instance: in a proxy of the starter; by adding the starter's advice
	 * to the bean's own advice chain when it already is a Spring AOP proxy (a
	 * {@code @Transactional} or {@code @Validated} bean, a scoped proxy), so that it
	 * keeps its class and identity; in place, when the patcher instruments the bean
	 * itself ({@link Patcher#instrumentInPlace(Object, PatchContext)}); or without any
	 * proxy when the patcher says so ({@link Patcher#withoutProxy(Object)}). The targets
	 * of scoped proxies are left alone: their scoped proxy is instrumented instead.
	 * @param bean the bean
	 * @param beanName its name
	 * @return the proxy, or the bean itself when it is instrumented in place, when no
	 * integration applies or when patching failed
	 */
	Object patch(Object bean, String beanName) {
		if (Instrumented.isInstrumented(bean) || ScopedProxyUtils.isScopedTarget(beanName)) {
			return bean;
		}
		for (IntegrationState state : this.states) {
			if (!state.patchesBeans()) {
				continue;
			}
			try {
				Patcher patcher = state.patcherFor(bean, beanName);
				if (patcher != null) {
					return instrument(state, patcher, bean, beanName);
				}
			}
			catch (RuntimeException | LinkageError ex) {
				String reason = "could not instrument bean '" + LogEscaper.escape(beanName) + "' ("
						+ bean.getClass().getName() + "): " + LogEscaper.describe(ex);
				logger.warn(
						"Braintrust integration '" + state.name + "' " + reason + "; the bean is used uninstrumented");
				if (logger.isDebugEnabled()) {
					logger.debug("Patching failure of bean '" + LogEscaper.escape(beanName) + "'", ex);
				}
				state.fail(reason);
				this.eventPublisher.publishEvent(new IntegrationEvent.Failed(this.registry, state.name, reason));
				return bean;
			}
		}
		return bean;
	}

	private Object instrument(IntegrationState state, Patcher patcher, Object bean, String beanName) {
		boolean[] created = new boolean[1];
		IntegrationState.Wrapped wrapped = state.wrapped.compute(beanName, (name, existing) -> {
			if (existing != null && existing.original() == bean) {
				return existing;
			}
			created[0] = true;
			String type = patcher.reportedType(bean).getName();
			String inPlace = patcher.instrumentInPlace(bean, new StatePatchContext(state, this.classLoader));
			if (inPlace != null) {
				return new IntegrationState.Wrapped(bean, bean, new PatchedBean(name, type, inPlace));
			}
			String withoutProxy = patcher.withoutProxy(bean);
			if (withoutProxy != null) {
				return new IntegrationState.Wrapped(bean, bean, new PatchedBean(name, type, withoutProxy));
			}
			if (bean instanceof Advised advised && !advised.isFrozen()) {
				advised.addAdvisor(Instrumented.advisor(interceptor(state, patcher)));
				return new IntegrationState.Wrapped(bean, bean,
						new PatchedBean(name, type, PatchedBean.EXISTING_PROXY));
			}
			Object proxy = createProxy(state, patcher, bean);
			return new IntegrationState.Wrapped(bean, proxy, new PatchedBean(name, type));
		});
		if (created[0]) {
			state.beanWrapped();
			if (logger.isDebugEnabled()) {
				logger.debug("Braintrust integration '" + state.name + "' instruments bean '"
						+ LogEscaper.escape(beanName) + "' (" + wrapped.bean().instrumentation() + ")");
			}
			this.eventPublisher
				.publishEvent(new IntegrationEvent.BeanPatched(this.registry, state.name, wrapped.bean()));
		}
		return wrapped.proxy();
	}

	private MethodInterceptor interceptor(IntegrationState state, Patcher patcher) {
		return new SwitchableInterceptor(state, patcher.interceptor(new StatePatchContext(state, this.classLoader)));
	}

	private Object createProxy(IntegrationState state, Patcher patcher, Object bean) {
		ProxyFactory factory = new ProxyFactory();
		factory.setTarget(bean);
		if (patcher.proxyTargetClass(bean)) {
			factory.setProxyTargetClass(true);
		}
		else {
			Class<?>[] interfaces = ClassUtils.getAllInterfaces(bean);
			if (interfaces.length == 0) {
				throw new IllegalStateException(
						"its class is final and implements no interface, so it cannot be proxied");
			}
			factory.setInterfaces(interfaces);
		}
		factory.addInterface(BraintrustInstrumented.class);
		factory.addAdvice(interceptor(state, patcher));
		return factory.getProxy(this.classLoader);
	}

}
