package dev.braintrust.spring.reliability;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.opentelemetry.proto.trace.v1.Span;
import tools.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The quickstart sample, run as a separate JVM exporting to a local receiver, is stopped
 * with SIGTERM while its demo's spans are still queued (a 10-minute schedule delay keeps
 * them there): the receiver gets all of them; and with a backend that never answers, the
 * process still exits within {@code braintrust.export.shutdown-timeout}.
 */
class SampleShutdownTests {

	private static final Pattern PORT = Pattern.compile("Tomcat started on port (\\d+)");

	private static final String CANARY = "bt-shutdown-canary-5e0c";

	@Test
	void sigtermFlushesEveryPendingSpanToTheReceiver() throws Exception {
		try (FaultyOtlpReceiver receiver = new FaultyOtlpReceiver()) {
			Sample sample = Sample.start(receiver, "--braintrust.export.shutdown-timeout=5s");
			try {
				long created = sample.llmCalls();
				assertThat(created).isPositive();
				assertThat(receiver.spanCount()).as("spans exported before SIGTERM").isZero();
				long exitNanos = sample.sigterm();
				List<Span> received = receiver.spans();
				long starterSpans = llmSpans(received);
				// Each demo step is a @Traced task: one task span per trace of the calls.
				long taskSpans = received.stream()
					.filter((span) -> hasAttribute(span, "braintrust.span_attributes")
							&& !hasAttribute(span, "gen_ai.operation.name"))
					.count();
				long callTraces = received.stream()
					.filter((span) -> hasAttribute(span, "braintrust.span_attributes")
							&& hasAttribute(span, "gen_ai.operation.name"))
					.map(Span::getTraceId)
					.distinct()
					.count();
				String scenario = "Shutdown: SIGTERM with spans pending, receiver healthy (shutdown-timeout 5 s)";
				Figures.record(scenario, "calls traced (/actuator/integrations) / starter call spans received",
						created + " / " + starterSpans);
				Figures.record(scenario, "@Traced task spans received / traces of the calls",
						taskSpans + " / " + callTraces);
				Figures.record(scenario, "AI spans received (the starter's and Spring AI's own gen_ai spans)",
						received.size() + ", all pending at SIGTERM (0 received before)");
				Figures.record(scenario, "SIGTERM to process exit", Figures.millis(exitNanos));
				Figures.record(scenario, "exit code", sample.process.exitValue());
				assertThat(starterSpans).isEqualTo(created);
				assertThat(taskSpans).isEqualTo(callTraces).isPositive();
				assertThat(receiver.uniqueSpanCount()).isEqualTo(received.size());
				assertThat(received).extracting(Span::getName).contains("chat gpt-4o-mini", "chat claude-haiku-4-5");
				assertThat(receiver.requestHeaders())
					.allSatisfy((headers) -> assertThat(headers.get("authorization")).isEqualTo("Bearer " + CANARY));
			}
			finally {
				sample.kill();
			}
		}
	}

	@Test
	void sigtermWithABackendThatNeverAnswersStillExitsWithinTheShutdownTimeout() throws Exception {
		try (FaultyOtlpReceiver receiver = new FaultyOtlpReceiver()) {
			receiver.slowDelay(Duration.ofMinutes(10));
			receiver.mode(FaultyOtlpReceiver.Mode.SLOW);
			Sample sample = Sample.start(receiver, "--braintrust.export.shutdown-timeout=2s");
			try {
				long created = sample.llmCalls();
				long exitNanos = sample.sigterm();
				String scenario = "Shutdown: SIGTERM with spans pending, receiver never answers (shutdown-timeout 2 s)";
				Figures.record(scenario, "calls traced / spans received", created + " / " + receiver.spanCount());
				Figures.record(scenario, "SIGTERM to process exit", Figures.millis(exitNanos));
				Figures.record(scenario, "exit code", sample.process.exitValue());
				// Correctness bound, not a latency target: 2 s of flush plus a generous
				// margin
				// for the rest of the context's shutdown on a busy machine
				assertThat(Duration.ofNanos(exitNanos)).isLessThan(Duration.ofSeconds(2 + 20));
				Figures.record(scenario, "'did not flush' warning seen on the process output",
						String.join("\n", sample.output)
							.contains("did not flush pending spans within braintrust.export.shutdown-timeout"));
			}
			finally {
				sample.kill();
			}
		}
	}

