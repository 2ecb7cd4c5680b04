package dev.braintrust.spring.boot.integration;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.jspecify.annotations.Nullable;

/**
 * The live, thread-safe state of one registered integration.
 */
final class IntegrationState {

	final Integration integration;

	final String name;

	final boolean available;

	final @Nullable String libraryVersion;

	/**
	 * Why the integration cannot be used with this library or starter, or {@code null}
	 * when it can.
	 */
	final @Nullable String incompatibility;

	final IntegrationSettings settings;

	/**
	 * Patchers, loaded once the library is known to be available; empty otherwise.
	 */
	final List<Patcher> patchers;

	final ConcurrentHashMap<String, Wrapped> wrapped = new ConcurrentHashMap<>();

	final LongAdder calls = new LongAdder();

	final LongAdder errors = new LongAdder();

	final LongAdder instrumentationFailures = new LongAdder();

	private volatile boolean enabled;

	private volatile boolean switchedAtRuntime;

	private volatile @Nullable String failure;

	private volatile @Nullable String lastError;

	private volatile @Nullable String lastInstrumentationFailure;

	// Snapshots are read far more often than beans are wrapped: both are kept ready.
	private final IntegrationInfo.Library library;

	private volatile List<PatchedBean> patchedBeans = List.of();

	IntegrationState(Integration integration, boolean available, @Nullable String libraryVersion,
			@Nullable String incompatibility, IntegrationSettings settings, List<Patcher> patchers,
			@Nullable String failure) {
		this.integration = integration;
		this.name = integration.name();
		this.available = available;
		this.libraryVersion = libraryVersion;
		this.incompatibility = incompatibility;
		this.settings = settings;
		this.patchers = patchers;
		this.enabled = settings.enabled();
		this.failure = failure;
		this.lastError = failure;
		this.library = new IntegrationInfo.Library(integration.coordinates(), libraryVersion,
				integration.supportedVersions().toString(), integration.testedVersion());
	}

	/**
	 * Refreshes the list of wrapped beans that snapshots report, after a bean was
	 * wrapped. Synchronized so that refreshes do not overtake one another: a refresh that
	 * read the map before another bean was added must not write its list after the
	 * refresh that saw that bean.
	 */
	synchronized void beanWrapped() {
		List<PatchedBean> beans = new ArrayList<>(this.wrapped.size());
		this.wrapped.values().forEach((entry) -> beans.add(entry.bean()));
		beans.sort(Comparator.comparing(PatchedBean::name));
		this.patchedBeans = List.copyOf(beans);
	}

	/**
	 * Whether beans may be wrapped: decided once at startup, never by the runtime switch.
	 */
	boolean patchesBeans() {
		return this.available && this.incompatibility == null && this.settings.enabled() && !this.patchers.isEmpty();
	}

	/**
	 * The live flag every proxy reads on each call.
	 */
	boolean isEnabled() {
		return this.enabled;
	}

	void setEnabled(boolean enabled) {
		this.enabled = enabled;
		this.switchedAtRuntime = true;
	}

	void fail(String reason) {
		this.failure = reason;
		this.lastError = reason;
	}

	void recordError(String description) {
		this.errors.increment();
		this.lastError = description;
	}

	void recordInstrumentationFailure(String description) {
		this.instrumentationFailures.increment();
		this.lastInstrumentationFailure = description;
	}

	@Nullable Patcher patcherFor(Object bean, String beanName) {
		for (Patcher patcher : this.patchers) {
			if (patcher.supports(this.libraryVersion) && patcher.matches(bean, beanName)) {
				return patcher;
			}
		}
		return null;
	}

	IntegrationStatus status() {
		if (!this.available) {
			return IntegrationStatus.NOT_AVAILABLE;
		}
		if (this.incompatibility != null) {
			return IntegrationStatus.INCOMPATIBLE;
		}
		if (!this.enabled) {
			return IntegrationStatus.DISABLED;
		}
		return (this.failure != null) ? IntegrationStatus.FAILED : IntegrationStatus.ACTIVE;
	}

	IntegrationInfo snapshot() {
		String lastError = (this.incompatibility != null) ? this.incompatibility : this.lastError;
		return new IntegrationInfo(this.name, this.integration.displayName(), status(), this.enabled,
				this.switchedAtRuntime ? "runtime" : this.settings.enabledBy(), this.available,
				this.incompatibility == null, this.library, this.settings.captureContent(), this.patchedBeans,
				this.calls.sum(), this.errors.sum(), lastError, this.instrumentationFailures.sum(),
				this.lastInstrumentationFailure);
	}

	/**
	 * A bean instance and the one proxy made for it.
	 */
	record Wrapped(Object original, Object proxy, PatchedBean bean) {

	}

}
