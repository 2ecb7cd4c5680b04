package dev.braintrust.spring.boot.export;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.braintrust.spring.boot.internal.HeaderValues;
import dev.braintrust.spring.boot.trace.LlmSpanAttributes;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Sends spans to Braintrust's OTLP endpoint, one request per destination: spans with
 * their own {@code braintrust.parent} attribute go with that {@code x-bt-parent} header,
 * the others with the configured project. One HTTP client serves every destination.
 * <p>
 * Each destination has its own result: its spans are counted exported, counted failed, or
 * handed back to be held and sent again when the backend is unavailable for now
 * (connection errors, timeouts, 408, 429, 5xx). Only failures of the backend as a whole
 * count toward the shared circuit breaker; a 4xx about one destination (a deleted
 * experiment) fails that destination's spans, is logged once, and leaves every other
 * project's export alone. Whatever happens, an exception included, every span of the
 * batch is accounted for and the breaker hears the outcome, so a half-open breaker always
 * leaves {@code HALF_OPEN}.
 */
final class BraintrustSpanExporter {

	private static final Log logger = LogFactory.getLog(BraintrustSpanExporter.class);

	/**
	 * Distinct destinations whose rejection is logged; beyond, rejections are counted
	 * only.
	 */
	static final int MAX_LOGGED_DESTINATIONS = 64;

	private final RequestSender sender;

	private final Runnable onShutdown;

	private final BraintrustExportStatus status;

	private final @Nullable String defaultParent;

	private final BraintrustExportSettings settings;

	private final Set<String> loggedRejections = ConcurrentHashMap.newKeySet();

	private final AtomicBoolean shutdown = new AtomicBoolean();

	private final AtomicBoolean retrying = new AtomicBoolean(true);

	BraintrustSpanExporter(BraintrustExportSettings settings, BraintrustExportStatus status) {
		this(new OtlpHttpSender(settings.endpoint(), settings.apiKey(), settings.timeout()), settings, status);
	}

	private BraintrustSpanExporter(OtlpHttpSender http, BraintrustExportSettings settings,
			BraintrustExportStatus status) {
		this((parent, spans) -> http.send(parent, OtlpTraceRequests.gzipped(spans)), http::shutdown, settings, status);
	}

	BraintrustSpanExporter(RequestSender sender, Runnable onShutdown, BraintrustExportSettings settings,
			BraintrustExportStatus status) {
		this.sender = sender;
		this.onShutdown = onShutdown;
		this.status = status;
		this.defaultParent = settings.defaultParent();
		this.settings = settings;
	}

