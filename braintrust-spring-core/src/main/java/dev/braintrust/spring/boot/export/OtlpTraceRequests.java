package dev.braintrust.spring.boot.export;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.zip.GZIPOutputStream;

import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.sdk.trace.data.SpanData;

/**
 * Encodes spans as the gzipped body of an OTLP/HTTP protobuf
 * {@code ExportTraceServiceRequest}. The only place where the starter uses an internal
 * OpenTelemetry class: the OTLP exporter's marshaler, which no public API exposes, and
 * which the starter needs because OpenTelemetry's public sender API gives no response
 * headers ({@code Retry-After}) and one header set per exporter, where Braintrust needs
 * one {@code x-bt-parent} per request. {@code OtlpTraceRequestsTests} decodes what it
 * writes with the OTLP protobuf classes, so a change of that internal class fails the
 * build.
 */
final class OtlpTraceRequests {

	private OtlpTraceRequests() {
	}

	static byte[] gzipped(Collection<SpanData> spans) {
		TraceRequestMarshaler marshaler = TraceRequestMarshaler.create(spans);
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(Math.max(256, marshaler.getBinarySerializedSize() / 4));
		try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
			marshaler.writeBinaryTo(gzip);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

}
