package dev.braintrust.spring.boot.integrations.anthropic;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Logs a failure of the instrumentation itself (never of the caller's call, which always
 * proceeds): the first one of each kind at WARN, later ones at DEBUG, so a recurring
 * problem is visible once without flooding the log.
 */
final class InstrumentationLog {

	private static final Log logger = LogFactory.getLog(AnthropicIntegration.class);

	private static final Set<String> warned = ConcurrentHashMap.newKeySet();

	private InstrumentationLog() {
	}

	static void warn(String kind, String message, Throwable ex) {
		if (warned.add(kind)) {
			logger.warn(message + " (further occurrences are logged at DEBUG)", ex);
		}
		else if (logger.isDebugEnabled()) {
			logger.debug(message, ex);
		}
	}

}