	/**
	 * Send a batch, one request per destination, each retried up to
	 * {@code retry.max-attempts} within {@code timeout}. Exported and rejected spans are
	 * counted here; spans whose destination is unavailable for now are handed back, to be
	 * held and sent again. The breaker hears the outcome whatever happens.
	 * @param batch the spans
	 * @return the outcome, never completed exceptionally
	 */
	CompletableFuture<ExportOutcome> send(List<ExportQueue.QueuedSpan> batch) {
		BatchOutcome outcome = new BatchOutcome();
		List<CompletableFuture<Void>> sends = new ArrayList<>();
		int accounted = 0;
		try {
			for (Map.Entry<String, List<ExportQueue.QueuedSpan>> group : byDestination(batch).entrySet()) {
				String parent = group.getKey().isEmpty() ? null : group.getKey();
				List<ExportQueue.QueuedSpan> groupSpans = group.getValue();
				accounted += groupSpans.size();
				long deadline = System.nanoTime() + this.settings.timeout().toNanos();
				List<SpanData> data = new ArrayList<>(groupSpans.size());
				groupSpans.forEach((queued) -> data.add(queued.span()));
				sends.add(sendWithRetry(parent, data, 1, deadline)
					.thenAccept((sent) -> account(parent, groupSpans, sent, outcome)));
			}
		}
		catch (RuntimeException ex) {
			// Not one span goes uncounted, nor the breaker unanswered
			this.status.recordFailed(batch.size() - accounted);
			outcome.backendFailure.set(true);
			logger.warn("Braintrust export failed: " + ex.getClass().getName());
		}
		return CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).handle((ignored, ex) -> {
			if (outcome.backendFailure.get()) {
				this.status.recordRequestFailed();
			}
			else {
				this.status.recordBackendAnswered(outcome.exported.get());
			}
			synchronized (outcome) {
				return new ExportOutcome(List.copyOf(outcome.retry), outcome.retryAfter);
			}
		});
	}

	private Map<String, List<ExportQueue.QueuedSpan>> byDestination(List<ExportQueue.QueuedSpan> spans) {
		Map<String, List<ExportQueue.QueuedSpan>> groups = new LinkedHashMap<>();
		String fallback = (this.defaultParent != null) ? this.defaultParent : "";
		for (ExportQueue.QueuedSpan span : spans) {
			String own = span.span().getAttributes().get(LlmSpanAttributes.PARENT);
			String parent = (own != null && !own.isBlank()) ? own : fallback;
			groups.computeIfAbsent(parent, (key) -> new ArrayList<>()).add(span);
		}
		return groups;
	}

	private CompletableFuture<SendResult> sendWithRetry(@Nullable String parent, List<SpanData> spans, int attempt,
			long deadline) {
		CompletableFuture<SendResult> sent;
		try {
			sent = this.sender.send(parent, spans);
		}
		catch (RuntimeException ex) {
			sent = CompletableFuture.completedFuture(SendResult.failed(0, "export failed: " + ex.getClass().getName()));
		}
		return sent
			.handle((result, ex) -> (ex != null) ? SendResult.failed(0, "export failed: " + ex.getClass().getName())
					: result)
			.thenCompose((result) -> {
				if (result.kind() != SendResult.Kind.RETRYABLE || attempt >= this.settings.maxAttempts()
						|| !this.retrying.get()) {
					return CompletableFuture.completedFuture(result);
				}
				long delay = this.settings.backoff(attempt, result.retryAfter()).toNanos();
				if (System.nanoTime() + delay > deadline) {
					return CompletableFuture.completedFuture(result);
				}
				return CompletableFuture
					.supplyAsync(() -> null, CompletableFuture.delayedExecutor(delay, TimeUnit.NANOSECONDS))
					.thenCompose((ignored) -> sendWithRetry(parent, spans, attempt + 1, deadline));
			});
	}

	private void account(@Nullable String parent, List<ExportQueue.QueuedSpan> spans, SendResult result,
			BatchOutcome outcome) {
		if (result.isSuccess()) {
			this.status.recordExported(spans.size());
			outcome.exported.set(true);
			return;
		}
		if (result.kind() == SendResult.Kind.RETRYABLE) {
			outcome.backendFailure.set(true);
			synchronized (outcome) {
				outcome.retry.addAll(spans);
				if (result.retryAfter() != null
						&& (outcome.retryAfter == null || result.retryAfter().compareTo(outcome.retryAfter) > 0)) {
					outcome.retryAfter = result.retryAfter();
				}
			}
			return;
		}
		this.status.recordFailed(spans.size());
		if (result.isBackendFailure()) {
			outcome.backendFailure.set(true);
			if (result.kind() == SendResult.Kind.FAILED) {
				logOnce("status:" + result.statusCode(), "Braintrust export failed (" + result.detail() + ")"
						+ ((result.statusCode() == 401) ? "; check braintrust.api-key" : ""));
			}
			return;
		}
		String destination = (parent != null) ? parent : "(no x-bt-parent)";
		logOnce(destination + " " + result.statusCode(),
				"Braintrust rejected the spans sent to " + HeaderValues.printable(destination, 100) + " ("
						+ result.detail() + "); they are counted failed, other destinations are not affected");
	}

	private void logOnce(String key, String message) {
		if (this.loggedRejections.size() < MAX_LOGGED_DESTINATIONS && this.loggedRejections.add(key)) {
			logger.warn(message);
		}
	}

	/**
	 * Stop retrying and cancel the requests in flight: their spans come back as to be
	 * sent again.
	 */
	void shutdown() {
		this.retrying.set(false);
		if (this.shutdown.compareAndSet(false, true)) {
			this.onShutdown.run();
		}
	}

	/**
	 * Give every request one attempt only from now on: at shutdown, a failing backend
	 * must not use up the shutdown timeout that the spool needs.
	 */
	void stopRetrying() {
		this.retrying.set(false);
	}

	@Override
	public String toString() {
		return "BraintrustSpanExporter";
	}

	/**
	 * Sends one request of spans to one destination.
	 */
	@FunctionalInterface
	interface RequestSender {

		CompletableFuture<SendResult> send(@Nullable String parent, List<SpanData> spans);

	}

	/**
	 * What became of a batch: the spans to send again (the backend was unavailable for
	 * their destination), and the longest {@code Retry-After} the backend asked for.
	 *
	 * @param retry the spans to hold and send again, in their order within each
	 * destination
	 * @param retryAfter the longest wait asked for, or {@code null}
	 */
	record ExportOutcome(List<ExportQueue.QueuedSpan> retry, @Nullable Duration retryAfter) {
	}

	private static final class BatchOutcome {

		final AtomicBoolean exported = new AtomicBoolean();

		final AtomicBoolean backendFailure = new AtomicBoolean();

		final List<ExportQueue.QueuedSpan> retry = new ArrayList<>();

		@Nullable Duration retryAfter;

	}

}
