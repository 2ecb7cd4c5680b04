package dev.braintrust.spring.boot.trace;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ContentStrippingSpanExporterTests {

	private final TestTracing tracing = new TestTracing();

	private final RecordingExporter destination = new RecordingExporter();

	private final ContentStrippingSpanExporter exporter = new ContentStrippingSpanExporter(this.destination);

	@AfterEach
	void close() {
		this.tracing.close();
	}

	@Test
	void aBatchWithoutLlmSpansIsPassedOnAsTheSameCollection() {
		try (OpenTelemetrySdk sdk = sdk()) {
			sdk.getTracer("org.springframework.boot").spanBuilder("GET /hello").startSpan().end();
			sdk.getTracer("jdbc").spanBuilder("SELECT").setAttribute("db.statement", "select 1").startSpan().end();
		}
		List<SpanData> batch = this.tracing.spans();
		this.exporter.export(batch);
		assertThat(this.destination.batches).singleElement().isSameAs(batch);
	}

	@Test
	void llmSpansLoseTheirContentAndKeepTheRest() {
		LlmCallDispatcher handler = this.tracing.handler().genAiContent(true).build();
		LlmRequest request = LlmRequest.builder("openai", "openai", LlmOperation.CHAT)
			.model("gpt-4o-mini")
			.parameter("temperature", 0.2)
			.parameter("user", "alice")
			.message(ChatMessage.user("What is the capital of France?"))
			.build();
		handler.start(request).end(LlmCallDispatcherTests.openAiExampleResponse());
		SpanData original = this.tracing.onlySpan();
		this.exporter.export(List.of(original));
		SpanData exported = this.destination.batches.get(0).iterator().next();
		Attributes attributes = exported.getAttributes();
		assertThat(attributes.get(AttributeKey.stringKey("braintrust.input_json"))).isNull();
		assertThat(attributes.get(AttributeKey.stringKey("braintrust.output_json"))).isNull();
		assertThat(attributes.get(AttributeKey.stringKey("gen_ai.input.messages"))).isNull();
		assertThat(attributes.get(AttributeKey.stringKey("gen_ai.output.messages"))).isNull();
		assertThat(attributes.get(AttributeKey.stringKey("braintrust.metadata")))
			.isEqualTo("{\"provider\":\"openai\",\"model\":\"gpt-4o-mini-2024-07-18\",\"temperature\":0.2}");
		assertThat(attributes.get(AttributeKey.doubleKey("gen_ai.request.temperature"))).isEqualTo(0.2);
		assertThat(attributes.get(AttributeKey.longKey("gen_ai.usage.input_tokens"))).isEqualTo(23);
		assertThat(exported.getTotalAttributeCount()).isEqualTo(original.getTotalAttributeCount() - 4);
		assertThat(exported.getSpanContext()).isEqualTo(original.getSpanContext());
		assertThat(exported.getName()).isEqualTo("chat gpt-4o-mini");
	}

	@Test
	void metadataThatDoesNotParseIsLeftOut() {
		try (OpenTelemetrySdk sdk = sdk()) {
			sdk.getTracer(LlmSpanAttributes.INSTRUMENTATION_SCOPE)
				.spanBuilder("chat m")
				.setAttribute("braintrust.metadata", "{\"provider\":\"openai\",\"user\":\"ali")
				.setAttribute("gen_ai.request.model", "m")
				.startSpan()
				.end();
		}
		this.exporter.export(this.tracing.spans());
		Attributes attributes = this.destination.batches.get(0).iterator().next().getAttributes();
		assertThat(attributes.get(AttributeKey.stringKey("braintrust.metadata"))).isNull();
		assertThat(attributes.get(AttributeKey.stringKey("gen_ai.request.model"))).isEqualTo("m");
	}

	private OpenTelemetrySdk sdk() {
		return OpenTelemetrySdk.builder()
			.setTracerProvider(SdkTracerProvider.builder()
				.addSpanProcessor(SimpleSpanProcessor.create(new ForwardingExporter(this.tracing.exporter)))
				.build())
			.build();
	}

	/**
	 * Keeps the spans in the test's exporter when the short-lived SDK shuts down.
	 */
	private record ForwardingExporter(InMemorySpanExporter target) implements SpanExporter {

		@Override
		public CompletableResultCode export(Collection<SpanData> spans) {
			return this.target.export(spans);
		}

		@Override
		public CompletableResultCode flush() {
			return CompletableResultCode.ofSuccess();
		}

		@Override
		public CompletableResultCode shutdown() {
			return CompletableResultCode.ofSuccess();
		}

	}

	private static final class RecordingExporter implements SpanExporter {

		final List<Collection<SpanData>> batches = new ArrayList<>();

		@Override
		public CompletableResultCode export(Collection<SpanData> spans) {
			this.batches.add(spans);
			return CompletableResultCode.ofSuccess();
		}

		@Override
		public CompletableResultCode flush() {
			return CompletableResultCode.ofSuccess();
		}

		@Override
		public CompletableResultCode shutdown() {
			return CompletableResultCode.ofSuccess();
		}

	}

}
