package dev.braintrust.spring.boot.benchmarks;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.anthropic.client.AnthropicClient;
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
import org.openjdk.jmh.infra.Blackhole;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * One streamed Anthropic call, consumed to the end, through clients whose events are
 * parsed up front ({@link PreParsedAnthropicClient}): the raw client and the starter's
 * proxy. As {@link PreParsedStreamBenchmark} for OpenAI, the slope
 * {@code ((s200 - raw200) - (s20 - raw20)) / 180} is the instrumentation's own work per
 * event.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PreParsedAnthropicStreamBenchmark {

	@Param({ "20", "200" })
	public int events;

	private MessageCreateParams params;

	private AnthropicClient raw;

	private AnthropicClient starter;

	private BenchTelemetry[] telemetry;

	private ConfigurableApplicationContext context;

	@Setup(Level.Trial)
	public void setUp() {
		this.params = AnthropicRequests.stream();
		this.raw = PreParsedAnthropicClient.streams(this.events);
		this.telemetry = BenchTelemetry.several(1);
		this.context = AnthropicStarterContext.start(this.telemetry[0].sdk, true,
				Map.of("anthropicClient", PreParsedAnthropicClient.streams(this.events)));
		this.starter = this.context.getBean("anthropicClient", AnthropicClient.class);
		Blackhole blackhole = new Blackhole(
				"Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
		AnthropicStreamingBenchmark.consume(this.starter, this.params, blackhole);
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
		AnthropicStreamingBenchmark.consume(this.raw, this.params, blackhole);
	}

	@Benchmark
	public void starter(Blackhole blackhole) {
		AnthropicStreamingBenchmark.consume(this.starter, this.params, blackhole);
	}

}
