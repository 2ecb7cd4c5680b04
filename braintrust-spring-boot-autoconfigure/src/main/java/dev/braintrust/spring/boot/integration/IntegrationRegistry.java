package dev.braintrust.spring.boot.integration;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

import dev.braintrust.spring.boot.internal.LogEscaper;
import org.aopalliance.intercept.MethodInterceptor;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.framework.Advised;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.util.ClassUtils;

/**
 * Knows every integration and its state: whether its library is available and compatible,
 * whether it is enabled and by which property, which beans it wrapped, how many calls it
 * traced and its last error.
 * <p>
 * Thread-safe. Lookups by name are constant time. The registry publishes an
 * {@link IntegrationEvent} when it registers an integration, wraps a bean, or an
 * integration fails.
 */
public final class IntegrationRegistry implements SmartInitializingSingleton {

	private static final Log logger = LogFactory.getLog(IntegrationRegistry.class);

	private static final Pattern NAME = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

	private final Map<String, IntegrationState> states;

	private final IntegrationState[] ordered;

	private final ClassLoader classLoader;

	private final ApplicationEventPublisher eventPublisher;

	/**
	 * Registers integrations.
	 * @param integrations the integrations, built-in and contributed
	 * @param settings the startup settings of an integration, by name
	 * @param classLoader the application class loader, used to detect libraries and to
	 * create proxies
	 * @param eventPublisher where the registry's events go
	 * @throws IllegalStateException if two integrations share a name or a name is not
	 * kebab-case
	 */
	public IntegrationRegistry(Collection<? extends Integration> integrations,
			Function<String, IntegrationSettings> settings, ClassLoader classLoader,
			ApplicationEventPublisher eventPublisher) {
		this.classLoader = classLoader;
		this.eventPublisher = eventPublisher;
		Map<String, IntegrationState> states = new LinkedHashMap<>();
		for (Integration integration : integrations) {
			String name = integration.name();
			if (!NAME.matcher(name).matches()) {
				throw new IllegalStateException("Integration name '" + name + "' of " + integration.getClass().getName()
						+ " is not kebab-case (for example 'my-library')");
			}
			IntegrationState previous = states.get(name);
			if (previous != null) {
				throw new IllegalStateException(
						"Two integrations are named '" + name + "': " + previous.integration.getClass().getName()
								+ " and " + integration.getClass().getName() + "; integration names must be unique");
			}
			states.put(name, register(integration, settings.apply(name)));
		}
		this.states = Map.copyOf(states);
		this.ordered = states.values().toArray(IntegrationState[]::new);
		for (IntegrationState state : this.ordered) {
			this.eventPublisher.publishEvent(new IntegrationEvent.Registered(this, state.name, state.status()));
		}
	}

	private IntegrationState register(Integration integration, IntegrationSettings settings) {
		String name = integration.name();
		if (integration.contractVersion() > Integration.CONTRACT_VERSION) {
			String reason = "Integration '" + name + "' requires integration contract version "
					+ integration.contractVersion() + " but this starter implements version "
					+ Integration.CONTRACT_VERSION + "; upgrade braintrust-spring-boot-starter";
			logger.warn(reason);
			return new IntegrationState(integration, isAvailable(integration), null, reason, settings, List.of(), null);
		}
		if (!isAvailable(integration)) {
			return new IntegrationState(integration, false, null, null, settings, List.of(), null);
		}
		String version = integration.detectLibraryVersion(this.classLoader);
		String incompatibility = checkVersion(integration, version, settings);
		if (incompatibility != null || !settings.enabled()) {
			return new IntegrationState(integration, true, version, incompatibility, settings, List.of(), null);
		}
		try {
			return new IntegrationState(integration, true, version, null, settings, List.copyOf(integration.patchers()),
					null);
		}
		catch (RuntimeException | LinkageError ex) {
			String reason = "Integration '" + name + "' could not load its patchers: " + describe(ex);
			logger.warn(reason + "; its beans are left uninstrumented");
			return new IntegrationState(integration, true, version, null, settings, List.of(), reason);
		}
	}

