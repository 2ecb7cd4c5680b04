package dev.braintrust.spring.boot.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import com.sun.net.httpserver.HttpServer;
import dev.braintrust.spring.boot.export.BraintrustExportSettings;
import dev.braintrust.spring.boot.export.BraintrustExportStatus;
import dev.braintrust.spring.boot.export.BraintrustSpanProcessor;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Span export throughput through the real export path: LLM-shaped spans (the contract's
 * attributes, a 2 KB or 64 KB input) end into the {@link BraintrustSpanProcessor}, which
 * batches them, encodes OTLP http/protobuf with gzip and posts them to a loopback HTTP
 * server that reads each request and answers 200. One operation is one span; each
 * invocation ends {@value #BATCH} spans and waits for them to be flushed. MB/s is spans/s
 * times the content size ({@code contentChars} ASCII characters per span).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ExportBenchmark {

	static final int BATCH = 512;

	private static final AttributeKey<String> INPUT = AttributeKey.stringKey("braintrust.input_json");

	private HttpServer server;

	private final LongAdder received = new LongAdder();

	private SdkTracerProvider tracerProvider;

	private Tracer tracer;

	private String input;

	@Param({ "2048", "65536" })
	public int contentChars;

	@Setup(Level.Trial)
	public void setUp() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.createContext("/otel/v1/traces", (exchange) -> {
			try (InputStream body = exchange.getRequestBody()) {
				this.received.add(body.transferTo(java.io.OutputStream.nullOutputStream()));
			}
			exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
			exchange.sendResponseHeaders(200, -1);
			exchange.close();
		});
		this.server.setExecutor(Executors.newSingleThreadExecutor());
		this.server.start();
		URI apiUrl = URI.create("http://127.0.0.1:" + this.server.getAddress().getPort());
		BraintrustExportSettings settings = new BraintrustExportSettings(
				BraintrustExportSettings.tracesEndpoint(apiUrl), "sk-bench", "project_name:bench", true,
				Duration.ofSeconds(10), 10_000, 64L << 20, BATCH, Duration.ofSeconds(1), 5, Duration.ofSeconds(1),
				Duration.ofSeconds(5), 5, Duration.ofSeconds(30), Duration.ofSeconds(10), null, 0);
		BraintrustExportStatus status = BraintrustExportStatus.braintrust(settings.endpoint().toString(), 5,
				Duration.ofSeconds(30));
		this.tracerProvider = SdkTracerProvider.builder()
			.addSpanProcessor(new BraintrustSpanProcessor(settings, status))
			.build();
		this.tracer = this.tracerProvider.get("bench");
		this.input = "[{\"role\":\"user\",\"content\":\""
				+ Payloads.prompt(this.contentChars).replace("\"", "\\\"").replace("\n", "\\n") + "\"}]";
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.tracerProvider.shutdown().join(10, TimeUnit.SECONDS);
		this.server.stop(0);
		if (this.received.sum() == 0) {
			throw new IllegalStateException("The receiver got nothing");
		}
	}

	@Benchmark
	@OperationsPerInvocation(BATCH)
	public void exportLlmSpans() {
		for (int i = 0; i < BATCH; i++) {
			Span span = this.tracer.spanBuilder("chat gpt-4o-mini")
				.setSpanKind(SpanKind.CLIENT)
				.setAttribute("gen_ai.operation.name", "chat")
				.setAttribute("gen_ai.provider.name", "openai")
				.setAttribute("gen_ai.request.model", Payloads.MODEL)
				.setAttribute("gen_ai.usage.input_tokens", 523L)
				.setAttribute("gen_ai.usage.output_tokens", 7L)
				.setAttribute("braintrust.span_attributes", "{\"type\":\"llm\"}")
				.setAttribute("braintrust.metadata", "{\"provider\":\"openai\",\"model\":\"gpt-4o-mini\"}")
				.setAttribute("braintrust.metrics", "{\"prompt_tokens\":523,\"completion_tokens\":7,\"tokens\":530}")
				.setAttribute(INPUT, this.input)
				.startSpan();
			span.end();
		}
		this.tracerProvider.forceFlush().join(30, TimeUnit.SECONDS);
	}

}
