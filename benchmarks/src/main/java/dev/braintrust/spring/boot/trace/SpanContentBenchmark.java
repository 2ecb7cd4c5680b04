package dev.braintrust.spring.boot.trace;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

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
 * and a user prompt of prose with quotes and new lines), bounded to 64 K characters: what
 * content capture costs before OpenTelemetry sees the attribute. On the benchmark's
 * thread and on a fresh virtual thread per call (what buffers kept per thread or pooled
 * cost when every request has its own thread; {@code virtualThreadAlone} is the thread's
 * own cost). The virtual-thread variants need Java 21 or later. In the package of
 * {@code SpanJson} because the writer is internal.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SpanContentBenchmark {

	private static final int MAX_CONTENT_LENGTH = 64 * 1024;

	@Param({ "2048", "65536" })
	public int promptChars;

	private LlmRequest request;

	private ThreadFactory virtualThreads;

	@Setup(Level.Trial)
	public void setUp() {
		this.request = LlmRequest.builder("spring-ai", "openai", LlmOperation.CHAT)
			.model(Payloads.MODEL)
			.message(ChatMessage.system(Payloads.SYSTEM))
			.message(ChatMessage.user(Payloads.prompt(this.promptChars)))
			.build();
		this.virtualThreads = virtualThreadFactory();
	}

	@Benchmark
	public String inputJson() {
		return SpanJson.input(this.request, MAX_CONTENT_LENGTH);
	}

	@Benchmark
	public String inputJsonOnVirtualThread() throws InterruptedException {
		return onVirtualThread(() -> SpanJson.input(this.request, MAX_CONTENT_LENGTH));
	}

	@Benchmark
	public String virtualThreadAlone() throws InterruptedException {
		return onVirtualThread(() -> "");
	}

	private String onVirtualThread(Supplier<String> work) throws InterruptedException {
		String[] result = new String[1];
		Thread thread = this.virtualThreads.newThread(() -> result[0] = work.get());
		thread.start();
		thread.join();
		return result[0];
	}

	// Thread.ofVirtual().factory(), compiled for Java 17.
	private static ThreadFactory virtualThreadFactory() {
		try {
			Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
			return (ThreadFactory) Class.forName("java.lang.Thread$Builder").getMethod("factory").invoke(builder);
		}
		catch (ReflectiveOperationException ex) {
			return (task) -> {
				throw new UnsupportedOperationException("virtual threads need Java 21 or later", ex);
			};
		}
	}

}
