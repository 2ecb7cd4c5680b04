package dev.braintrust.spring.boot.export;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.braintrust.spring.boot.trace.BraintrustSpans;
import dev.braintrust.spring.boot.trace.JsonValues;
import dev.braintrust.spring.boot.trace.LlmCallDispatcher;
import dev.braintrust.spring.boot.trace.LlmObservation;
import dev.braintrust.spring.boot.trace.LlmOperation;
import dev.braintrust.spring.boot.trace.LlmRequest;
import dev.braintrust.spring.boot.trace.LlmResponse;
import dev.braintrust.spring.boot.trace.LlmTracer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link BraintrustSpanProcessor} and {@link BraintrustSpanExporter} against a
 * real loopback OTLP receiver.
 */
@ExtendWith(OutputCaptureExtension.class)
class BraintrustSpanProcessorTests {

	private static final String KEY = "sk-canary-processor-7c1f";

	private OtlpReceiver receiver;

	private SdkTracerProvider tracerProvider;

	private BraintrustSpanProcessor processor;

	private BraintrustExportStatus status;

	@BeforeEach
	void startReceiver() throws Exception {
		this.receiver = new OtlpReceiver();
	}

	@AfterEach
	void stop() {
		if (this.tracerProvider != null) {
			this.tracerProvider.shutdown().join(5, TimeUnit.SECONDS);
		}
		this.receiver.close();
	}

	private Tracer start(BraintrustExportSettings settings) {
		this.status = BraintrustExportStatus.braintrust(settings.endpoint().toString(), settings.failureThreshold(),
				settings.openDuration());
		this.processor = new BraintrustSpanProcessor(settings, this.status);
		this.tracerProvider = SdkTracerProvider.builder().addSpanProcessor(this.processor).build();
		return this.tracerProvider.get("test");
	}

	private BraintrustExportSettings settings(String baseUrl) {
		return new BraintrustExportSettings(BraintrustExportSettings.tracesEndpoint(URI.create(baseUrl)), KEY,
				"project_name:my-app", true, Duration.ofSeconds(5), 100, 64L << 20, 10, Duration.ofMillis(50), 3,
				Duration.ofMillis(10), Duration.ofMillis(20), 2, Duration.ofMillis(300), Duration.ofSeconds(5), null,
				0);
	}

	private static BraintrustExportSettings withQueue(BraintrustExportSettings s, int queue, int batch,
			Duration delay) {
		return withQueue(s, queue, s.maxQueueBytes(), batch, delay);
	}

	private static BraintrustExportSettings withQueue(BraintrustExportSettings s, int queue, long bytes, int batch,
			Duration delay) {
		return new BraintrustExportSettings(s.endpoint(), s.apiKey(), s.defaultParent(), s.filterAiSpans(), s.timeout(),
				queue, bytes, batch, delay, s.maxAttempts(), s.initialBackoff(), s.maxBackoff(), s.failureThreshold(),
				s.openDuration(), s.shutdownTimeout(), s.spoolDirectory(), s.spoolMaxSize());
	}

	private static BraintrustExportSettings withDelays(BraintrustExportSettings s, Duration delay, Duration timeout,
			Duration shutdownTimeout) {
		return new BraintrustExportSettings(s.endpoint(), s.apiKey(), s.defaultParent(), s.filterAiSpans(), timeout,
				s.maxQueueSize(), s.maxQueueBytes(), s.maxBatchSize(), delay, s.maxAttempts(), s.initialBackoff(),
				s.maxBackoff(), s.failureThreshold(), s.openDuration(), shutdownTimeout, s.spoolDirectory(),
				s.spoolMaxSize());
	}

	private static BraintrustExportSettings withSpool(BraintrustExportSettings s, Path spool) {
		return new BraintrustExportSettings(s.endpoint(), s.apiKey(), s.defaultParent(), s.filterAiSpans(), s.timeout(),
				s.maxQueueSize(), s.maxQueueBytes(), s.maxBatchSize(), s.scheduleDelay(), s.maxAttempts(),
				s.initialBackoff(), s.maxBackoff(), s.failureThreshold(), s.openDuration(), s.shutdownTimeout(), spool,
				64L << 20);
	}

