package dev.braintrust.spring.boot.integration;

import java.util.List;

import dev.braintrust.spring.boot.internal.LogEscaper;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;

/**
 * Decides what an integration can do in this application when it is registered: whether
 * the starter implements the contract it was written against, whether its library is on
 * the classpath, and whether the library's version is one it supports. An incompatible or
 * disabled integration gets no patchers; a library newer than the one the integration was
 * tested with is used, and said once.
 */
final class IntegrationCompatibility {

	private static final Log logger = LogFactory.getLog(IntegrationRegistry.class);

	private final ClassLoader classLoader;

	IntegrationCompatibility(ClassLoader classLoader) {
		this.classLoader = classLoader;
	}

	IntegrationState register(Integration integration, IntegrationSettings settings) {
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
			String reason = "Integration '" + name + "' could not load its patchers: " + LogEscaper.describe(ex);
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

}
