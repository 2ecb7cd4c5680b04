package dev.braintrust.spring.boot.benchmarks;

import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.braintrust.spring.boot.trace.ChatMessage;
import dev.braintrust.spring.boot.trace.Choice;
import dev.braintrust.spring.boot.trace.LlmCallDispatcher;
import dev.braintrust.spring.boot.trace.LlmOperation;
import dev.braintrust.spring.boot.trace.LlmRequest;
import dev.braintrust.spring.boot.trace.LlmResponse;
import dev.braintrust.spring.boot.trace.OpenTelemetrySpanWriter;
import dev.braintrust.spring.boot.trace.TokenUsage;
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

/**
 * What {@code braintrust.trace.caller-location} costs: one traced call (its span written
 * to an in-memory exporter) with and without the caller's frame looked up, from under a
 * stack of {@code libraryFrames} frames that are not the application's (the proxies,
 * interceptors and SDK layers between an application's method and the call it makes; the
 * benchmark's own frames count as the starter's, so the walk ends at JMH's).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CallerLocationBenchmark {

	@Param({ "10", "40" })
	public int libraryFrames;

	private BenchTelemetry[] telemetry;

	private LlmCallDispatcher plain;

	private LlmCallDispatcher located;

	private final LlmRequest request = LlmRequest.builder("openai", "openai", LlmOperation.CHAT)
		.displayName("Chat Completion")
		.model(Payloads.MODEL)
		.message(ChatMessage.user("What is the capital of France?"))
		.build();

	private final LlmResponse response = LlmResponse.chat("chatcmpl-1", Payloads.MODEL,
			List.of(new Choice(0, ChatMessage.assistant("Paris."), "stop")), TokenUsage.of(14, 2));

	@Setup(Level.Trial)
	public void setUp() {
		this.telemetry = BenchTelemetry.several(2);
		this.plain = LlmCallDispatcher.builder(OpenTelemetrySpanWriter.builder(this.telemetry[0].sdk).build()).build();
		this.located = LlmCallDispatcher
			.builder(OpenTelemetrySpanWriter.builder(this.telemetry[1].sdk).callerLocation(true).build())
			.build();
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		BenchTelemetry.closeAll(this.telemetry);
	}

	@Benchmark
	public int withoutCallerLocation() {
		return call(this.plain, this.libraryFrames);
	}

	@Benchmark
	public int withCallerLocation() {
		return call(this.located, this.libraryFrames);
	}

	private int call(LlmCallDispatcher tracer, int depth) {
		if (depth > 0) {
			return call(tracer, depth - 1) + 1;
		}
		tracer.start(this.request).end(this.response);
		return 0;
	}

}