	private boolean isAvailable(Integration integration) {
		for (String className : integration.markerClassNames()) {
			if (!ClassUtils.isPresent(className, this.classLoader)) {
				return false;
			}
		}
		return true;
	}

	private @Nullable String checkVersion(Integration integration, @Nullable String version,
			IntegrationSettings settings) {
		if (version == null) {
			return null;
		}
		VersionRange supported = integration.supportedVersions();
		boolean inRange;
		try {
			inRange = supported.contains(version);
		}
		catch (IllegalArgumentException ex) {
			// A version we cannot parse is treated as unknown.
			return null;
		}
		if (!inRange) {
			String reason = integration.coordinates() + " " + LogEscaper.escape(version)
					+ " is outside the supported versions " + supported + " of integration '" + integration.name()
					+ "'";
			if (settings.enabled()) {
				logger.warn(reason + "; its beans are left uninstrumented. Use a supported version, or set "
						+ "braintrust.integrations." + integration.name() + ".enabled=false to silence this");
			}
			return reason;
		}
		String tested = integration.testedVersion();
		if (tested != null && settings.enabled() && isNewer(version, tested)) {
			logger.info(integration.coordinates() + " " + LogEscaper.escape(version) + " is newer than " + tested
					+ ", the newest version integration '" + integration.name() + "' was tested with");
		}
		return null;
	}

