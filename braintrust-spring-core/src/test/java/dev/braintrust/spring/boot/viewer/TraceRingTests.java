package dev.braintrust.spring.boot.viewer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ring through a real OpenTelemetry SDK: which spans it keeps, how it groups them,
 * and that its three bounds hold, also under concurrent writers.
 */
class TraceRingTests {

	private static final AttributeKey<String> SPAN_ATTRIBUTES = AttributeKey.stringKey("braintrust.span_attributes");

	private static final AttributeKey<String> OPERATION = AttributeKey.stringKey("gen_ai.operation.name");

	private static final AttributeKey<String> INPUT = AttributeKey.stringKey("braintrust.input_json");

	private SdkTracerProvider provider;

	@AfterEach
	void close() {
		if (this.provider != null) {
			this.provider.close();
		}
	}

	private Tracer tracer(TraceRing ring) {
		this.provider = SdkTracerProvider.builder().addSpanProcessor(new TraceRingSpanProcessor(ring)).build();
		return this.provider.get("test");
	}

	private static Span llm(Tracer tracer, String name, String type) {
		return tracer.spanBuilder(name)
			.setAttribute(SPAN_ATTRIBUTES, "{\"type\":\"" + type + "\",\"name\":\"" + name + "\"}")
			.setAttribute(OPERATION, "llm".equals(type) ? "chat" : "execute_tool")
			.setAttribute(AttributeKey.longKey("gen_ai.usage.input_tokens"), 10L)
			.setAttribute(AttributeKey.longKey("gen_ai.usage.output_tokens"), 5L)
			.startSpan();
	}

	@Test
	void keepsAiSpansOnlyGroupedByTraceWithTheTopMostAiSpansAsRoots() {
		TraceRing ring = new TraceRing(10, 10, 1 << 20);
		Tracer tracer = tracer(ring);
		Span http = tracer.spanBuilder("GET /chat").startSpan();
		try (Scope scope = http.makeCurrent()) {
			Span first = llm(tracer, "chat gpt-4o-mini", "llm");
			first.end();
			Span tool = llm(tracer, "currentWeather", "tool");
			tool.end();
			Span second = llm(tracer, "chat gpt-4o-mini", "llm");
			try (Scope inner = second.makeCurrent()) {
				tracer.spanBuilder("HTTP POST").startSpan().end();
			}
			second.end();
		}
		http.end();

		List<TraceSummary> summaries = ring.summaries();
		assertThat(summaries).singleElement().satisfies((summary) -> {
			assertThat(summary.traceId()).isEqualTo(http.getSpanContext().getTraceId());
			assertThat(summary.spanCount()).as("the HTTP spans are not AI spans").isEqualTo(3);
			assertThat(summary.roots()).isEqualTo(3);
			assertThat(summary.name()).isEqualTo("chat gpt-4o-mini");
			assertThat(summary.rootType()).isEqualTo("llm");
			assertThat(summary.llmCalls()).isEqualTo(2);
			assertThat(summary.inputTokens()).as("the tool's too: only task spans are left out").isEqualTo(30);
		});
		TraceRing.TraceDetail detail = ring.trace(http.getSpanContext().getTraceId());
		assertThat(detail.spans()).extracting(RecordedSpan::type).containsExactly("llm", "tool", "llm");
	}

	@Test
	void aTaskAroundTheCallsIsTheRootAndItsOwnTokensAreNotCountedTwice() {
		TraceRing ring = new TraceRing(10, 10, 1 << 20);
		Tracer tracer = tracer(ring);
		Span task = llm(tracer, "answer", "task");
		try (Scope scope = task.makeCurrent()) {
			llm(tracer, "chat gpt-4o-mini", "llm").end();
		}
		task.setStatus(StatusCode.ERROR);
		task.end();

		assertThat(ring.summaries()).singleElement().satisfies((summary) -> {
			assertThat(summary.roots()).isEqualTo(1);
			assertThat(summary.name()).isEqualTo("answer");
			assertThat(summary.rootType()).isEqualTo("task");
			assertThat(summary.totalTokens()).isEqualTo(15);
			assertThat(summary.errors()).isEqualTo(1);
		});
	}

