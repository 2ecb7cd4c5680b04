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

	private volatile boolean enabled;

	private volatile boolean switchedAtRuntime;

	private volatile @Nullable String failure;

	private volatile @Nullable String lastError;

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
		List<PatchedBean> beans = new ArrayList<>(this.wrapped.size());
		this.wrapped.values().forEach((entry) -> beans.add(entry.bean()));
		beans.sort(Comparator.comparing(PatchedBean::name));
		String lastError = (this.incompatibility != null) ? this.incompatibility : this.lastError;
		IntegrationInfo.Library library = new IntegrationInfo.Library(this.integration.coordinates(),
				this.libraryVersion, this.integration.supportedVersions().toString(), this.integration.testedVersion());
		return new IntegrationInfo(this.name, this.integration.displayName(), status(), this.enabled,
				this.switchedAtRuntime ? "runtime" : this.settings.enabledBy(), this.available,
				this.incompatibility == null, library, this.settings.captureContent(), List.copyOf(beans),
				this.calls.sum(), this.errors.sum(), lastError);
	}

	/**
	 * A bean instance and the one proxy made for it.
	 */
	record Wrapped(Object original, Object proxy, PatchedBean bean) {

	}

}
