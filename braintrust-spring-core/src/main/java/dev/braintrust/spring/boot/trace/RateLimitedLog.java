package dev.braintrust.spring.boot.trace;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Logs failures at most once a minute per key, with a count of the ones it skipped, and
 * {@link #INSTRUMENTATION} is the one log of instrumentation failures (one key per
 * integration and step). Only the exception's type and first frame are logged, never its
 * message: it may quote prompt or completion text.
 */
final class RateLimitedLog {

	/**
	 * The log of every instrumentation failure.
	 */
	static final RateLimitedLog INSTRUMENTATION = new RateLimitedLog(
			LogFactory.getLog("dev.braintrust.spring.boot.instrumentation"));

	private static final long INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

	// Integrations times steps, a few dozen: the bound only guards against a caller that
	// makes up keys.
	private static final int MAX_WINDOWS = 256;

	private final Log log;

	private final ConcurrentMap<String, Window> windows = new ConcurrentHashMap<>();

	RateLimitedLog(Log log) {
		this.log = log;
	}

	/**
	 * Log a failure of the instrumentation of a call of an integration.
	 */
	void instrumentationFailure(String integration, String step, Throwable ex) {
		if (this.log.isWarnEnabled()) {
			warn(integration + '/' + step, "Braintrust instrumentation of a '" + integration + "' call failed (" + step
					+ "); the call itself is unaffected", ex);
		}
	}

	/**
	 * Log a failure, unless one of the same key was logged less than a minute ago.
	 */
	void warn(String key, String message, Throwable ex) {
		if (!this.log.isWarnEnabled()) {
			return;
		}
		Window window = this.windows.get(key);
		if (window == null) {
			if (this.windows.size() >= MAX_WINDOWS) {
				this.windows.clear();
			}
			window = this.windows.computeIfAbsent(key, (k) -> new Window());
		}
		long now = System.nanoTime();
		long last = window.lastLogged.get();
		if ((last != 0 && now - last < INTERVAL_NANOS) || !window.lastLogged.compareAndSet(last, now)) {
			window.skipped.incrementAndGet();
			return;
		}
		long skipped = window.skipped.getAndSet(0);
		StackTraceElement[] frames = ex.getStackTrace();
		String where = (frames.length > 0) ? " at " + frames[0] : "";
		this.log.warn(message + ": " + ex.getClass().getName() + where
				+ ((skipped > 0) ? " (" + skipped + " similar failures not logged)" : ""));
	}

	private static final class Window {

		private final AtomicLong lastLogged = new AtomicLong();

		private final AtomicLong skipped = new AtomicLong();

	}

}
