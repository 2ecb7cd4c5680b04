package dev.braintrust.spring.boot.benchmarks;

import java.util.List;
import java.util.concurrent.TimeUnit;

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

import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One Spring AI {@code ChatModel.call} on a model that answers from memory: raw, through
 * the starter's proxy (content on and off), and with Spring AI's own observation turned
 * into a span by Micrometer Tracing's OpenTelemetry bridge. Spring AI's native span has
 * no content (Spring AI only logs content), so it compares with the starter's content-off
 * case.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SpringAiChatBenchmark {

	@Param({ "2048", "65536" })
	public int promptChars;

	private Prompt prompt;

	private ChatModel raw;

	private ChatModel starterContentOn;

	private ChatModel starterContentOff;

	private ChatModel springAiObservation;

	private BenchTelemetry[] telemetry;

	private final ConfigurableApplicationContext[] contexts = new ConfigurableApplicationContext[2];

	@Setup(Level.Trial)
	public void setUp() {
		this.prompt = new Prompt(
				List.of(new SystemMessage(Payloads.SYSTEM), new UserMessage(Payloads.prompt(this.promptChars))),
				ChatOptions.builder().model(Payloads.MODEL).temperature(0.2).maxTokens(256).build());
		this.raw = new CannedChatModel(Payloads.STREAM_CHUNKS);
		this.telemetry = BenchTelemetry.several(3);
		this.contexts[0] = StarterContext.start(this.telemetry[0].sdk, true);
		this.contexts[1] = StarterContext.start(this.telemetry[1].sdk, false);
		this.starterContentOn = this.contexts[0].getBean(ChatModel.class);
		this.starterContentOff = this.contexts[1].getBean(ChatModel.class);
		this.springAiObservation = new NativeObservedChatModel(Payloads.STREAM_CHUNKS,
				NativeObservedChatModel.tracingRegistry(this.telemetry[2].sdk));
		this.starterContentOn.call(this.prompt);
		this.starterContentOff.call(this.prompt);
		this.springAiObservation.call(this.prompt);
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
	public ChatResponse raw() {
		return this.raw.call(this.prompt);
	}

	@Benchmark
	public ChatResponse starterContentOn() {
		return this.starterContentOn.call(this.prompt);
	}

	@Benchmark
	public ChatResponse starterContentOff() {
		return this.starterContentOff.call(this.prompt);
	}

	@Benchmark
	public ChatResponse springAiObservation() {
		return this.springAiObservation.call(this.prompt);
	}

}