	private static boolean isNewer(String version, String than) {
		try {
			return VersionRange.compare(version, than) > 0;
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	/**
	 * Logs one line that sums up what is instrumented, once every singleton bean has been
	 * created.
	 */
	@Override
	public void afterSingletonsInstantiated() {
		if (!logger.isInfoEnabled() || this.ordered.length == 0) {
			return;
		}
		StringBuilder summary = new StringBuilder("Braintrust integrations:");
		for (IntegrationState state : this.ordered) {
			summary.append(' ').append(state.name).append('=').append(state.status());
			int beans = state.wrapped.size();
			if (beans > 0) {
				summary.append(" (").append(beans).append((beans == 1) ? " bean)" : " beans)");
			}
			summary.append(',');
		}
		summary.setLength(summary.length() - 1);
		logger.info(summary);
	}

	/**
	 * Finds an integration by name.
	 * @param name the integration name
	 * @return a snapshot of its state, or empty when no integration has that name
	 */
	public Optional<IntegrationInfo> find(String name) {
		IntegrationState state = this.states.get(name);
		return (state != null) ? Optional.of(state.snapshot()) : Optional.empty();
	}

	/**
	 * Every registered integration, in registration order.
	 * @return snapshots of their states
	 */
	public List<IntegrationInfo> all() {
		List<IntegrationInfo> all = new ArrayList<>(this.ordered.length);
		for (IntegrationState state : this.ordered) {
			all.add(state.snapshot());
		}
		return all;
	}

	/**
	 * The integrations whose library is on the classpath.
	 * @return snapshots of their states
	 */
	public List<IntegrationInfo> available() {
		List<IntegrationInfo> available = new ArrayList<>();
		for (IntegrationState state : this.ordered) {
			if (state.available) {
				available.add(state.snapshot());
			}
		}
		return available;
	}

	/**
	 * Whether an integration is enabled right now.
	 * @param name the integration name
	 * @return whether it exists and is enabled
	 */
	public boolean isEnabled(String name) {
		IntegrationState state = this.states.get(name);
		return state != null && state.isEnabled();
	}

	/**
	 * Switches an integration on or off at runtime. While off, its proxies pass every
	 * call straight to the instrumented bean. An integration that was disabled at startup
	 * wrapped no bean, so enabling it needs a restart.
	 * @param name the integration name
	 * @param enabled the new state
	 * @return what happened
	 */
	public Toggle setEnabled(String name, boolean enabled) {
		IntegrationState state = this.states.get(name);
		if (state == null) {
			return Toggle.UNKNOWN;
		}
		if (enabled && !state.patchesBeans()) {
			return state.available ? Toggle.RESTART_REQUIRED : Toggle.NOT_AVAILABLE;
		}
		state.setEnabled(enabled);
		logger.info("Braintrust integration '" + name + "' " + (enabled ? "enabled" : "disabled") + " at runtime");
		return Toggle.UPDATED;
	}

	/**
	 * Counts one traced call of an integration.
	 * @param name the integration name
	 */
	public void recordCall(String name) {
		IntegrationState state = this.states.get(name);
		if (state != null) {
			state.calls.increment();
		}
	}

	/**
	 * Counts one failed traced call of an integration.
	 * @param name the integration name
	 * @param description a short description of the error, free of secrets
	 */
	public void recordError(String name, String description) {
		IntegrationState state = this.states.get(name);
		if (state != null) {
			state.recordError(description);
		}
	}

	/**
	 * Counts one failure of an integration's instrumentation (never of the instrumented
	 * call, which proceeded).
	 * @param name the integration name
	 * @param step what the instrumentation was doing
	 * @param failure what was thrown; only its type is kept, its message may quote
	 * content
	 */
	public void recordInstrumentationFailure(String name, String step, Throwable failure) {
		IntegrationState state = this.states.get(name);
		if (state != null) {
			state.recordInstrumentationFailure(step + ": " + failure.getClass().getName());
		}
	}

	/**
	 * Instruments a bean with the first integration whose patcher matches it, at most
	 * once per bean instance: in a proxy of the starter; by adding the starter's advice
	 * to the bean's own advice chain when it already is a Spring AOP proxy (a
	 * {@code @Transactional} or {@code @Validated} bean, a scoped proxy), so that it
	 * keeps its class and identity; or without any proxy when the patcher says so
	 * ({@link Patcher#withoutProxy(Object)}). The targets of scoped proxies are left
	 * alone: their scoped proxy is instrumented instead.
	 * @param bean the bean
	 * @param beanName its name
	 * @return the proxy, or the bean itself when it is instrumented in place, when no
	 * integration applies or when patching failed
	 */
	Object patch(Object bean, String beanName) {
		if (Instrumented.isInstrumented(bean) || ScopedProxyUtils.isScopedTarget(beanName)) {
			return bean;
		}
		for (IntegrationState state : this.ordered) {
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
						+ bean.getClass().getName() + "): " + describe(ex);
				logger.warn(
						"Braintrust integration '" + state.name + "' " + reason + "; the bean is used uninstrumented");
				if (logger.isDebugEnabled()) {
					logger.debug("Patching failure of bean '" + LogEscaper.escape(beanName) + "'", ex);
				}
				state.fail(reason);
				this.eventPublisher.publishEvent(new IntegrationEvent.Failed(this, state.name, reason));
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
			this.eventPublisher.publishEvent(new IntegrationEvent.BeanPatched(this, state.name, wrapped.bean()));
		}
		return wrapped.proxy();
	}

	private MethodInterceptor interceptor(IntegrationState state, Patcher patcher) {
		return new SwitchableInterceptor(state, patcher.interceptor(new StatePatchContext(state)));
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

	private static String describe(Throwable ex) {
		String message = ex.getMessage();
		return (message != null) ? ex.getClass().getSimpleName() + ": " + LogEscaper.escape(message)
				: ex.getClass().getSimpleName();
	}

	/**
	 * Result of {@link #setEnabled(String, boolean)}.
	 */
	public enum Toggle {

		/**
		 * The integration's proxies now follow the new state.
		 */
		UPDATED,

		/**
		 * No integration has that name.
		 */
		UNKNOWN,

		/**
		 * The integration's library is not on the classpath.
		 */
		NOT_AVAILABLE,

		/**
		 * The integration wrapped no bean at startup (it was disabled, or its library is
		 * incompatible): enabling it takes a restart.
		 */
		RESTART_REQUIRED

	}

	private final class StatePatchContext implements PatchContext {

		private final IntegrationState state;

		private final ChildProxyCache childProxies = new ChildProxyCache();

		StatePatchContext(IntegrationState state) {
			this.state = state;
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
			return (T) factory.getProxy(IntegrationRegistry.this.classLoader);
		}

	}

}
