package dev.braintrust.spring.boot.export;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.zip.GZIPInputStream;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link OtlpTraceRequests}, the one use of OpenTelemetry's internal OTLP
 * marshaler: what it writes must decode as the OTLP protobuf request, with every span,
 * attribute, scope and resource. A change of that internal class breaks this test.
 */
class OtlpTraceRequestsTests {

	@Test
	void writesAGzippedExportTraceServiceRequestThatDecodesToTheSameSpans() throws IOException {
		InMemorySpanExporter memory = InMemorySpanExporter.create();
		List<SpanData> spans;
		try (SdkTracerProvider provider = SdkTracerProvider.builder()
			.setResource(Resource.getDefault().toBuilder().put("service.name", "shop").build())
			.addSpanProcessor(SimpleSpanProcessor.create(memory))
			.build()) {
			provider.get("dev.braintrust.spring.boot")
				.spanBuilder("chat gpt-4o-mini")
				.setAttribute("braintrust.input_json", "[{\"role\":\"user\",\"content\":\"Café 日本\"}]")
				.setAttribute("gen_ai.usage.input_tokens", 23L)
				.startSpan()
				.end();
			provider.get("other").spanBuilder("second").startSpan().end();
			spans = memory.getFinishedSpanItems();
		}
		byte[] body = OtlpTraceRequests.gzipped(spans);
		ExportTraceServiceRequest request = ExportTraceServiceRequest
			.parseFrom(new GZIPInputStream(new ByteArrayInputStream(body)));
		assertThat(request.getResourceSpansCount()).isEqualTo(1);
		assertThat(request.getResourceSpans(0).getResource().getAttributesList())
			.anySatisfy((attribute) -> assertThat(attribute.getValue().getStringValue()).isEqualTo("shop"));
		assertThat(request.getResourceSpans(0).getScopeSpansList()).hasSize(2);
		Span chat = request.getResourceSpans(0)
			.getScopeSpansList()
			.stream()
			.filter((scope) -> scope.getScope().getName().equals("dev.braintrust.spring.boot"))
			.findFirst()
			.orElseThrow()
			.getSpans(0);
		assertThat(chat.getName()).isEqualTo("chat gpt-4o-mini");
		assertThat(chat.getAttributesList()).anySatisfy((attribute) -> {
			assertThat(attribute.getKey()).isEqualTo("braintrust.input_json");
			assertThat(attribute.getValue().getStringValue()).contains("Café 日本");
		});
		assertThat(chat.getSpanId().toByteArray()).hasSize(8);
	}

}
