package dev.braintrust.spring.boot.integrations.langchain4j;

import java.util.List;

import dev.braintrust.spring.boot.autoconfigure.BraintrustAutoConfiguration;
import dev.braintrust.spring.boot.autoconfigure.BraintrustTracingAutoConfiguration;
import dev.braintrust.spring.boot.autoconfigure.integrations.LangChain4jAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * What the LangChain4j integration tests share: the real OpenTelemetry SDK with an
 * in-memory exporter, our auto-configurations, and readers of the exported spans.
 */
final class LangChain4jTestContext {

	static final AttributeKey<String> OPERATION = AttributeKey.stringKey("gen_ai.operation.name");

	final InMemorySpanExporter exporter = InMemorySpanExporter.create();

	final OpenTelemetrySdk openTelemetry = OpenTelemetrySdk.builder()
		.setTracerProvider(
				SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(this.exporter)).build())
		.build();

	/**
	 * A runner with our auto-configurations and the given ones, the test's OpenTelemetry
	 * and a meter registry.
	 * @param more further auto-configurations
	 * @return the runner
	 */
	ApplicationContextRunner runner(Class<?>... more) {
		Class<?>[] ours = { BraintrustAutoConfiguration.class, BraintrustTracingAutoConfiguration.class,
				LangChain4jAutoConfiguration.class };
		Class<?>[] all = java.util.Arrays.copyOf(ours, ours.length + more.length);
		System.arraycopy(more, 0, all, ours.length, more.length);
		return new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(all))
			.withBean(OpenTelemetry.class, () -> this.openTelemetry)
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new);
	}

	List<SpanData> spans() {
		return this.exporter.getFinishedSpanItems();
	}

	/**
	 * The spans of one operation ({@code chat}, {@code embeddings},
	 * {@code execute_tool}), in the order they ended.
	 * @param operation the operation
	 * @return the spans
	 */
	List<SpanData> spans(String operation) {
		return spans().stream().filter((span) -> operation.equals(span.getAttributes().get(OPERATION))).toList();
	}

}
