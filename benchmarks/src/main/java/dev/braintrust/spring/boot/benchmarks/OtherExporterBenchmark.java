package dev.braintrust.spring.boot.benchmarks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.braintrust.spring.boot.trace.ChatMessage;
import dev.braintrust.spring.boot.trace.Choice;
import dev.braintrust.spring.boot.trace.ContentStrippingSpanExporter;
import dev.braintrust.spring.boot.trace.LlmOperation;
import dev.braintrust.spring.boot.trace.LlmRequest;
import dev.braintrust.spring.boot.trace.LlmResponse;
import dev.braintrust.spring.boot.trace.LlmCallDispatcher;
import dev.braintrust.spring.boot.trace.TokenUsage;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What the application's other exporters pay for keeping content away from them: a batch
 * of 512 HTTP server spans handed to an exporter directly and through
 * {@link ContentStrippingSpanExporter}, and one LLM span stripped of its content.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class OtherExporterBenchmark {

	private final List<SpanData> httpBatch = new ArrayList<>();

	private final List<SpanData> llmSpan = new ArrayList<>();

	private SpanExporter direct;

	private SpanExporter stripping;

	@Setup(Level.Trial)
	public void setUp(Blackhole blackhole) {
		Collector collector = new Collector();
		try (OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
			.setTracerProvider(
					SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(collector)).build())
			.build()) {
			Tracer tracer = sdk.getTracer("org.springframework.boot");
			for (int i = 0; i < 512; i++) {
				tracer.spanBuilder("http get /orders/{id}")
					.setAttribute("http.request.method", "GET")
					.setAttribute("url.path", "/orders/" + i)
					.setAttribute("http.route", "/orders/{id}")
					.setAttribute("http.response.status_code", 200L)
					.setAttribute("server.address", "localhost")
					.setAttribute("client.address", "127.0.0.1")
					.startSpan()
					.end();
			}
			this.httpBatch.addAll(collector.spans);
			collector.spans.clear();
			LlmCallDispatcher handler = LlmCallDispatcher.builder(sdk).genAiContent(true).build();
			handler
				.start(LlmRequest.builder("openai", "openai", LlmOperation.CHAT)
					.model("gpt-4o-mini")
					.parameter("temperature", 0.2)
					.parameter("user", "alice")
					.message(ChatMessage.system("You are a helpful assistant"))
					.message(ChatMessage.user("What is the capital of France?"))
					.build())
				.end(LlmResponse.chat("chatcmpl-1", "gpt-4o-mini",
						List.of(new Choice(0, ChatMessage.assistant("The capital of France is Paris."), "stop")),
						TokenUsage.of(23, 7)));
			this.llmSpan.addAll(collector.spans);
		}
		this.direct = new Sink(blackhole);
		this.stripping = new ContentStrippingSpanExporter(new Sink(blackhole));
	}

	@Benchmark
	public CompletableResultCode httpBatchDirect() {
		return this.direct.export(this.httpBatch);
	}

	@Benchmark
	public CompletableResultCode httpBatchThroughStrippingExporter() {
		return this.stripping.export(this.httpBatch);
	}

	@Benchmark
	public CompletableResultCode llmSpanThroughStrippingExporter() {
		return this.stripping.export(this.llmSpan);
	}

	private static final class Collector implements SpanExporter {

		final List<SpanData> spans = new ArrayList<>();

		@Override
		public CompletableResultCode export(Collection<SpanData> spans) {
			this.spans.addAll(spans);
			return CompletableResultCode.ofSuccess();
		}

		@Override
		public CompletableResultCode flush() {
			return CompletableResultCode.ofSuccess();
		}

		@Override
		public CompletableResultCode shutdown() {
			return CompletableResultCode.ofSuccess();
		}

	}

	/**
	 * Reads every span's attributes, as an exporter serializing them would.
	 */
	private record Sink(Blackhole blackhole) implements SpanExporter {

		@Override
		public CompletableResultCode export(Collection<SpanData> spans) {
			for (SpanData span : spans) {
				this.blackhole.consume(span.getAttributes());
				this.blackhole.consume(span.getEvents());
			}
			return CompletableResultCode.ofSuccess();
		}

		@Override
		public CompletableResultCode flush() {
			return CompletableResultCode.ofSuccess();
		}

		@Override
		public CompletableResultCode shutdown() {
			return CompletableResultCode.ofSuccess();
		}

	}

}
