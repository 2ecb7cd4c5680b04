package dev.braintrust.spring.boot.integration;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.ApplicationEventPublisher;

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

	private final BeanInstrumenter instrumenter;

	private final Function<String, IntegrationSettings> settings;

	/**
	 * The settings of names no registered integration has, that calls were traced under
	 * (names are constants of code, so few; bounded all the same).
	 */
	private final Map<String, IntegrationSettings> unregistered = new ConcurrentHashMap<>();

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
		this.settings = settings;
		IntegrationCompatibility compatibility = new IntegrationCompatibility(classLoader);
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
			states.put(name, compatibility.register(integration, settings.apply(name)));
		}
		this.states = Map.copyOf(states);
		this.ordered = states.values().toArray(IntegrationState[]::new);
		this.instrumenter = new BeanInstrumenter(this, this.ordered, classLoader, eventPublisher);
		for (IntegrationState state : this.ordered) {
			eventPublisher.publishEvent(new IntegrationEvent.Registered(this, state.name, state.status()));
		}
	}

	/**
	 * Logs one line that sums up what is instrumented, once every singleton bean has been
	 * created.
	 */
	@Override
	public void afterSingletonsInstantiated() {
		if (logger.isInfoEnabled() && this.ordered.length > 0) {
			logger.info(IntegrationSummary.of(this.ordered));
		}
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
	 * Whether an integration is enabled right now.
	 * @param name the integration name
	 * @return whether it exists and is enabled
	 */
	public boolean isEnabled(String name) {
		IntegrationState state = this.states.get(name);
		return state != null && state.isEnabled();
	}

	/**
	 * Whether the calls of an integration record their content (prompts, completions,
	 * tool arguments): its startup setting, or for a name no registered integration has,
	 * the setting such an integration would get.
	 * @param name the integration name
	 * @return whether its calls capture content
	 */
	public boolean capturesContent(String name) {
		IntegrationState state = this.states.get(name);
		if (state != null) {
			return state.settings.captureContent();
		}
		IntegrationSettings settings = this.unregistered.get(name);
		if (settings == null) {
			settings = this.settings.apply(name);
			if (this.unregistered.size() < 64) {
				this.unregistered.putIfAbsent(name, settings);
			}
		}
		return settings.captureContent();
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
	 * Instruments a bean with the first integration whose patcher matches it (see
	 * {@link BeanInstrumenter}).
	 * @param bean the bean
	 * @param beanName its name
	 * @return the bean to use in its place
	 */
	Object patch(Object bean, String beanName) {
		return this.instrumenter.patch(bean, beanName);
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

}
