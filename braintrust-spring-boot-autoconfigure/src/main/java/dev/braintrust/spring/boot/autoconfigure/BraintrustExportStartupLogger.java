package dev.braintrust.spring.boot.autoconfigure;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.braintrust.spring.boot.export.BraintrustExportStatus;
import dev.braintrust.spring.boot.export.ExportMode;

import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Says once, when the context is ready, where LLM spans go and how to change it.
 */
final class BraintrustExportStartupLogger implements SmartInitializingSingleton {

	private static final Log logger = LogFactory.getLog("dev.braintrust.spring.boot.export");

	private final BraintrustExportStatus status;

	private final @Nullable String parent;

	BraintrustExportStartupLogger(BraintrustExportStatus status, @Nullable String parent) {
		this.status = status;
		this.parent = parent;
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
		if (this.parent == null) {
			logger.warn("Braintrust export: neither braintrust.project nor braintrust.project-id is set; spans "
					+ "without their own braintrust.parent attribute are sent without an x-bt-parent header");
		}
	}

}