	private Tracer start(BraintrustExportSettings settings, BraintrustSpanExporter.RequestSender sender) {
		this.status = BraintrustExportStatus.braintrust(settings.endpoint().toString(), settings.failureThreshold(),
				settings.openDuration());
		this.processor = new BraintrustSpanProcessor(settings, this.status, new BraintrustSpanExporter(sender, () -> {
		}, settings, this.status));
		this.tracerProvider = SdkTracerProvider.builder().addSpanProcessor(this.processor).build();
		return this.tracerProvider.get("test");
	}

	private static void aiSpan(Tracer tracer, String name) {
		tracer.spanBuilder(name).setAttribute("gen_ai.operation.name", "chat").startSpan().end();
	}

	@Test
	void sendsAiSpansToOtelPathWithBearerAndProjectHeaderGzipped() {
		Tracer tracer = start(settings(this.receiver.baseUrl()));
		aiSpan(tracer, "chat gpt-4o-mini");
		await().atMost(Duration.ofSeconds(10)).until(() -> this.receiver.requests().size() == 1);
		OtlpReceiver.Received request = this.receiver.requests().get(0);
		assertThat(request.path()).isEqualTo("/otel/v1/traces");
		assertThat(request.header("Authorization")).isEqualTo("Bearer " + KEY);
		assertThat(request.header("x-bt-parent")).isEqualTo("project_name:my-app");
		assertThat(request.header("Content-Encoding")).isEqualTo("gzip");
		assertThat(request.header("Content-Type")).isEqualTo("application/x-protobuf");
		assertThat(this.receiver.spanNames()).containsExactly("chat gpt-4o-mini");
		await().untilAsserted(() -> assertThat(this.status.getExportedSpans()).isEqualTo(1));
		assertThat(this.status.getLastSuccess()).isNotNull();
	}

