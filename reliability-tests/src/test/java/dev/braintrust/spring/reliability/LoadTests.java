package dev.braintrust.spring.reliability;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import dev.braintrust.spring.boot.export.BraintrustExportMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;

import org.springframework.aop.support.AopUtils;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Many concurrent LLM calls through instrumented real SDK clients: every call gets
 * exactly one span, under its own parent, with its own attributes, nothing leaks into the
 * threads' contexts, the registry counts are exact and every span reaches the OTLP
 * receiver.
 */
class LoadTests {

	static final int CALLS = Integer.getInteger("reliability.load.calls", 1000);

	static final int THREADS = Integer.getInteger("reliability.load.threads", 32);

	/** Calls made before measuring, so that the figures are not those of a cold JVM. */
	static final int WARM_UP = 200;

	@Test
	void concurrentCallsEachGetOneSpanUnderTheirOwnParentAndAllAreExported() throws Exception {
		try (MockModelServer models = new MockModelServer();
				FaultyOtlpReceiver receiver = new FaultyOtlpReceiver();
				ConfigurableApplicationContext context = Apps.start(models, receiver)) {
			OpenAIClient openAi = context.getBean(OpenAIClient.class);
			AnthropicClient anthropic = context.getBean(AnthropicClient.class);
			assertThat(AopUtils.isAopProxy(openAi)).isTrue();
			assertThat(AopUtils.isAopProxy(anthropic)).isTrue();
			Tracer tracer = context.getBean(OpenTelemetry.class).getTracer("reliability-load");
			RecordingSpanProcessor recorder = context.getBean(RecordingSpanProcessor.class);
			warmUp((i) -> Apps.call(openAi, anthropic, i));
			recorder.clear();
			long openAiCallsBefore = Apps.integrationCalls(context, "openai");
			long anthropicCallsBefore = Apps.integrationCalls(context, "anthropic");

			Map<Integer, SpanContext> parents = new ConcurrentHashMap<>();
			Map<Integer, String> responseIds = new ConcurrentHashMap<>();
			AtomicInteger leakedContexts = new AtomicInteger();
			Figures.Latencies latencies = new Figures.Latencies();
			long started = System.nanoTime();
			ExecutorService pool = Executors.newFixedThreadPool(THREADS);
			try {
				List<Future<?>> futures = new java.util.ArrayList<>();
				for (int i = 0; i < CALLS; i++) {
					int call = i;
					futures.add(pool.submit(() -> {
						Span parent = tracer.spanBuilder("request " + call).startSpan();
						parents.put(call, parent.getSpanContext());
						try (Scope scope = parent.makeCurrent()) {
							long start = System.nanoTime();
							responseIds.put(call, Apps.call(openAi, anthropic, call));
							latencies.add(System.nanoTime() - start);
						}
						finally {
							parent.end();
						}
						if (Context.current() != Context.root()) {
							leakedContexts.incrementAndGet();
						}
						return null;
					}));
				}
				for (Future<?> future : futures) {
					future.get(2, TimeUnit.MINUTES);
				}
			}
			finally {
				pool.shutdownNow();
			}
			long elapsed = System.nanoTime() - started;

			// One span per call, under its own parent, carrying only its own call's data
			List<SpanData> llmSpans = recorder.llmSpans();
			assertThat(llmSpans).hasSize(CALLS);
			Map<String, SpanData> byModel = new HashMap<>();
			for (SpanData span : llmSpans) {
				assertThat(byModel.put(span.getAttributes().get(AttributeKey.stringKey("gen_ai.request.model")), span))
					.as("a second span for the same call")
					.isNull();
			}
			for (int i = 0; i < CALLS; i++) {
				SpanData span = byModel.get(Apps.model(i));
				assertThat(span).as("span of call %d", i).isNotNull();
				assertThat(span.getParentSpanContext().getSpanId()).isEqualTo(parents.get(i).getSpanId());
				assertThat(span.getTraceId()).isEqualTo(parents.get(i).getTraceId());
				String responseId = span.getAttributes().get(AttributeKey.stringKey("gen_ai.response.id"));
				assertThat(responseId).isEqualTo(responseIds.get(i)).endsWith("call-" + i);
				String input = span.getAttributes().get(AttributeKey.stringKey("braintrust.input_json"));
				String output = span.getAttributes().get(AttributeKey.stringKey("braintrust.output_json"));
				assertThat(markers(input + output + responseId)).containsExactly("call-" + i);
				Apps.json.readTree(input);
				Apps.json.readTree(output);
			}
			assertThat(leakedContexts).hasValue(0);
			assertThat(Context.current()).isSameAs(Context.root());

			// The registry counted every call, once
			assertThat(Apps.integrationCalls(context, "openai") - openAiCallsBefore).isEqualTo((CALLS + 1) / 2);
			assertThat(Apps.integrationCalls(context, "anthropic") - anthropicCallsBefore).isEqualTo(CALLS / 2);

			// Every LLM span reached the receiver, once, and the counters say so
			long exportStarted = System.nanoTime();
			await().atMost(Duration.ofSeconds(60)).until(() -> receiver.uniqueSpanCount() >= CALLS + WARM_UP);
			long exportWait = System.nanoTime() - exportStarted;
			assertThat(receiver.uniqueSpanCount()).isEqualTo(CALLS + WARM_UP);
			assertThat(receiver.spanCount()).isEqualTo(CALLS + WARM_UP);
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(counter(meters, "exported")).isEqualTo(CALLS + WARM_UP));
			assertThat(counter(meters, "dropped")).isZero();
			assertThat(counter(meters, "failed")).isZero();

			String scenario = "Load: " + CALLS + " calls, " + THREADS + " threads, OpenAI + Anthropic SDK";
			Figures.record(scenario, "caller latency, instrumented (exporter healthy)", latencies.summary());
			Figures.record(scenario, "throughput",
					String.format(java.util.Locale.ROOT, "%.0f calls/s", CALLS / (elapsed / 1_000_000_000.0)));
			Figures.record(scenario, "spans created / exported / on receiver",
					llmSpans.size() + WARM_UP + " / " + (long) counter(meters, "exported") + " / "
							+ receiver.uniqueSpanCount() + " (" + WARM_UP + " warm-up calls included)");
			Figures.record(scenario, "wrong parent / cross-talk / leaked contexts", "0 / 0 / " + leakedContexts.get());
			Figures.record(scenario, "time from last call to all spans on receiver", Figures.millis(exportWait));
			Figures.record(scenario, "caller latency, same calls without the starter",
					uninstrumentedLatencies(models).summary());
		}
	}

	private static Figures.Latencies uninstrumentedLatencies(MockModelServer models) throws Exception {
		OpenAIClient openAi = OpenAIOkHttpClient.builder().baseUrl(models.openAiBaseUrl()).apiKey("sk").build();
		AnthropicClient anthropic = AnthropicOkHttpClient.builder()
			.baseUrl(models.anthropicBaseUrl())
			.apiKey("sk")
			.build();
		warmUp((i) -> Apps.call(openAi, anthropic, i));
		Figures.Latencies latencies = new Figures.Latencies();
		ExecutorService pool = Executors.newFixedThreadPool(THREADS);
		try {
			List<Future<?>> futures = new java.util.ArrayList<>();
			for (int i = 0; i < CALLS; i++) {
				int call = i;
				futures.add(pool.submit(() -> {
					long start = System.nanoTime();
					Apps.call(openAi, anthropic, call);
					latencies.add(System.nanoTime() - start);
					return null;
				}));
			}
			for (Future<?> future : futures) {
				future.get(2, TimeUnit.MINUTES);
			}
		}
		finally {
			pool.shutdownNow();
			openAi.close();
			anthropic.close();
		}
		return latencies;
	}

	private static void warmUp(java.util.function.IntConsumer call) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(THREADS);
		try {
			List<Future<?>> futures = new java.util.ArrayList<>();
			for (int i = CALLS; i < CALLS + WARM_UP; i++) {
				int index = i;
				futures.add(pool.submit(() -> call.accept(index)));
			}
			for (Future<?> future : futures) {
				future.get(1, TimeUnit.MINUTES);
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

	static double counter(MeterRegistry meters, String result) {
		return meters.get(BraintrustExportMetrics.SPANS).tag("result", result).functionCounter().count();
	}

	private static Set<String> markers(String text) {
		Set<String> markers = new TreeSet<>();
		Matcher matcher = MockModelServer.MARKER.matcher(text);
		while (matcher.find()) {
			markers.add(matcher.group());
		}
		return markers;
	}

}
