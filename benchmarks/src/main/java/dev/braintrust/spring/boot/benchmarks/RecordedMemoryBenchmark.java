package dev.braintrust.spring.boot.benchmarks;

import java.util.List;
import java.util.concurrent.TimeUnit;

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
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.content.Media;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.util.MimeTypeUtils;

/**
 * What a traced call allocates, with content capture on and off: a Spring AI stream of
 * 200 chunks, and a Spring AI call whose prompt carries a 1 MB image. Run with
 * {@code -prof gc}: the figure is {@code gc.alloc.rate.norm} (bytes per call), each
 * starter variant against the model called directly.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RecordedMemoryBenchmark {

	private static final int STREAM_CHUNKS = 200;

	private Prompt textPrompt;

	private Prompt imagePrompt;

	private ChatModel raw;

	private ChatModel contentOn;

	private ChatModel contentOff;

	private BenchTelemetry[] telemetry;

	private final ConfigurableApplicationContext[] contexts = new ConfigurableApplicationContext[2];

	@Setup(Level.Trial)
	public void setUp() {
		ChatOptions options = ChatOptions.builder().model(Payloads.MODEL).build();
		this.textPrompt = new Prompt(List.of(new UserMessage(Payloads.prompt(2048))), options);
		this.imagePrompt = new Prompt(List.of(UserMessage.builder()
			.text("What is in this picture?")
			.media(new Media(MimeTypeUtils.IMAGE_PNG, new ByteArrayResource(new byte[1024 * 1024])))
			.build()), options);
		this.raw = new CannedChatModel(STREAM_CHUNKS);
		this.telemetry = BenchTelemetry.several(2);
		this.contexts[0] = StarterContext.start(this.telemetry[0].sdk, true, STREAM_CHUNKS);
		this.contexts[1] = StarterContext.start(this.telemetry[1].sdk, false, STREAM_CHUNKS);
		this.contentOn = this.contexts[0].getBean(ChatModel.class);
		this.contentOff = this.contexts[1].getBean(ChatModel.class);
		this.contentOn.call(this.textPrompt);
		this.contentOff.call(this.textPrompt);
		BenchTelemetry.expectOneSpanEach(this.telemetry);
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		for (ConfigurableApplicationContext context : this.contexts) {
			context.close();
		}
		BenchTelemetry.closeAll(this.telemetry);
	}

	@Benchmark
	public void stream200Raw(Blackhole blackhole) {
		stream(this.raw, blackhole);
	}

	@Benchmark
	public void stream200ContentOn(Blackhole blackhole) {
		stream(this.contentOn, blackhole);
	}

	@Benchmark
	public void stream200ContentOff(Blackhole blackhole) {
		stream(this.contentOff, blackhole);
	}

	@Benchmark
	public ChatResponse image1MbRaw() {
		return this.raw.call(this.imagePrompt);
	}

	@Benchmark
	public ChatResponse image1MbContentOn() {
		return this.contentOn.call(this.imagePrompt);
	}

	@Benchmark
	public ChatResponse image1MbContentOff() {
		return this.contentOff.call(this.imagePrompt);
	}

	private void stream(ChatModel model, Blackhole blackhole) {
		model.stream(this.textPrompt).doOnNext(blackhole::consume).blockLast();
	}

}
