package dev.braintrust.spring.boot.integrations.anthropic;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Logs a failure of the instrumentation itself (never of the caller's call, which always
 * proceeds): the first one of each kind at WARN, later ones at DEBUG, so a recurring
 * problem is visible once without flooding the log. Only the exception's type and first
 * frame are logged, never its message: it may quote the prompt or the server's payload,
 * line breaks included.
 */
final class InstrumentationLog {

	private static final Log logger = LogFactory.getLog(AnthropicIntegration.class);

	private static final Set<String> warned = ConcurrentHashMap.newKeySet();

	private InstrumentationLog() {
	}

	static void warn(String kind, String message, Throwable ex) {
		if (warned.add(kind)) {
			logger.warn(describe(message, ex) + " (further occurrences are logged at DEBUG)");
		}
		else if (logger.isDebugEnabled()) {
			logger.debug(describe(message, ex));
		}
	}

	private static String describe(String message, Throwable ex) {
		StackTraceElement[] frames = ex.getStackTrace();
		return message + ": " + ex.getClass().getName() + ((frames.length > 0) ? " at " + frames[0] : "");
	}

}
