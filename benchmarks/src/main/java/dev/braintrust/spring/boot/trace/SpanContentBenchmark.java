package dev.braintrust.spring.boot.trace;

import java.util.concurrent.TimeUnit;

import dev.braintrust.spring.boot.benchmarks.Payloads;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The {@code braintrust.input_json} document of a chat request alone (a system message
 * and a user prompt of prose with quotes and new lines), and the escaping of the prompt
 * alone: what content capture costs before OpenTelemetry sees the attribute. In the
 * package of {@code SpanJson} because the writer is internal.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SpanContentBenchmark {

	@Param({ "2048", "65536" })
	public int promptChars;

	private LlmRequest request;

	private String prompt;

	@Setup(Level.Trial)
	public void setUp() {
		this.prompt = Payloads.prompt(this.promptChars);
		this.request = LlmRequest.builder("spring-ai", "openai", LlmOperation.CHAT)
			.model(Payloads.MODEL)
			.message(ChatMessage.system(Payloads.SYSTEM))
			.message(ChatMessage.user(this.prompt))
			.build();
	}

	@Benchmark
	public String inputJson() {
		return SpanJson.input(this.request, 64 * 1024);
	}

	@Benchmark
	public int escapedPrompt() {
		JsonWriter json = new JsonWriter(4096, Integer.MAX_VALUE);
		json.value(this.prompt);
		int length = json.length();
		json.discard();
		return length;
	}

}
