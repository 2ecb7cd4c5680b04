package dev.braintrust.spring.boot.benchmarks;

import java.util.concurrent.TimeUnit;

import com.openai.client.OpenAIClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.opentelemetry.instrumentation.openai.v1_1.OpenAITelemetry;
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

import org.springframework.context.ConfigurableApplicationContext;

/**
 * One streamed OpenAI chat call, consumed to the end, through clients whose chunks are
 * parsed up front ({@link PreParsedOpenAiClient}): the raw client, the starter's proxy
 * and OpenTelemetry's library instrumentation. Without the SDK's parsing of each chunk,
 * the per-chunk slope {@code ((i200 - raw200) - (i20 - raw20)) / 180} is the
 * instrumentation's own work per chunk, for the starter and OTel alike.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PreParsedStreamBenchmark {

	@Param({ "20", "200" })
	public int chunks;

	private ChatCompletionCreateParams params;

	private OpenAIClient raw;

	private OpenAIClient starter;

	private OpenAIClient otelLibrary;

	private BenchTelemetry[] telemetry;

	private ConfigurableApplicationContext context;

	@Setup(Level.Trial)
	public void setUp() {
		this.params = ChatCompletionCreateParams.builder()
			.model(Payloads.MODEL)
			.addUserMessage(Payloads.prompt(2048))
			.build();
		this.telemetry = BenchTelemetry.several(2);
		this.raw = PreParsedOpenAiClient.streams(this.chunks);
		this.context = StarterContext.start(this.telemetry[0].sdk, true, this.chunks,
				PreParsedOpenAiClient.streams(this.chunks));
		this.starter = this.context.getBean(StarterContext.EXTRA_OPENAI_CLIENT, OpenAIClient.class);
		this.otelLibrary = OpenAITelemetry.builder(this.telemetry[1].sdk)
			.setCaptureMessageContent(true)
			.build()
			.wrap(PreParsedOpenAiClient.streams(this.chunks));
		Blackhole blackhole = new Blackhole(
				"Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
		consume(this.starter, blackhole);
		consume(this.otelLibrary, blackhole);
		blackhole.evaporate("Yes, I am Stephen Hawking, and know a thing or two about black holes.");
		BenchTelemetry.expectOneSpanEach(this.telemetry);
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.context.close();
		BenchTelemetry.closeAll(this.telemetry);
	}

	@Benchmark
	public void raw(Blackhole blackhole) {
		consume(this.raw, blackhole);
	}

	@Benchmark
	public void starter(Blackhole blackhole) {
		consume(this.starter, blackhole);
	}

	@Benchmark
	public void otelLibrary(Blackhole blackhole) {
		consume(this.otelLibrary, blackhole);
	}

	private void consume(OpenAIClient client, Blackhole blackhole) {
		try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(this.params)) {
			stream.stream().forEach(blackhole::consume);
		}
	}

}