	@Test
	void spansWithTheirOwnParentAreSentWithThatParent() {
		Tracer tracer = start(withQueue(settings(this.receiver.baseUrl()), 100, 10, Duration.ofSeconds(30)));
		aiSpan(tracer, "default");
		tracer.spanBuilder("experiment")
			.setAttribute("braintrust.parent", "experiment_id:exp-1")
			.setAttribute("braintrust.span_attributes", "{\"type\":\"llm\"}")
			.startSpan()
			.end();
		this.processor.forceFlush().join(10, TimeUnit.SECONDS);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.receiver.requests().size() == 2);
		assertThat(this.receiver.requests()).anySatisfy((request) -> {
			assertThat(request.header("x-bt-parent")).isEqualTo("project_name:my-app");
			assertThat(request.spans()).extracting("name").containsExactly("default");
		}).anySatisfy((request) -> {
			assertThat(request.header("x-bt-parent")).isEqualTo("experiment_id:exp-1");
			assertThat(request.spans()).extracting("name").containsExactly("experiment");
		});
	}

	@Test
	void oneClientServesEveryDestinationWithItsOwnHeader() {
		// More distinct parents in one batch than any cache of per-parent clients holds
		int parents = 40;
		Tracer tracer = start(withQueue(settings(this.receiver.baseUrl()), 100, 100, Duration.ofHours(1)));
		for (int i = 0; i < parents; i++) {
			tracer.spanBuilder("span-" + i)
				.setAttribute("gen_ai.operation.name", "chat")
				.setAttribute("braintrust.parent", "experiment_id:exp-" + i)
				.startSpan()
				.end();
		}
		this.processor.forceFlush().join(10, TimeUnit.SECONDS);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.receiver.requests().size() == parents);
		assertThat(this.receiver.requests()).allSatisfy((request) -> assertThat(request.header("x-bt-parent"))
			.isEqualTo("experiment_id:exp-" + request.spans().get(0).getName().substring("span-".length())));
		// One client's connection pool (5 requests at a time per host), not one client,
		// and its own connections, per parent
		assertThat(this.receiver.requests().stream().map(OtlpReceiver.Received::remotePort).distinct().count())
			.isLessThan(parents / 4);
		await().untilAsserted(() -> assertThat(this.status.getExportedSpans()).isEqualTo(parents));
	}

	@Test
	void destinationRejectedWith4xxFailsOnlyItsSpansAndNeverOpensTheBreaker(CapturedOutput output) {
		// A span group aimed at a deleted experiment, next to the project's spans, batch
		// after batch: the breaker (threshold 2) must stay closed for the project
		this.receiver.respondFor("experiment_id:deleted", 404);
		Tracer tracer = start(withQueue(settings(this.receiver.baseUrl()), 100, 10, Duration.ofHours(1)));
		for (int batch = 0; batch < 6; batch++) {
			aiSpan(tracer, "project-" + batch);
			tracer.spanBuilder("deleted-" + batch)
				.setAttribute("gen_ai.operation.name", "chat")
				.setAttribute("braintrust.parent", "experiment_id:deleted")
				.startSpan()
				.end();
			this.processor.forceFlush().join(10, TimeUnit.SECONDS);
			int expected = batch + 1;
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(this.status.getFailedSpans()).isEqualTo(expected));
		}
		assertThat(this.status.getCircuitBreakerState()).isEqualTo(CircuitBreakerState.CLOSED);
		await().untilAsserted(() -> assertThat(this.status.getExportedSpans()).isEqualTo(6));
		assertThat(this.status.getDroppedSpans()).isZero();
		assertThat(this.receiver.spanNames()).containsExactlyInAnyOrder("project-0", "project-1", "project-2",
				"project-3", "project-4", "project-5");
		String log = output.getAll();
		assertThat(log).contains("Braintrust rejected the spans sent to experiment_id:deleted (HTTP 404");
		assertThat(log.indexOf("Braintrust rejected")).isEqualTo(log.lastIndexOf("Braintrust rejected"));
	}

	@Test
	void spanWhoseParentCannotBeSentFailsAloneAndIsLoggedOnce(CapturedOutput output) {
		Tracer tracer = start(withQueue(settings(this.receiver.baseUrl()), 100, 10, Duration.ofHours(1)));
		for (int i = 0; i < 2; i++) {
			aiSpan(tracer, "good-" + i);
			tracer.spanBuilder("bad-" + i)
				.setAttribute("gen_ai.operation.name", "chat")
				.setAttribute("braintrust.parent", "experiment_id:x\nInjected: yes")
				.startSpan()
				.end();
			this.processor.forceFlush().join(10, TimeUnit.SECONDS);
		}
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			assertThat(this.status.getFailedSpans()).isEqualTo(2);
			assertThat(this.status.getExportedSpans()).isEqualTo(2);
		});
		assertThat(this.receiver.spanNames()).containsExactlyInAnyOrder("good-0", "good-1");
		assertThat(this.status.getCircuitBreakerState()).isEqualTo(CircuitBreakerState.CLOSED);
		String log = output.getAll();
		assertThat(log).contains("experiment_id:x\\u000aInjected: yes").doesNotContain("x\nInjected");
		assertThat(log.indexOf("cannot be sent")).isEqualTo(log.lastIndexOf("cannot be sent"));
	}

	@Test
	void retryAfterIsHonouredBeforeTheNextAttempt() {
		this.receiver.respondWithRetryAfter(503, "1");
		Tracer tracer = start(settings(this.receiver.baseUrl()));
		aiSpan(tracer, "chat");
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.status.getExportedSpans()).isEqualTo(1));
		List<Long> attempts = this.receiver.attemptNanos();
		assertThat(attempts).hasSize(2);
		// backoff is 10 ms here: the server's Retry-After of 1 s wins
		assertThat(Duration.ofNanos(attempts.get(1) - attempts.get(0))).isGreaterThanOrEqualTo(Duration.ofMillis(950));
	}

	@Test
	void decidingThatASpanIsNotForBraintrustCopiesNoneOfItsAttributes() {
		io.opentelemetry.sdk.trace.ReadableSpan httpSpan = org.mockito.Mockito
			.mock(io.opentelemetry.sdk.trace.ReadableSpan.class, (invocation) -> {
				switch (invocation.getMethod().getName()) {
					case "getAttributes", "toSpanData" -> throw new AssertionError(
							invocation.getMethod().getName() + "() copies every attribute of the span");
					case "getSpanContext" -> {
						return io.opentelemetry.api.trace.SpanContext.create("0af7651916cd43dd8448eb211c80319c",
								"b7ad6b7169203331", io.opentelemetry.api.trace.TraceFlags.getSampled(),
								io.opentelemetry.api.trace.TraceState.getDefault());
					}
					case "getInstrumentationScopeInfo" -> {
						return io.opentelemetry.sdk.common.InstrumentationScopeInfo.create("io.opentelemetry.tomcat");
					}
					default -> {
						return null;
					}
				}
			});
		start(settings(this.receiver.baseUrl()));
		this.processor.onEnd(httpSpan);
		assertThat(this.status.getDroppedSpans()).isZero();
	}

	@Test
	void nonAiSpansDoNotReachBraintrust() {
		Tracer tracer = start(withQueue(settings(this.receiver.baseUrl()), 100, 10, Duration.ofSeconds(30)));
		tracer.spanBuilder("GET /hello").setAttribute("http.request.method", "GET").startSpan().end();
		aiSpan(tracer, "chat");
		this.processor.forceFlush().join(10, TimeUnit.SECONDS);
		await().atMost(Duration.ofSeconds(10)).until(() -> !this.receiver.requests().isEmpty());
		assertThat(this.receiver.spanNames()).containsExactly("chat");
	}

	@Test
	void tracedTaskSpansReachBraintrustWithTheModelCallsInsideThem() {
		start(withQueue(settings(this.receiver.baseUrl()), 100, 10, Duration.ofSeconds(30)));
		OpenTelemetrySdk sdk = OpenTelemetrySdk.builder().setTracerProvider(this.tracerProvider).build();
		LlmTracer tracer = LlmCallDispatcher.builder(sdk).build();
		Span http = this.tracerProvider.get("http").spanBuilder("GET /answer").startSpan();
		try (Scope scope = http.makeCurrent()) {
			LlmObservation task = tracer
				.start(LlmRequest.builder("traced", "traced", LlmOperation.TASK).displayName("answer").build());
			try (Scope inTask = task.makeCurrent()) {
				tracer.start(LlmRequest.builder("openai", "openai", LlmOperation.CHAT).model("gpt-4o-mini").build())
					.end(LlmResponse.empty());
			}
			task.end(LlmResponse.empty());
			new BraintrustSpans(JsonValues.basic(), 1024).withParent("experiment_id:exp-9",
					() -> tracer
						.start(LlmRequest.builder("traced", "traced", LlmOperation.TASK).displayName("eval").build())
						.end(LlmResponse.empty()));
		}
		http.end();
		this.processor.forceFlush().join(10, TimeUnit.SECONDS);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.receiver.requests().size() == 2);
		assertThat(this.receiver.spanNames()).containsExactlyInAnyOrder("chat gpt-4o-mini", "answer", "eval");
		assertThat(this.receiver.requests())
			.anySatisfy((request) -> assertThat(request.header("x-bt-parent")).isEqualTo("experiment_id:exp-9"));
	}

	@Test
	void retriesOn429And503ThenSucceeds() {
		this.receiver.respondWith(429, 503);
		Tracer tracer = start(settings(this.receiver.baseUrl()));
		aiSpan(tracer, "chat");
		await().atMost(Duration.ofSeconds(10)).until(() -> this.receiver.requests().size() == 1);
		assertThat(this.receiver.attempts()).isEqualTo(3);
		await().untilAsserted(() -> assertThat(this.status.getExportedSpans()).isEqualTo(1));
		assertThat(this.status.getFailedSpans()).isZero();
		assertThat(this.status.getConsecutiveFailures()).isZero();
	}

	@Test
	void connectionRefusedHoldsTheSpanInsteadOfDroppingIt() throws Exception {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		Tracer tracer = start(settings("http://127.0.0.1:" + closedPort));
		aiSpan(tracer, "chat");
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.status.getConsecutiveFailures()).isPositive());
		assertThat(this.status.getFailedSpans()).isZero();
		assertThat(this.status.getDroppedSpans()).isZero();
		assertThat(this.status.getQueuedSpans()).isEqualTo(1);
		assertThat(this.status.getLastFailure()).isNotNull();
	}

	@Test
	void whileTheBackendFailsAndTheBreakerIsOpenSpansAreHeldThenDeliveredOnceAfterRecovery() {
		// Each export makes 3 attempts; 2 failed exports open the breaker
		for (int i = 0; i < 6; i++) {
			this.receiver.respondWith(503);
		}
		Tracer tracer = start(settings(this.receiver.baseUrl()));
		aiSpan(tracer, "before-open");
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.status.getCircuitBreakerState() == CircuitBreakerState.OPEN);
		for (int i = 0; i < 5; i++) {
			aiSpan(tracer, "while-open-" + i);
		}
		assertThat(this.status.getDroppedSpans()).isZero();
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(this.status.getExportedSpans()).isEqualTo(6));
		assertThat(this.receiver.spanNames()).containsExactlyInAnyOrder("before-open", "while-open-0", "while-open-1",
				"while-open-2", "while-open-3", "while-open-4");
		assertThat(this.status.getFailedSpans()).isZero();
		assertThat(this.status.getDroppedSpans()).isZero();
		assertThat(this.status.getCircuitBreakerState()).isEqualTo(CircuitBreakerState.CLOSED);
		assertThat(this.status.getQueuedSpans()).isZero();
	}

	@Test
	void aFailedBatchGoesBackToItsPlaceAndIsSentBeforeNewerSpans() {
		this.receiver.respondWith(503, 503, 503);
		Tracer tracer = start(withQueue(settings(this.receiver.baseUrl()), 100, 3, Duration.ofMillis(20)));
		aiSpan(tracer, "a");
		aiSpan(tracer, "b");
		aiSpan(tracer, "c");
		await().atMost(Duration.ofSeconds(10)).until(() -> this.receiver.attempts() >= 3);
		aiSpan(tracer, "d");
		aiSpan(tracer, "e");
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.status.getExportedSpans()).isEqualTo(5));
		assertThat(this.receiver.requests().get(0).spans()).extracting("name").containsExactly("a", "b", "c");
		assertThat(this.receiver.spanNames()).containsExactly("a", "b", "c", "d", "e");
	}

	@Test
	void queueIsBoundedInBytesAndRefusesTheNewestSpan() {
		String content = "x".repeat(40_000);
		BraintrustExportSettings s = settings(this.receiver.baseUrl());
		this.receiver.hold();
		Tracer tracer = start(withQueue(s, 100, 100_000, 1, Duration.ofMillis(10)));
		for (int i = 0; i < 5; i++) {
			tracer.spanBuilder("big-" + i)
				.setAttribute("gen_ai.operation.name", "chat")
				.setAttribute("braintrust.input_json", content)
				.startSpan()
				.end();
		}
		// Two spans of about 40 KB fit in 100 000 bytes, the third does not
		assertThat(this.status.getQueuedSpans()).isEqualTo(2);
		assertThat(this.status.getQueuedBytes()).isBetween(80_000L, 100_000L);
		assertThat(this.status.getDroppedSpans()).isEqualTo(3);
		this.receiver.release();
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.status.getExportedSpans()).isEqualTo(2));
		assertThat(this.receiver.spanNames()).containsExactly("big-0", "big-1");
	}

	@Test
	void spanEndNeverBlocksOnSlowBackendAndOverflowIsCountedDropped() throws Exception {
		this.receiver.hold();
		Tracer tracer = start(withQueue(settings(this.receiver.baseUrl()), 4, 2, Duration.ofMillis(10)));
		CountDownLatch ended = new CountDownLatch(1);
		Thread caller = new Thread(() -> {
			for (int i = 0; i < 50; i++) {
				aiSpan(tracer, "span-" + i);
			}
			ended.countDown();
		});
		caller.start();
		assertThat(ended.await(10, TimeUnit.SECONDS)).as("span.end() returned while Braintrust hangs").isTrue();
		assertThat(this.status.getDroppedSpans()).isGreaterThanOrEqualTo(46);
		this.receiver.release();
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(
					() -> assertThat(this.status.getExportedSpans() + this.status.getDroppedSpans()).isEqualTo(50));
	}

	@Test
	void spansInFlightCountAgainstTheBoundUntilTheirRequestSettles() {
		List<CompletableFuture<SendResult>> requests = new CopyOnWriteArrayList<>();
		Tracer tracer = start(withQueue(settings(this.receiver.baseUrl()), 4, 2, Duration.ofMillis(10)),
				(parent, spans) -> {
					CompletableFuture<SendResult> request = new CompletableFuture<>();
					requests.add(request);
					return request;
				});
		aiSpan(tracer, "chat a");
		aiSpan(tracer, "chat b");
		await().atMost(Duration.ofSeconds(5)).until(() -> requests.size() == 1);
		for (int i = 0; i < 3; i++) {
			aiSpan(tracer, "chat " + i);
		}
		// 2 in flight + 2 queued: the fifth is refused
		assertThat(this.status.getQueuedSpans()).isEqualTo(4);
		assertThat(this.status.getDroppedSpans()).isEqualTo(1);
		requests.get(0).complete(SendResult.success(200));
		await().atMost(Duration.ofSeconds(5)).until(() -> requests.size() == 2);
		requests.get(1).complete(SendResult.success(200));
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(this.status.getQueuedSpans()).isZero());
		assertThat(this.status.getExportedSpans()).isEqualTo(4);
	}

	@Test
	void shutdownByTheTracerProviderEndsWithinTheShutdownTimeoutWhenTheBackendNeverAnswers() {
		// Spring Boot's SdkTracerProvider is closed before this bean and waits up to 10 s
		// for its processors' shutdown: that shutdown itself must honour the timeout
		BraintrustExportSettings s = withQueue(settings(this.receiver.baseUrl()), 100, 100, Duration.ofHours(1));
		BraintrustExportSettings settings = withDelays(s, s.scheduleDelay(), Duration.ofSeconds(30),
				Duration.ofMillis(200));
		List<CompletableFuture<SendResult>> requests = new CopyOnWriteArrayList<>();
		this.status = BraintrustExportStatus.braintrust(settings.endpoint().toString(), 100, Duration.ofSeconds(1));
		this.processor = new BraintrustSpanProcessor(settings, this.status,
				new BraintrustSpanExporter((parent, spans) -> {
					CompletableFuture<SendResult> request = new CompletableFuture<>();
					requests.add(request);
					return request;
				}, () -> {
				}, settings, this.status));
		SdkTracerProvider tracerProvider = SdkTracerProvider.builder().addSpanProcessor(this.processor).build();
		aiSpan(tracerProvider.get("test"), "pending");
		long start = System.nanoTime();
		io.opentelemetry.sdk.common.CompletableResultCode result = tracerProvider.shutdown().join(5, TimeUnit.SECONDS);
		assertThat(result.isDone()).isTrue();
		assertThat(result.isSuccess()).isFalse();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
		// Sent and never answered, or (on a busy machine, where the worker may not run
		// before the 200 ms deadline) not sent at all: either way counted dropped.
		assertThat(requests).hasSizeLessThanOrEqualTo(1);
		assertThat(this.status.getDroppedSpans()).isEqualTo(1);
	}

	@Test
	void closeFlushesPendingSpansWithinShutdownTimeout() {
		Tracer tracer = start(withQueue(settings(this.receiver.baseUrl()), 100, 100, Duration.ofHours(1)));
		for (int i = 0; i < 5; i++) {
			aiSpan(tracer, "pending-" + i);
		}
		assertThat(this.receiver.attempts()).isZero();
		this.processor.close();
		assertThat(this.receiver.spanNames()).hasSize(5);
		// the tracer provider shutting it down again is harmless
		assertThat(this.processor.shutdown().join(1, TimeUnit.SECONDS).isSuccess()).isTrue();
	}

	@Test
	void spansUnsentAtShutdownGoToTheSpoolAndAreSentOnceAtTheNextStart(@TempDir Path spool) throws Exception {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		BraintrustExportSettings down = withDelays(withSpool(settings("http://127.0.0.1:" + closedPort), spool),
				Duration.ofMillis(20), Duration.ofSeconds(2), Duration.ofSeconds(2));
		Tracer tracer = start(down);
		for (int i = 0; i < 7; i++) {
			aiSpan(tracer, "first-run-" + i);
		}
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.status.getConsecutiveFailures()).isPositive());
		this.tracerProvider.shutdown().join(10, TimeUnit.SECONDS);
		this.tracerProvider = null;
		assertThat(this.status.getSpooledSpans()).isEqualTo(7);
		assertThat(this.status.getDroppedSpans()).isZero();
		// The next start, Braintrust answering
		start(withSpool(settings(this.receiver.baseUrl()), spool));
		await().atMost(Duration.ofSeconds(15))
			.untilAsserted(() -> assertThat(this.status.getExportedSpans()).isEqualTo(7));
		assertThat(this.receiver.spanNames()).containsExactlyInAnyOrder("first-run-0", "first-run-1", "first-run-2",
				"first-run-3", "first-run-4", "first-run-5", "first-run-6");
		assertThat(this.receiver.requests()).allSatisfy((request) -> {
			assertThat(request.header("x-bt-parent")).isEqualTo("project_name:my-app");
			assertThat(request.header("Authorization")).isEqualTo("Bearer " + KEY);
		});
	}

	@Test
	void outageLongerThanTheMemoryBoundGoesToTheSpoolAndLosesNothing(@TempDir Path spool) {
		this.receiver.respondFor("project_name:my-app", 503);
		Tracer tracer = start(
				withSpool(withQueue(settings(this.receiver.baseUrl()), 20, 5, Duration.ofMillis(10)), spool));
		int created = 0;
		for (int round = 0; round < 10; round++) {
			for (int i = 0; i < 8; i++) {
				aiSpan(tracer, "span-" + created++);
			}
			// the worker moves the oldest spans to disk while the backend fails
			await().atMost(Duration.ofSeconds(10)).until(() -> this.status.getQueuedSpans() <= 12);
		}
		assertThat(this.status.getSpooledSpans()).isPositive();
		assertThat(this.status.getDroppedSpans()).isZero();
		this.receiver.recoverFor("project_name:my-app");
		int total = created;
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(this.status.getExportedSpans()).isEqualTo(total));
		assertThat(this.receiver.spanNames()).hasSize(total).doesNotHaveDuplicates();
		assertThat(this.status.getDroppedSpans() + this.status.getFailedSpans()).isZero();
	}

	@Test
	void foreignAndCorruptFilesInTheSpoolAreMovedAsideLoggedAndNeverFatal(@TempDir Path spool, CapturedOutput output)
			throws Exception {
		Path spans = Files.createDirectories(spool.resolve("spans"));
		Files.writeString(spans.resolve("notes.txt"), "not a spool file");
		Files.write(spans.resolve("1700000000000"), new byte[] { 0x7f, 0x01, 0x02, (byte) 0xff });
		Tracer tracer = start(withSpool(settings(this.receiver.baseUrl()), spool));
		assertThat(Files.list(spool.resolve("rejected")).count()).isEqualTo(2);
		assertThat(output.getAll()).contains("notes.txt")
			.contains("is not a spool file; moved to")
			.contains("1700000000000")
			.contains("is not readable as OTLP spans; moved to");
		aiSpan(tracer, "after");
		await().atMost(Duration.ofSeconds(10)).until(() -> this.status.getExportedSpans() == 1);
	}

	@Test
	void settingsNeverShowTheKey() {
		BraintrustExportSettings settings = settings(this.receiver.baseUrl());
		assertThat(settings.toString()).doesNotContain(KEY);
		Tracer tracer = start(settings);
		assertThat(this.processor.toString()).doesNotContain(KEY);
		assertThat(this.status.toString()).doesNotContain(KEY);
		assertThat(tracer).isNotNull();
	}

}
