package dev.braintrust.spring.boot.integration;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One instrumented library: what it is, how to recognise it on the classpath, which
 * versions it supports and which {@link Patcher patchers} instrument its beans.
 * <p>
 * Built-in integrations are declared by the starter's auto-configurations; an application
 * adds its own by declaring an {@code Integration} bean, which the
 * {@link IntegrationRegistry} registers like a built-in one.
 * <p>
 * An implementation must be loadable when its library is absent: it names the library's
 * classes as strings and creates its patchers (which do reference the library) only from
 * {@link #patchers()}, which the registry calls only once the library is known to be
 * {@link #markerClassNames() available}.
 */
public interface Integration {

	/**
	 * Version of this contract implemented by the running starter. An integration that
	 * requires a newer contract is refused.
	 */
	int CONTRACT_VERSION = 1;

	/**
	 * Stable, unique, kebab-case name, used in properties
	 * ({@code braintrust.integrations.<name>.enabled}) and in the actuator endpoint.
	 * @return the name, for example {@code openai}
	 */
	String name();

	/**
	 * Human readable name.
	 * @return the display name, for example {@code OpenAI Java SDK}
	 */
	String displayName();

	/**
	 * Maven coordinates of the instrumented library.
	 * @return {@code groupId:artifactId}
	 */
	String coordinates();

	/**
	 * Classes whose presence means the library is available.
	 * @return fully qualified class names, all of which must be loadable
	 */
	List<String> markerClassNames();

	/**
	 * Library versions this integration supports.
	 * @return the supported range
	 */
	VersionRange supportedVersions();

	/**
	 * Newest library version this integration was tested with, reported by the actuator
	 * endpoint.
	 * @return the tested version, or {@code null}
	 */
	default @Nullable String testedVersion() {
		return null;
	}

	/**
	 * Detects the version of the library on the classpath.
	 * @param classLoader the application class loader
	 * @return the version, or {@code null} when it cannot be told
	 */
	default @Nullable String detectLibraryVersion(ClassLoader classLoader) {
		return LibraryVersions.detect(coordinates(), markerClassNames(), classLoader);
	}

	/**
	 * Patchers of this integration, in order of preference. For each bean the first
	 * patcher that {@link Patcher#supports(String) supports} the library version and
	 * {@link Patcher#matches matches} the bean wraps it. Called only when the library is
	 * available.
	 * @return the patchers
	 */
	List<Patcher> patchers();

	/**
	 * Version of the integration contract this integration was compiled against:
	 * implement it as {@code return Integration.CONTRACT_VERSION;}. The compiler copies
	 * the constant into the integration's class, so the value is the one of the starter
	 * the integration was built with, whichever starter runs it; the registry refuses an
	 * integration that needs a newer contract than the running starter implements.
	 * @return the contract version
	 */
	int contractVersion();

	/**
	 * Start declaring an integration, instead of implementing this interface.
	 * @param name the integration's {@link #name() name}
	 * @param contractVersion pass {@link #CONTRACT_VERSION} (the compiler copies the
	 * constant of the starter the declaration is compiled against, see
	 * {@link #contractVersion()})
	 * @return a builder
	 */
	static IntegrationDeclaration.Builder builder(String name, int contractVersion) {
		return new IntegrationDeclaration.Builder(name, contractVersion);
	}

}