	@Test
	void maxTracesEvictsTheOldestTrace() {
		TraceRing ring = new TraceRing(2, 10, 1 << 20);
		Tracer tracer = tracer(ring);
		List<String> traceIds = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			Span span = llm(tracer, "call " + i, "llm");
			span.end();
			traceIds.add(span.getSpanContext().getTraceId());
		}
		assertThat(ring.summaries()).extracting(TraceSummary::name).containsExactly("call 2", "call 1");
		assertThat(ring.trace(traceIds.get(0))).isNull();
		assertThat(ring.usage().evictedTraces()).isEqualTo(1);
	}

	@Test
	void spansPastThePerTraceBoundAreCountedNotKept() {
		TraceRing ring = new TraceRing(10, 2, 1 << 20);
		Tracer tracer = tracer(ring);
		Span root = tracer.spanBuilder("GET /").startSpan();
		try (Scope scope = root.makeCurrent()) {
			for (int i = 0; i < 5; i++) {
				llm(tracer, "call " + i, "llm").end();
			}
		}
		root.end();
		assertThat(ring.summaries()).singleElement().satisfies((summary) -> {
			assertThat(summary.spanCount()).isEqualTo(2);
			assertThat(summary.droppedSpans()).isEqualTo(3);
		});
	}

	@Test
	void theMemoryBoundEvictsOldTracesAndDropsASpanThatCannotFitAlone() {
		String content = "x".repeat(100_000);
		TraceRing ring = new TraceRing(100, 100, 500_000);
		Tracer tracer = tracer(ring);
		for (int i = 0; i < 5; i++) {
			Span span = llm(tracer, "call " + i, "llm");
			span.setAttribute(INPUT, "\"" + content + "\"");
			span.end();
		}
		assertThat(ring.usage().bytes()).isLessThanOrEqualTo(500_000);
		assertThat(ring.summaries()).extracting(TraceSummary::name).containsExactly("call 4", "call 3");

		Span huge = llm(tracer, "huge", "llm");
		huge.setAttribute(INPUT, "\"" + "y".repeat(400_000) + "\"");
		huge.end();
		assertThat(ring.usage().bytes()).isLessThanOrEqualTo(500_000);
		assertThat(ring.summaries()).extracting(TraceSummary::name).doesNotContain("huge");
	}

	@Test
	void exceptionDetailsAndOtherAttributesAreBoundedAndContentAttributesAreNotShown() {
		TraceRing ring = new TraceRing(10, 10, 1 << 24);
		Tracer tracer = tracer(ring);
		Span span = llm(tracer, "chat", "llm");
		span.setAttribute("gen_ai.input.messages", "[{\"role\":\"user\",\"content\":\"secret prompt\"}]");
		span.setAttribute("gen_ai.tool.call.arguments", "{\"city\":\"secret\"}");
		span.setAttribute("gen_ai.request.model", "m".repeat(5000));
		span.addEvent("exception", Attributes.of(AttributeKey.stringKey("exception.type"), "java.io.IOException",
				AttributeKey.stringKey("exception.stacktrace"), "at x\n".repeat(100_000)));
		span.end();

		RecordedSpan recorded = ring.trace(span.getSpanContext().getTraceId()).spans().get(0);
		assertThat(recorded.attributes()).containsKey("gen_ai.request.model")
			.doesNotContainKeys("gen_ai.input.messages", "gen_ai.tool.call.arguments");
		assertThat(recorded.attributes().get("gen_ai.request.model")).hasSizeLessThanOrEqualTo(1025);
		assertThat(recorded.exceptions()).singleElement().satisfies((exception) -> {
			assertThat(exception.type()).isEqualTo("java.io.IOException");
			assertThat(exception.stacktrace()).hasSizeLessThanOrEqualTo(RecordedSpan.MAX_STACKTRACE_LENGTH + 1);
		});
	}

	@Test
	void concurrentWritersKeepEveryBound() throws Exception {
		TraceRing ring = new TraceRing(50, 20, 1 << 20);
		Tracer tracer = tracer(ring);
		int threads = 8;
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		CountDownLatch start = new CountDownLatch(1);
		List<Future<?>> futures = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			futures.add(executor.submit(() -> {
				start.await();
				for (int i = 0; i < 500; i++) {
					Span root = llm(tracer, "root", "task");
					try (Scope scope = root.makeCurrent()) {
						Span call = llm(tracer, "call", "llm");
						call.setAttribute(INPUT, "\"" + "z".repeat(1000) + "\"");
						call.end();
					}
					root.end();
					ring.summaries();
				}
				return null;
			}));
		}
		start.countDown();
		for (Future<?> future : futures) {
			future.get(60, TimeUnit.SECONDS);
		}
		executor.shutdown();
		TraceRing.Usage usage = ring.usage();
		assertThat(usage.traces()).isLessThanOrEqualTo(50);
		assertThat(usage.bytes()).isLessThanOrEqualTo(1 << 20);
		List<TraceSummary> summaries = ring.summaries();
		assertThat(summaries).hasSize(usage.traces()).allSatisfy((summary) -> {
			assertThat(summary.spanCount()).isLessThanOrEqualTo(20);
		});
		long kept = 0;
		for (TraceSummary summary : summaries) {
			for (RecordedSpan span : ring.trace(summary.traceId()).spans()) {
				kept += span.bytes();
			}
		}
		assertThat(kept).as("the byte count matches what is kept").isEqualTo(usage.bytes());
	}

}
