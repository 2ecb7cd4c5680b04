package dev.braintrust.spring.boot.benchmarks;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.anthropic.client.AnthropicClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
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
 * One streamed {@code messages().createStreaming(...)} of 20 or 200 events, consumed to
 * the end, through the Anthropic SDK (SSE parsed from memory,
 * {@link FakeAnthropicHttpClient}): the raw client and the starter's proxy (content on).
 * The per-event overhead is the slope {@code ((s200 - raw200) - (s20 - raw20)) / 180}, as
 * in {@link StreamingBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class AnthropicStreamingBenchmark {

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
		this.raw = client(this.events);
		this.telemetry = BenchTelemetry.several(1);
		this.context = AnthropicStarterContext.start(this.telemetry[0].sdk, true,
				Map.of("anthropicClient", client(this.events)));
		this.starter = this.context.getBean("anthropicClient", AnthropicClient.class);
		Blackhole blackhole = new Blackhole(
				"Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
		consume(this.starter, this.params, blackhole);
		blackhole.evaporate("Yes, I am Stephen Hawking, and know a thing or two about black holes.");
		BenchTelemetry.expectOneSpanEach(this.telemetry);
	}

	/**
	 * A new client, raw, whose streams have the given number of events: what the starter
	 * wraps and what {@link #raw} calls.
	 * @param events the events of each stream
	 * @return the client
	 */
	protected AnthropicClient client(int events) {
		return FakeAnthropicHttpClient.streams(events);
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.context.close();
		BenchTelemetry.closeAll(this.telemetry);
	}

	@Benchmark
	public void raw(Blackhole blackhole) {
		consume(this.raw, this.params, blackhole);
	}

	@Benchmark
	public void starter(Blackhole blackhole) {
		consume(this.starter, this.params, blackhole);
	}

	static void consume(AnthropicClient client, MessageCreateParams params, Blackhole blackhole) {
		try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(params)) {
			stream.stream().forEach(blackhole::consume);
		}
	}

}
