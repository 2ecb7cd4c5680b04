package dev.braintrust.spring.boot.integrations.openai;

import java.util.List;
import java.util.concurrent.TimeUnit;

import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import dev.braintrust.spring.boot.benchmarks.BenchTelemetry;
import dev.braintrust.spring.boot.benchmarks.Payloads;
import dev.braintrust.spring.boot.benchmarks.PreParsedOpenAiClient;
import dev.braintrust.spring.boot.trace.ChatMessage;
import dev.braintrust.spring.boot.trace.LlmOperation;
import dev.braintrust.spring.boot.trace.LlmRequest;
import dev.braintrust.spring.boot.trace.LlmCallDispatcher;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The starter's work per streamed OpenAI chunk alone: a stream of chunks the SDK has
 * already parsed (the SDK's parsing, 4 to 5 us a chunk, is what makes the per-chunk
 * figure of {@code StreamingBenchmark} noisy), consumed raw or through the starter's
 * stream wrapper (span per call, aggregation per chunk). Per-chunk overhead =
 * {@code ((traced200 - raw200) - (traced20 - raw20)) / 180}. In the package of the
 * wrapper because it is internal.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class OpenAiChunkBenchmark {

	@Param({ "20", "200" })
	public int chunks;

	private List<ChatCompletionChunk> parsed;

	private LlmRequest request;

	private BenchTelemetry telemetry;

	private LlmCallDispatcher tracer;

	@Setup(Level.Trial)
	public void setUp() {
		this.parsed = PreParsedOpenAiClient.parse(this.chunks);
		this.request = LlmRequest.builder("openai", "openai", LlmOperation.CHAT)
			.model(Payloads.MODEL)
			.stream(true)
			.message(ChatMessage.user("Hi"))
			.build();
		this.telemetry = new BenchTelemetry();
		this.tracer = LlmCallDispatcher.builder(this.telemetry.sdk).build();
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.telemetry.close();
	}

	@Benchmark
	public void raw(Blackhole blackhole) {
		consume(sdkLike(), blackhole);
	}

	@Benchmark
	public void starter(Blackhole blackhole) {
		consume(new TracedStreamResponse<>(sdkLike(), this.tracer.start(this.request),
				OpenAiClientInterceptor.aggregator(OpenAiServices.Api.CHAT_COMPLETIONS)), blackhole);
	}

	private static void consume(StreamResponse<ChatCompletionChunk> response, Blackhole blackhole) {
		try (response) {
			response.stream().forEach(blackhole::consume);
		}
	}

	private StreamResponse<ChatCompletionChunk> sdkLike() {
		return PreParsedOpenAiClient.stream(this.parsed);
	}

}
