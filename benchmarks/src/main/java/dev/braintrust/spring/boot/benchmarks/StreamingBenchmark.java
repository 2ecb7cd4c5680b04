package dev.braintrust.spring.boot.benchmarks;

import java.util.List;
import java.util.concurrent.TimeUnit;

import com.openai.client.OpenAIClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.braintrust.instrumentation.openai.BraintrustOpenAI;
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

import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One streamed call of 20 or 200 chunks, consumed to the end: the OpenAI SDK's
 * {@code createStreaming} (SSE parsed from memory) raw, through the starter (content on),
 * OpenTelemetry's library instrumentation and the Braintrust Java SDK's wrapper; Spring
 * AI's {@code ChatModel.stream} raw, through the starter and with Spring AI's own
 * observation. The per-chunk overhead of an instrumentation is the slope of its overhead
 * over raw, {@code ((i200 - raw200) - (i20 - raw20)) / 180}: what each chunk adds once
 * the per-call cost (span, request content) is taken out.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class StreamingBenchmark {

	@Param({ "20", "200" })
	public int chunks;

	private ChatCompletionCreateParams params;

	private Prompt prompt;

	private OpenAIClient rawOpenAi;

	private OpenAIClient starterOpenAi;

	private OpenAIClient otelLibraryOpenAi;

	private OpenAIClient braintrustSdkOpenAi;

	private ChatModel rawSpringAi;

	private ChatModel starterSpringAi;

	private ChatModel springAiObservation;

	private BenchTelemetry[] telemetry;

	private ConfigurableApplicationContext context;

	@Setup(Level.Trial)
	public void setUp() {
		this.params = ChatCompletionCreateParams.builder()
			.model(Payloads.MODEL)
			.addUserMessage(Payloads.prompt(2048))
			.build();
		this.prompt = new Prompt(List.of(new UserMessage(Payloads.prompt(2048))));
		this.telemetry = BenchTelemetry.several(4);
		this.context = StarterContext.start(this.telemetry[0].sdk, true, this.chunks);
		this.rawOpenAi = FakeOpenAiHttpClient.streams(this.chunks);
		this.starterOpenAi = this.context.getBean("streamingOpenAIClient", OpenAIClient.class);
		this.otelLibraryOpenAi = OpenAITelemetry.builder(this.telemetry[2].sdk)
			.setCaptureMessageContent(true)
			.build()
			.wrap(FakeOpenAiHttpClient.streams(this.chunks));
		this.braintrustSdkOpenAi = BraintrustOpenAI.wrapOpenAI(this.telemetry[3].sdk,
				FakeOpenAiHttpClient.streams(this.chunks));
		this.rawSpringAi = new CannedChatModel(this.chunks);
		this.starterSpringAi = this.context.getBean(ChatModel.class);
		this.springAiObservation = new NativeObservedChatModel(this.chunks,
				NativeObservedChatModel.tracingRegistry(this.telemetry[1].sdk));
		Blackhole blackhole = new Blackhole(
				"Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
		openAi(this.starterOpenAi, blackhole);
		openAi(this.otelLibraryOpenAi, blackhole);
		openAi(this.braintrustSdkOpenAi, blackhole);
		springAi(this.starterSpringAi, blackhole);
		springAi(this.springAiObservation, blackhole);
		blackhole.evaporate("Yes, I am Stephen Hawking, and know a thing or two about black holes.");
		BenchTelemetry.expectExported(this.telemetry, 2, 1, 1, 1);
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.context.close();
		BenchTelemetry.closeAll(this.telemetry);
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
	public void openAiOtelLibrary(Blackhole blackhole) {
		openAi(this.otelLibraryOpenAi, blackhole);
	}

	@Benchmark
	public void openAiBraintrustSdk(Blackhole blackhole) {
		openAi(this.braintrustSdkOpenAi, blackhole);
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
