package dev.braintrust.spring.boot.autoconfigure;

import java.net.URI;
import java.util.Locale;

import dev.braintrust.spring.boot.export.BraintrustExportStatus;
import dev.braintrust.spring.boot.export.ExportMode;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Says once, when the context is ready, where LLM spans go and how to change it.
 */
final class BraintrustExportStartupLogger implements SmartInitializingSingleton {

	private static final Log logger = LogFactory.getLog("dev.braintrust.spring.boot.export");

	private final BraintrustExportStatus status;

	private final @Nullable String parent;

	private final String endpointProperty;

	BraintrustExportStartupLogger(BraintrustExportStatus status, @Nullable String parent, String endpointProperty) {
		this.status = status;
		this.parent = parent;
		this.endpointProperty = endpointProperty;
	}

	@Override
	public void afterSingletonsInstantiated() {
		if (this.status.getMode() == ExportMode.LOCAL) {
			logger.info("Braintrust local mode: braintrust.api-key is not set, so nothing is sent and each LLM span "
					+ "is logged by dev.braintrust.spring.boot.export.LocalSpanLogger. To export to Braintrust, set "
					+ "braintrust.api-key (or the BRAINTRUST_API_KEY environment variable).");
			return;
		}
		logger.info("Braintrust export: sending AI spans to " + this.status.getEndpoint()
				+ ((this.parent != null) ? " (x-bt-parent " + this.parent + ")" : ""));
		warnIfPlainTextToRemoteHost(this.status.getEndpoint(), this.endpointProperty);
		if (this.parent == null) {
			logger.warn("Braintrust export: neither braintrust.project nor braintrust.project-id is set; spans "
					+ "without their own braintrust.parent attribute are sent without an x-bt-parent header");
		}
	}

	private static void warnIfPlainTextToRemoteHost(@Nullable String endpoint, String endpointProperty) {
		if (endpoint == null) {
			return;
		}
		URI uri = URI.create(endpoint);
		if ("http".equalsIgnoreCase(uri.getScheme()) && !isLoopback(uri.getHost())) {
			logger.warn("Braintrust export: " + endpointProperty + " is a plain http:// URL to " + uri.getHost()
					+ ", which is not loopback: the API key is sent unencrypted as a bearer token on every export. "
					+ "Use an https:// URL (or BRAINTRUST_API_URL) unless this network is trusted.");
		}
	}

	/**
	 * Loopback by name or address literal only: no DNS lookup at startup.
	 */
	static boolean isLoopback(@Nullable String host) {
		if (host == null) {
			return false;
		}
		String name = host.toLowerCase(Locale.ROOT);
		if (name.startsWith("[") && name.endsWith("]")) {
			name = name.substring(1, name.length() - 1);
		}
		return name.equals("localhost") || name.endsWith(".localhost") || name.matches("127(\\.\\d{1,3}){3}")
				|| name.equals("::1") || name.equals("0:0:0:0:0:0:0:1");
	}

}
