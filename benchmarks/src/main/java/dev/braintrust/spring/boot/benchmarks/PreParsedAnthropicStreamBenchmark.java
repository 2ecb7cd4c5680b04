package dev.braintrust.spring.boot.benchmarks;

import java.util.concurrent.TimeUnit;

import com.anthropic.client.AnthropicClient;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;

/**
 * One streamed Anthropic call, consumed to the end, through clients whose events are
 * parsed up front ({@link PreParsedAnthropicClient}): the raw client and the starter's
 * proxy, as {@link AnthropicStreamingBenchmark} measures them with the SDK's own parsing.
 * As {@link PreParsedStreamBenchmark} for OpenAI, the slope
 * {@code ((s200 - raw200) - (s20 - raw20)) / 180} is the instrumentation's own work per
 * event.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PreParsedAnthropicStreamBenchmark extends AnthropicStreamingBenchmark {

	@Override
	protected AnthropicClient client(int events) {
		return PreParsedAnthropicClient.streams(events);
	}

}
