package dev.braintrust.spring.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Measured figures, printed and appended to {@code target/reliability-figures/figures.md}
 * as table rows ({@code | scenario | figure | value |}), the source of the tables in
 * RELIABILITY.md. Figures are recorded, never asserted: latency on a shared machine is
 * not a pass/fail criterion.
 */
final class Figures {

	private Figures() {
	}

	static synchronized void record(String scenario, String figure, Object value) {
		String row = "| " + scenario + " | " + figure + " | " + value + " |";
		System.out.println("[figure] " + row);
		Path dir = Path.of(System.getProperty("reliability.figures.dir", "target/reliability-figures"));
		try {
			Files.createDirectories(dir);
			Files.writeString(dir.resolve("figures.md"), row + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
					StandardOpenOption.APPEND);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static String millis(double nanos) {
		return String.format(Locale.ROOT, "%.1f ms", nanos / 1_000_000.0);
	}

	/**
	 * Latencies of one run of calls, in nanoseconds.
	 */
	static final class Latencies {

		private final List<Long> nanos = Collections.synchronizedList(new ArrayList<>());

		void add(long nanos) {
			this.nanos.add(nanos);
		}

		int count() {
			return this.nanos.size();
		}

		String percentile(double p) {
			List<Long> sorted;
			synchronized (this.nanos) {
				sorted = new ArrayList<>(this.nanos);
			}
			if (sorted.isEmpty()) {
				return "n/a";
			}
			Collections.sort(sorted);
			int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
			return millis(sorted.get(Math.max(0, Math.min(sorted.size() - 1, index))));
		}

		String summary() {
			return "p50 " + percentile(50) + ", p99 " + percentile(99) + " (" + count() + " calls)";
		}

	}

}
