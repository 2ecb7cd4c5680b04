package dev.braintrust.spring.boot.export;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.RetryPolicy;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.jspecify.annotations.Nullable;

/**
 * Sends spans to Braintrust's OTLP endpoint, grouped by their {@code x-bt-parent} header:
 * spans with their own {@code braintrust.parent} attribute go in a request with that
 * value, the others with the configured project. One {@link OtlpHttpSpanExporter} per
 * distinct header, created lazily, at most {@value #MAX_PARENTS} of them (least recently
 * used evicted). Guarded by a circuit breaker; every outcome is counted in the
 * {@link BraintrustExportStatus}.
 */
final class BraintrustSpanExporter implements SpanExporter {

	static final int MAX_PARENTS = 16;

	private static final String NO_PARENT = "";

	private final Function<String, SpanExporter> exporterFactory;

	private final BraintrustExportStatus status;

	private final @Nullable String defaultParent;

	private final Map<String, SpanExporter> exporters = new LinkedHashMap<>(MAX_PARENTS, 0.75f, true);

	BraintrustSpanExporter(BraintrustExportSettings settings, BraintrustExportStatus status) {
		this((parent) -> createOtlpExporter(settings, parent), status, settings.defaultParent());
	}

	BraintrustSpanExporter(Function<String, SpanExporter> exporterFactory, BraintrustExportStatus status,
			@Nullable String defaultParent) {
		this.exporterFactory = exporterFactory;
		this.status = status;
		this.defaultParent = defaultParent;
	}

	static SpanExporter createOtlpExporter(BraintrustExportSettings settings, String parent) {
		OtlpHttpSpanExporterBuilder builder = OtlpHttpSpanExporter.builder()
			.setEndpoint(settings.endpoint().toString())
			.setCompression("gzip")
			.setTimeout(settings.timeout())
			.setMeterProvider(MeterProvider::noop)
			.addHeader("Authorization", "Bearer " + settings.apiKey());
		if (!parent.isEmpty()) {
			builder.addHeader("x-bt-parent", parent);
		}
		// OpenTelemetry retries 429, 502, 503, 504 and connection errors; it accepts 2 to
		// 5 attempts, 1 means no retry at all.
		builder.setRetryPolicy((settings.maxAttempts() > 1) ? RetryPolicy.builder()
			.setMaxAttempts(settings.maxAttempts())
			.setInitialBackoff(settings.initialBackoff())
			.setMaxBackoff(settings.maxBackoff())
			.build() : null);
		return builder.build();
	}

	@Override
	public CompletableResultCode export(Collection<SpanData> spans) {
		if (spans.isEmpty()) {
			return CompletableResultCode.ofSuccess();
		}
		if (!this.status.circuitBreaker().tryAcquire()) {
			this.status.recordDropped(spans.size());
			return CompletableResultCode.ofFailure();
		}
		Map<String, List<SpanData>> byParent = new LinkedHashMap<>();
		for (SpanData span : spans) {
			byParent.computeIfAbsent(parentOf(span), (key) -> new ArrayList<>()).add(span);
		}
		List<CompletableResultCode> results = new ArrayList<>(byParent.size());
		List<SpanExporter> evicted = new ArrayList<>();
		byParent.forEach((parent, group) -> {
			CompletableResultCode result = exporterFor(parent, evicted).export(group);
			result.whenComplete(() -> {
				if (result.isSuccess()) {
					this.status.recordExported(group.size());
				}
				else {
					this.status.recordFailed(group.size());
				}
			});
			results.add(result);
		});
		CompletableResultCode all = CompletableResultCode.ofAll(results);
		all.whenComplete(() -> {
			if (all.isSuccess()) {
				this.status.recordRequestSucceeded();
			}
			else {
				this.status.recordRequestFailed();
			}
			evicted.forEach(SpanExporter::shutdown);
		});
		return all;
	}

	private String parentOf(SpanData span) {
		String own = span.getAttributes().get(AiSpans.BRAINTRUST_PARENT);
		if (own != null && !own.isBlank()) {
			return own;
		}
		return Optional.ofNullable(this.defaultParent).orElse(NO_PARENT);
	}

	private synchronized SpanExporter exporterFor(String parent, List<SpanExporter> evicted) {
		SpanExporter exporter = this.exporters.get(parent);
		if (exporter == null) {
			if (this.exporters.size() >= MAX_PARENTS) {
				Map.Entry<String, SpanExporter> eldest = this.exporters.entrySet().iterator().next();
				this.exporters.remove(eldest.getKey());
				evicted.add(eldest.getValue());
			}
			exporter = this.exporterFactory.apply(parent);
			this.exporters.put(parent, exporter);
		}
		return exporter;
	}

	synchronized int exporterCount() {
		return this.exporters.size();
	}

	@Override
	public CompletableResultCode flush() {
		return CompletableResultCode.ofAll(snapshot().stream().map(SpanExporter::flush).toList());
	}

	@Override
	public CompletableResultCode shutdown() {
		List<SpanExporter> all = snapshot();
		synchronized (this) {
			this.exporters.clear();
		}
		return CompletableResultCode.ofAll(all.stream().map(SpanExporter::shutdown).toList());
	}

	private synchronized List<SpanExporter> snapshot() {
		return new ArrayList<>(this.exporters.values());
	}

	@Override
	public String toString() {
		return "BraintrustSpanExporter";
	}

}