	@Test
	void sigtermWhileTheReceiverIsDownSpoolsTheSpansAndTheNextStartSendsThemOnce(@TempDir Path spool) throws Exception {
		try (FaultyOtlpReceiver receiver = new FaultyOtlpReceiver()) {
			receiver.mode(FaultyOtlpReceiver.Mode.REFUSE);
			String spoolArgument = "--braintrust.export.spool.directory=" + spool;
			Sample first = Sample.start(receiver, spoolArgument, "--braintrust.export.shutdown-timeout=5s");
			long created;
			long exitNanos;
			try {
				created = first.llmCalls();
				exitNanos = first.sigterm();
			}
			finally {
				first.kill();
			}
			String scenario = "Restart: SIGTERM while the receiver is down, spool on, started again with the receiver up";
			Figures.record(scenario, "first run: calls traced / SIGTERM to exit / spans written to the spool logged",
					created + " / " + Figures.millis(exitNanos) + " / "
							+ String.join("\n", first.output).contains("written to the spool"));
			receiver.mode(FaultyOtlpReceiver.Mode.OK);
			Sample second = Sample.start(receiver, spoolArgument);
			try {
				// The second run's own spans wait for its SIGTERM (10-minute schedule
				// delay): what arrives now is the first run's, from the spool
				org.awaitility.Awaitility.await()
					.atMost(Duration.ofSeconds(30))
					.until(() -> llmSpans(receiver.spans()) >= created);
				long received = llmSpans(receiver.spans());
				Figures.record(scenario, "first run's call spans received after the restart / duplicates",
						received + " / " + (receiver.spanCount() - receiver.uniqueSpanCount()));
				assertThat(received).isEqualTo(created);
				assertThat(receiver.uniqueSpanCount()).isEqualTo(receiver.spanCount());
				assertThat(receiver.requestHeaders())
					.allSatisfy((headers) -> assertThat(headers.get("authorization")).isEqualTo("Bearer " + CANARY));
			}
			finally {
				second.sigterm();
				second.kill();
			}
		}
	}

	// The starter's spans of the calls the integrations count: model calls and tools, not
	// the @Traced tasks around them.
	private static long llmSpans(List<Span> spans) {
		return spans.stream()
			.filter((span) -> hasAttribute(span, "braintrust.span_attributes")
					&& hasAttribute(span, "gen_ai.operation.name"))
			.count();
	}

	private static boolean hasAttribute(Span span, String key) {
		return span.getAttributesList().stream().anyMatch((attribute) -> attribute.getKey().equals(key));
	}

	/**
	 * The quickstart sample as a child process.
	 */
	static final class Sample {

		final Process process;

		final List<String> output = new CopyOnWriteArrayList<>();

		final CountDownLatch demoDone = new CountDownLatch(1);

		volatile int port;

		private final Thread reader;

		private Sample(Process process) {
			this.process = process;
			this.reader = new Thread(this::read, "quickstart-output");
			this.reader.setDaemon(true);
			this.reader.start();
		}

		static Sample start(FaultyOtlpReceiver receiver, String... arguments) throws Exception {
			Path target = Path.of(System.getProperty("reliability.sample.dir", "../samples/quickstart/target"));
			Path classpathFile = target.resolve("runtime-classpath.txt");
			assertThat(classpathFile)
				.as("the sample's classpath, written by its build: run with "
						+ "'-pl samples/quickstart,reliability-tests -am' or the whole build")
				.exists();
			String classpath = target.resolve("classes") + java.io.File.pathSeparator
					+ Files.readString(classpathFile).strip();
			String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
			List<String> command = new ArrayList<>(
					List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", classpath,
							"dev.braintrust.spring.samples.quickstart.QuickstartApplication", "--server.port=0",
							"--server.address=127.0.0.1", "--spring.main.banner-mode=off",
							"--braintrust.export.schedule-delay=10m"));
			command.addAll(List.of(arguments));
			ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
			Map<String, String> environment = builder.environment();
			environment.keySet()
				.removeIf((name) -> name.startsWith("OPENAI_") || name.startsWith("ANTHROPIC_")
						|| name.startsWith("BRAINTRUST_") || name.startsWith("SPRING_"));
			environment.put("BRAINTRUST_API_KEY", CANARY);
			environment.put("BRAINTRUST_API_URL", receiver.baseUrl());
			Sample sample = new Sample(builder.start());
			if (!sample.demoDone.await(120, TimeUnit.SECONDS)) {
				sample.kill();
				throw new AssertionError("The sample's demo did not finish:\n" + String.join("\n", sample.output));
			}
			return sample;
		}

		/**
		 * The calls the starter traced, as {@code /actuator/integrations} counts them.
		 */
		long llmCalls() throws Exception {
			HttpResponse<String> response = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/actuator/integrations"))
					.timeout(Duration.ofSeconds(10))
					.build(), HttpResponse.BodyHandlers.ofString());
			long calls = 0;
			for (JsonNode integration : Apps.json.readTree(response.body()).get("integrations")) {
				calls += integration.get("calls").asLong();
			}
			return calls;
		}

		/** Sends SIGTERM and waits for the process to end; returns how long it took. */
		long sigterm() throws InterruptedException {
			long start = System.nanoTime();
			this.process.destroy();
			boolean exited = this.process.waitFor(60, TimeUnit.SECONDS);
			long elapsed = System.nanoTime() - start;
			assertThat(exited).as("the sample exited after SIGTERM").isTrue();
			this.reader.join(10_000);
			return elapsed;
		}

		void kill() {
			if (this.process.isAlive()) {
				this.process.destroyForcibly();
			}
		}

		private void read() {
			try (BufferedReader reader = new BufferedReader(
					new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8))) {
				String line;
				while ((line = reader.readLine()) != null) {
					this.output.add(line);
					Matcher matcher = PORT.matcher(line);
					if (matcher.find()) {
						this.port = Integer.parseInt(matcher.group(1));
					}
					// The demo's last line: every call it makes has returned
					if (line.contains("Demo done:")) {
						this.demoDone.countDown();
					}
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

}
