package dev.braintrust.spring.boot.benchmarks;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.anthropic.client.AnthropicClient;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
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
 * One blocking {@code messages().create(...)} through the Anthropic Java SDK, whose HTTP
 * layer is in memory ({@link FakeAnthropicHttpClient}): the raw client and the starter's
 * proxy, content capture on and off. The request is the one of
 * {@link OpenAiChatBenchmark} (a system prompt, a user prompt of 2 KB or 64 KB,
 * temperature, max tokens), so that the two integrations' overheads compare.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class AnthropicChatBenchmark {

	@Param({ "2048", "65536" })
	public int promptChars;

	private MessageCreateParams params;

	private AnthropicClient raw;

	private AnthropicClient starterContentOn;

	private AnthropicClient starterContentOff;

	private BenchTelemetry[] telemetry;

	private final ConfigurableApplicationContext[] contexts = new ConfigurableApplicationContext[2];

	@Setup(Level.Trial)
	public void setUp() {
		this.params = AnthropicRequests.message(this.promptChars);
		this.raw = client();
		this.telemetry = BenchTelemetry.several(2);
		this.contexts[0] = AnthropicStarterContext.start(this.telemetry[0].sdk, true,
				Map.of("anthropicClient", client()));
		this.contexts[1] = AnthropicStarterContext.start(this.telemetry[1].sdk, false,
				Map.of("anthropicClient", client()));
		this.starterContentOn = this.contexts[0].getBean("anthropicClient", AnthropicClient.class);
		this.starterContentOff = this.contexts[1].getBean("anthropicClient", AnthropicClient.class);
		this.starterContentOn.messages().create(this.params);
		this.starterContentOff.messages().create(this.params);
		BenchTelemetry.expectOneSpanEach(this.telemetry);
	}

	/**
	 * A new client, raw: what the starter wraps and what {@link #raw()} calls.
	 * @return the client
	 */
	protected AnthropicClient client() {
		return FakeAnthropicHttpClient.messages();
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		for (ConfigurableApplicationContext context : this.contexts) {
			context.close();
		}
		BenchTelemetry.closeAll(this.telemetry);
	}

	@Benchmark
	public Message raw() {
		return this.raw.messages().create(this.params);
	}

	@Benchmark
	public Message starterContentOn() {
		return this.starterContentOn.messages().create(this.params);
	}

	@Benchmark
	public Message starterContentOff() {
		return this.starterContentOff.messages().create(this.params);
	}

}
