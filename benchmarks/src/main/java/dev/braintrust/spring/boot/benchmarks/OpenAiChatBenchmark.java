package dev.braintrust.spring.boot.benchmarks;

import java.util.concurrent.TimeUnit;

import com.openai.client.OpenAIClient;
import com.openai.models.chat.completions.ChatCompletion;
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

import org.springframework.context.ConfigurableApplicationContext;

/**
 * One blocking chat completion through the OpenAI Java SDK, whose HTTP layer is in
 * memory: the raw client, the starter's proxy (content capture on and off),
 * OpenTelemetry's library instrumentation and the Braintrust Java SDK's wrapper. Each
 * instrumented client has an OpenTelemetry SDK of its own that exports every span
 * synchronously to memory.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class OpenAiChatBenchmark {

	@Param({ "2048", "65536" })
	public int promptChars;

	private ChatCompletionCreateParams params;

	private OpenAIClient raw;

	private OpenAIClient starterContentOn;

	private OpenAIClient starterContentOff;

	private OpenAIClient otelLibrary;

	private OpenAIClient braintrustSdk;

	private BenchTelemetry[] telemetry;

	private final ConfigurableApplicationContext[] contexts = new ConfigurableApplicationContext[2];

	@Setup(Level.Trial)
	public void setUp() {
		this.params = ChatCompletionCreateParams.builder()
			.model(Payloads.MODEL)
			.addSystemMessage(Payloads.SYSTEM)
			.addUserMessage(Payloads.prompt(this.promptChars))
			.temperature(0.2)
			.maxCompletionTokens(256)
			.build();
		this.raw = FakeOpenAiHttpClient.completions();
		this.telemetry = BenchTelemetry.several(4);
		this.contexts[0] = StarterContext.start(this.telemetry[0].sdk, true);
		this.contexts[1] = StarterContext.start(this.telemetry[1].sdk, false);
		this.starterContentOn = this.contexts[0].getBean("openAIClient", OpenAIClient.class);
		this.starterContentOff = this.contexts[1].getBean("openAIClient", OpenAIClient.class);
		this.otelLibrary = OpenAITelemetry.builder(this.telemetry[2].sdk)
			.setCaptureMessageContent(true)
			.build()
			.wrap(FakeOpenAiHttpClient.completions());
		this.braintrustSdk = BraintrustOpenAI.wrapOpenAI(this.telemetry[3].sdk, FakeOpenAiHttpClient.completions());
		for (OpenAIClient client : new OpenAIClient[] { this.starterContentOn, this.starterContentOff, this.otelLibrary,
				this.braintrustSdk }) {
			client.chat().completions().create(this.params);
		}
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
	public ChatCompletion raw() {
		return this.raw.chat().completions().create(this.params);
	}

	@Benchmark
	public ChatCompletion starterContentOn() {
		return this.starterContentOn.chat().completions().create(this.params);
	}

	@Benchmark
	public ChatCompletion starterContentOff() {
		return this.starterContentOff.chat().completions().create(this.params);
	}

	@Benchmark
	public ChatCompletion otelLibrary() {
		return this.otelLibrary.chat().completions().create(this.params);
	}

	@Benchmark
	public ChatCompletion braintrustSdk() {
		return this.braintrustSdk.chat().completions().create(this.params);
	}

}
