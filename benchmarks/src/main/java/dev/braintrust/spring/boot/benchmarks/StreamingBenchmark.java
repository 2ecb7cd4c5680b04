package dev.braintrust.spring.boot.benchmarks;

import java.util.List;
import java.util.concurrent.TimeUnit;

import com.openai.client.OpenAIClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One streamed call of {@value Payloads#STREAM_CHUNKS} chunks, consumed to the end: the
 * OpenAI SDK's {@code createStreaming} (SSE parsed from memory) and Spring AI's
 * {@code ChatModel.stream}, raw and through the starter (content on). Per-chunk overhead
 * = (starter - raw) / {@value Payloads#STREAM_CHUNKS}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class StreamingBenchmark {

	private ChatCompletionCreateParams params;

	private Prompt prompt;

	private OpenAIClient rawOpenAi;

	private OpenAIClient starterOpenAi;

	private ChatModel rawSpringAi;

	private ChatModel starterSpringAi;

	private ChatModel springAiObservation;

	private final BenchTelemetry[] telemetry = new BenchTelemetry[2];

	private ConfigurableApplicationContext context;

	@Setup(Level.Trial)
	public void setUp() {
		this.params = ChatCompletionCreateParams.builder()
			.model(Payloads.MODEL)
			.addUserMessage(Payloads.prompt(2048))
			.build();
		this.prompt = new Prompt(List.of(new UserMessage(Payloads.prompt(2048))));
		this.telemetry[0] = new BenchTelemetry();
		this.telemetry[1] = new BenchTelemetry();
		this.context = StarterContext.start(this.telemetry[0].sdk, true);
		this.rawOpenAi = FakeOpenAiHttpClient.streams(Payloads.STREAM_CHUNKS);
		this.starterOpenAi = this.context.getBean("streamingOpenAIClient", OpenAIClient.class);
		this.rawSpringAi = new CannedChatModel(Payloads.STREAM_CHUNKS);
		this.starterSpringAi = this.context.getBean(ChatModel.class);
		this.springAiObservation = new NativeObservedChatModel(Payloads.STREAM_CHUNKS,
				NativeObservedChatModel.tracingRegistry(this.telemetry[1].sdk));
		Blackhole blackhole = new Blackhole(
				"Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
		openAi(this.starterOpenAi, blackhole);
		springAi(this.starterSpringAi, blackhole);
		springAi(this.springAiObservation, blackhole);
		blackhole.evaporate("Yes, I am Stephen Hawking, and know a thing or two about black holes.");
		if (this.telemetry[0].spans.exported.sum() != 2 || this.telemetry[1].spans.exported.sum() != 1) {
			throw new IllegalStateException("Unexpected span counts");
		}
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.context.close();
		for (BenchTelemetry each : this.telemetry) {
			each.close();
		}
	}

	@Benchmark
	public void openAiRaw(Blackhole blackhole) {
		openAi(this.rawOpenAi, blackhole);
	}

	@Benchmark
	public void openAiStarter(Blackhole blackhole) {
		openAi(this.starterOpenAi, blackhole);
	}

	@Benchmark
	public void springAiRaw(Blackhole blackhole) {
		springAi(this.rawSpringAi, blackhole);
	}

	@Benchmark
	public void springAiStarter(Blackhole blackhole) {
		springAi(this.starterSpringAi, blackhole);
	}

	@Benchmark
	public void springAiObservation(Blackhole blackhole) {
		springAi(this.springAiObservation, blackhole);
	}

	private void openAi(OpenAIClient client, Blackhole blackhole) {
		try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(this.params)) {
			stream.stream().forEach(blackhole::consume);
		}
	}

	private void springAi(ChatModel model, Blackhole blackhole) {
		for (ChatResponse chunk : model.stream(this.prompt).toIterable()) {
			blackhole.consume(chunk);
		}
	}

}
