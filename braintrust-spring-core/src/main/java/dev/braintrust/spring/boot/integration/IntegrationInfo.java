package dev.braintrust.spring.boot.integration;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A snapshot of one integration's state.
 *
 * @param name the integration name
 * @param displayName the human readable name
 * @param status the status
 * @param enabled whether the integration is enabled right now
 * @param enabledBy the property that decided {@code enabled} at startup,
 * {@code "default"}, or {@code "runtime"} once it was switched through the registry
 * @param available whether the library is on the classpath
 * @param compatible whether the library version is supported (an unknown version counts
 * as compatible)
 * @param library the library and its versions
 * @param captureContent whether the integration's spans record content
 * @param patchedBeans the beans wrapped so far
 * @param calls the number of traced calls
 * @param errors the number of traced calls that failed
 * @param lastError a short description of the last failure, never containing secrets
 * @param instrumentationFailures the number of failures of the instrumentation itself (a
 * request or response it could not read, a span it could not write): each left the
 * instrumented call unaffected
 * @param lastInstrumentationFailure what the instrumentation was doing and the type of
 * the last such failure, such as {@code response: java.lang.NoSuchMethodError}
 */
public record IntegrationInfo(String name, String displayName, IntegrationStatus status, boolean enabled,
		String enabledBy, boolean available, boolean compatible, Library library, boolean captureContent,
		List<PatchedBean> patchedBeans, long calls, long errors, @Nullable String lastError,
		long instrumentationFailures, @Nullable String lastInstrumentationFailure) {

	/**
	 * The instrumented library.
	 *
	 * @param coordinates Maven coordinates
	 * @param version the detected version, or {@code null} when unknown
	 * @param supportedVersions the supported range
	 * @param tested the newest version tested, or {@code null}
	 */
	public record Library(String coordinates, @Nullable String version, String supportedVersions,
			@Nullable String tested) {

	}

}
