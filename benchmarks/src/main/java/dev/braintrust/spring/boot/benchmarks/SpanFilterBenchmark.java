package dev.braintrust.spring.boot.benchmarks;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.braintrust.spring.boot.export.BraintrustExportSettings;
import dev.braintrust.spring.boot.export.BraintrustExportStatus;
import dev.braintrust.spring.boot.export.BraintrustSpanProcessor;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What every span of the application that is not an AI span (an HTTP server span, a
 * database span) pays in {@link BraintrustSpanProcessor#onEnd}: the decision that it does
 * not go to Braintrust. The span is ended once, in the set-up, and handed to
 * {@code onEnd} again and again, so that only the processor's work is measured.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SpanFilterBenchmark {

	private SpanProcessor processor;

	private ReadableSpan httpSpan;

	private SdkTracerProvider tracerProvider;

	@Setup(Level.Trial)
	public void setUp() {
		URI apiUrl = URI.create("http://127.0.0.1:9");
		BraintrustExportSettings settings = new BraintrustExportSettings(
				BraintrustExportSettings.tracesEndpoint(apiUrl), "sk-bench", "project_name:bench", true,
				Duration.ofSeconds(10), 10_000, 64L << 20, 512, Duration.ofSeconds(1), 5, Duration.ofSeconds(1),
				Duration.ofSeconds(5), 5, Duration.ofSeconds(30), Duration.ofSeconds(1), null, 0);
		BraintrustExportStatus status = BraintrustExportStatus.braintrust(settings.endpoint().toString(), 5,
				Duration.ofSeconds(30));
		this.processor = new BraintrustSpanProcessor(settings, status);
		Capture capture = new Capture();
		this.tracerProvider = SdkTracerProvider.builder().addSpanProcessor(capture).build();
		Span span = this.tracerProvider.get("io.opentelemetry.tomcat-10.0")
			.spanBuilder("GET /orders/{id}")
			.setSpanKind(SpanKind.SERVER)
			.setAttribute("http.request.method", "GET")
			.setAttribute("http.route", "/orders/{id}")
			.setAttribute("http.response.status_code", 200L)
			.setAttribute("url.path", "/orders/42")
			.setAttribute("url.scheme", "https")
			.setAttribute("server.address", "shop.example.com")
			.setAttribute("server.port", 443L)
			.setAttribute("network.protocol.version", "1.1")
			.setAttribute("client.address", "10.0.0.12")
			.setAttribute("user_agent.original", "Mozilla/5.0 (X11; Linux x86_64)")
			.startSpan();
		span.end();
		this.httpSpan = capture.ended;
		if (this.httpSpan == null) {
			throw new IllegalStateException("No span ended");
		}
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.processor.shutdown().join(5, TimeUnit.SECONDS);
		this.tracerProvider.shutdown().join(5, TimeUnit.SECONDS);
	}

	@Benchmark
	public void nonAiSpanEnd() {
		this.processor.onEnd(this.httpSpan);
	}

	/**
	 * Keeps the one span ended in the set-up.
	 */
	static final class Capture implements SpanProcessor {

		volatile ReadableSpan ended;

		@Override
		public void onStart(io.opentelemetry.context.Context parentContext,
				io.opentelemetry.sdk.trace.ReadWriteSpan span) {
		}

		@Override
		public boolean isStartRequired() {
			return false;
		}

		@Override
		public void onEnd(ReadableSpan span) {
			this.ended = span;
		}

		@Override
		public boolean isEndRequired() {
			return true;
		}

		@Override
		public CompletableResultCode shutdown() {
			return CompletableResultCode.ofSuccess();
		}

	}

}
