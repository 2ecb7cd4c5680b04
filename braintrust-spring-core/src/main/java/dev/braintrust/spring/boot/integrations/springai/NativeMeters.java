package dev.braintrust.spring.boot.integrations.springai;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;

/**
 * Spring AI's own meters of chat and embedding model calls, which the starter's
 * {@code gen_ai.client.operation.duration} and {@code gen_ai.client.token.usage} meters
 * replace. A model the starter proxies makes no observation of its calls (it is
 * suppressed); a final model's observation is the starter's way to trace it, so its
 * meters are denied here instead. Spring AI's token counter shares its name with the
 * starter's distribution summary but has other tags (and another type), which some
 * registries (Prometheus) refuse: leaving both would break the application's metrics.
 */
final class NativeMeters {

	// Micrometer's meter handler names the timer after the observation.
	private static final String OPERATION = "gen_ai.client.operation";

	private static final String ACTIVE_OPERATIONS = "gen_ai.client.operation.active";

	private static final String TOKEN_USAGE = "gen_ai.client.token.usage";

	// A tag of Spring AI's meters that the starter's do not have.
	private static final String SPRING_AI_PROVIDER_TAG = "gen_ai.system";

	private NativeMeters() {
	}

	static MeterFilter filter() {
		return MeterFilter.deny(NativeMeters::isNative);
	}

	static boolean isNative(Meter.Id id) {
		String name = id.getName();
		if (name.equals(OPERATION) || name.equals(ACTIVE_OPERATIONS)) {
			return true;
		}
		return name.equals(TOKEN_USAGE) && id.getTag(SPRING_AI_PROVIDER_TAG) != null;
	}

}
