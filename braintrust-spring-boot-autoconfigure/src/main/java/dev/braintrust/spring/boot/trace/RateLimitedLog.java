package dev.braintrust.spring.boot.trace;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;

/**
 * Logs instrumentation failures at most once a minute per key, with a count of the ones
 * it skipped. Only the exception's type and first frame are logged, never its message: it
 * may quote prompt or completion text.
 */
final class RateLimitedLog {

	private static final long INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

	private final Log log;

	private final ConcurrentMap<String, Window> windows = new ConcurrentHashMap<>();

	private final AtomicLong failures = new AtomicLong();

	RateLimitedLog(Log log) {
		this.log = log;
	}

	void warn(String key, String message, Throwable ex) {
		this.failures.incrementAndGet();
		Window window = this.windows.computeIfAbsent(key, (k) -> new Window());
		long now = System.nanoTime();
		long last = window.lastLogged.get();
		if (last != 0 && now - last < INTERVAL_NANOS) {
			window.skipped.incrementAndGet();
			return;
		}
		if (!window.lastLogged.compareAndSet(last, now)) {
			window.skipped.incrementAndGet();
			return;
		}
		long skipped = window.skipped.getAndSet(0);
		StackTraceElement[] frames = ex.getStackTrace();
		String where = (frames.length > 0) ? " at " + frames[0] : "";
		this.log.warn(message + ": " + ex.getClass().getName() + where
				+ ((skipped > 0) ? " (" + skipped + " similar failures not logged)" : ""));
	}

	long failures() {
		return this.failures.get();
	}

	private static final class Window {

		private final AtomicLong lastLogged = new AtomicLong();

		private final AtomicLong skipped = new AtomicLong();

	}

}
