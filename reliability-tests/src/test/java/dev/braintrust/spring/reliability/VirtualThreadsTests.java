package dev.braintrust.spring.reliability;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.openai.client.OpenAIClient;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;

import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * Calls on virtual threads, as a Spring Boot application with
 * {@code spring.threads.virtual.enabled=true} makes them: each of 10 000 calls runs on
 * its own virtual thread, half through an OpenAI SDK client bean, half through Spring
 * AI's {@code OpenAiChatModel} (traced through its observation), every one under its own
 * parent span. Every call gets exactly one span under its parent, and what the starter
 * keeps after the calls does not grow with the number of threads that made them.
 * <p>
 * Runs in the {@code virtual-threads} surefire execution, on the Java 25 runtime named by
 * {@code JAVA25_HOME} (the build itself stays on Java 17, so virtual threads are reached
 * reflectively).
 */
class VirtualThreadsTests {

	static final int CALLS = Integer.getInteger("reliability.virtual-threads.calls", 10_000);

	// Calls in flight at once: the local model server answers a few hundred connections
	// at a
	// time; each call still runs on a virtual thread of its own.
	static final int IN_FLIGHT = 128;

	// The local model server answers with a response id that carries the call's marker.
	private static final Pattern CALL = Pattern.compile("call-([0-9]+)$");

	@Test
	void tenThousandCallsOnVirtualThreadsEachGetOneSpanUnderTheirOwnParent() throws Exception {
		assumeThat(Runtime.version().feature()).as("virtual threads need Java 21 or later").isGreaterThanOrEqualTo(21);
		try (MockModelServer models = new MockModelServer();
				ConfigurableApplicationContext context = Apps.start(models, null, "spring.threads.virtual.enabled=true",
						"spring.ai.openai.api-key=sk-openai-test",
						"spring.ai.openai.base-url=" + models.openAiBaseUrl(), "spring.ai.openai.max-retries=0",
						"spring.ai.openai.chat.options.model=gpt-vt")) {
			models.echoCalls();
			OpenAIClient openAi = context.getBean(OpenAIClient.class);
			ChatModel springAi = context.getBean(OpenAiChatModel.class);
			Tracer tracer = context.getBean(OpenTelemetry.class).getTracer("reliability-virtual-threads");
			RecordingSpanProcessor recorder = context.getBean(RecordingSpanProcessor.class);
			IntConsumer call = (i) -> {
				if (i % 2 == 0) {
					Apps.openAi(openAi, i, "gpt-vt");
				}
				else {
					springAi.call(new Prompt("Question number call-" + i + ": what is " + i + " + 1?",
							OpenAiChatOptions.builder().model("spring-ai-vt").build()));
				}
			};
			runOnVirtualThreads(200, (i) -> call.accept(CALLS + i));
			recorder.clear();
			MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
			long heapBefore = heapAfterGc(memory);

			Map<Integer, SpanContext> parents = new ConcurrentHashMap<>();
			AtomicInteger onVirtualThreads = new AtomicInteger();
			Figures.Latencies latencies = new Figures.Latencies();
			long started = System.nanoTime();
			runOnVirtualThreads(CALLS, (i) -> {
				if (isVirtual(Thread.currentThread())) {
					onVirtualThreads.incrementAndGet();
				}
				Span parent = tracer.spanBuilder("request-" + i).startSpan();
				parents.put(i, parent.getSpanContext());
				long start = System.nanoTime();
				try (Scope scope = parent.makeCurrent()) {
					call.accept(i);
				}
				finally {
					latencies.add(System.nanoTime() - start);
					parent.end();
				}
			});
			long elapsed = System.nanoTime() - started;

			assertThat(onVirtualThreads).hasValue(CALLS);
			await().atMost(30, TimeUnit.SECONDS).untilAsserted(() -> assertThat(recorder.llmSpans()).hasSize(CALLS));
			int wrongParents = 0;
			int[] perCall = new int[CALLS];
			for (SpanData span : recorder.llmSpans()) {
				String id = span.getAttributes().get(AttributeKey.stringKey("gen_ai.response.id"));
				Matcher matcher = CALL.matcher((id != null) ? id : "");
				assertThat(matcher.find()).as("response id of %s", span).isTrue();
				int i = Integer.parseInt(matcher.group(1));
				perCall[i]++;
				SpanContext parent = parents.get(i);
				if (!span.getParentSpanId().equals(parent.getSpanId())
						|| !span.getTraceId().equals(parent.getTraceId())) {
					wrongParents++;
				}
			}
			assertThat(perCall).containsOnly(1);
			assertThat(wrongParents).isZero();
			// What the test itself kept goes too: what is left is what the application
			// (and the starter) keep.
			recorder.clear();
			parents.clear();
			String latency = latencies.summary();
			long heapAfter = heapAfterGc(memory);
			// Nothing per call or per thread is kept: a kilobyte a call would be 10 MB.
			assertThat(heapAfter - heapBefore).isLessThan(16L * 1024 * 1024);

			String scenario = "Virtual threads: " + CALLS + " calls, one virtual thread each, OpenAI SDK + Spring AI";
			Figures.record(scenario, "spans / with the right parent", CALLS + " / " + (CALLS - wrongParents));
			Figures.record(scenario, "throughput",
					String.format(java.util.Locale.ROOT, "%.0f calls/s", CALLS / (elapsed / 1_000_000_000.0)));
			Figures.record(scenario, "caller latency", latency);
			Figures.record(scenario, "heap after GC, before / after the calls", mb(heapBefore) + " / " + mb(heapAfter)
					+ " (" + (Runtime.version().feature()) + ", " + System.getProperty("java.vm.name") + ")");
		}
	}

	// Each task on its own virtual thread, as Spring Boot's virtual-thread executors do.
	private static void runOnVirtualThreads(int calls, IntConsumer task) throws Exception {
		ExecutorService executor = (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor")
			.invoke(null);
		Semaphore inFlight = new Semaphore(IN_FLIGHT);
		try {
			List<Future<?>> futures = new ArrayList<>(calls);
			for (int i = 0; i < calls; i++) {
				int call = i;
				futures.add(executor.submit(() -> {
					inFlight.acquireUninterruptibly();
					try {
						task.accept(call);
					}
					finally {
						inFlight.release();
					}
				}));
			}
			for (Future<?> future : futures) {
				future.get(120, TimeUnit.SECONDS);
			}
		}
		finally {
			executor.shutdown();
		}
	}

	private static boolean isVirtual(Thread thread) {
		try {
			return (boolean) Thread.class.getMethod("isVirtual").invoke(thread);
		}
		catch (ReflectiveOperationException ex) {
			return false;
		}
	}

	private static long heapAfterGc(MemoryMXBean memory) throws InterruptedException {
		long used = Long.MAX_VALUE;
		for (int i = 0; i < 3; i++) {
			System.gc();
			Thread.sleep(200);
			used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
		}
		return used;
	}

	private static String mb(long bytes) {
		return String.format(java.util.Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024.0));
	}

}
