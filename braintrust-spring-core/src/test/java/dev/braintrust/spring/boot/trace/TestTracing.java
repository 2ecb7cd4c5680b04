package dev.braintrust.spring.boot.trace;

import java.util.List;

import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real OpenTelemetry SDK exporting synchronously to memory.
 */
final class TestTracing implements AutoCloseable {

	static final JsonMapper json = JsonMapper.builder().build();

	final InMemorySpanExporter exporter = InMemorySpanExporter.create();

	final OpenTelemetrySdk openTelemetry = OpenTelemetrySdk.builder()
		.setTracerProvider(
				SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(this.exporter)).build())
		.build();

	LlmCallDispatcher.Builder handler() {
		return LlmCallDispatcher.builder(this.openTelemetry);
	}

	List<SpanData> spans() {
		return this.exporter.getFinishedSpanItems();
	}

	SpanData onlySpan() {
		List<SpanData> spans = spans();
		assertThat(spans).hasSize(1);
		return spans.get(0);
	}

	static JsonNode parse(String text) {
		return json.readTree(text);
	}

	@Override
	public void close() {
		this.openTelemetry.close();
	}

}
