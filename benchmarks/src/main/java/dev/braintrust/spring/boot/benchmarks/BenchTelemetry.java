package dev.braintrust.spring.boot.benchmarks;

import java.util.Arrays;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;

/**
 * One OpenTelemetry SDK per instrumentation under test, exporting synchronously to memory
 * (every span and log record is turned into its exported form, then only the last one is
 * kept, so that a long run does not grow the heap). Sampling is always on.
 */
public final class BenchTelemetry implements AutoCloseable {

	final MemorySpanExporter spans = new MemorySpanExporter();

	final MemoryLogExporter logs = new MemoryLogExporter();

	public final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
		.setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(this.spans)).build())
		.setLoggerProvider(
				SdkLoggerProvider.builder().addLogRecordProcessor(SimpleLogRecordProcessor.create(this.logs)).build())
		.build();

	@Override
	public void close() {
		this.sdk.close();
	}

	/**
	 * One SDK per instrumentation under test.
	 * @param count the number of instrumentations
	 * @return the SDKs
	 */
	static BenchTelemetry[] several(int count) {
		BenchTelemetry[] telemetry = new BenchTelemetry[count];
		for (int i = 0; i < count; i++) {
			telemetry[i] = new BenchTelemetry();
		}
		return telemetry;
	}

	/**
	 * Fail the set-up of a benchmark unless each instrumentation exported one span, for
	 * the one call its set-up made.
	 * @param telemetry the SDKs of the instrumentations
	 */
	static void expectOneSpanEach(BenchTelemetry[] telemetry) {
		long[] expected = new long[telemetry.length];
		Arrays.fill(expected, 1);
		expectExported(telemetry, expected);
	}

	/**
	 * Fail the set-up of a benchmark unless instrumentation {@code i} exported
	 * {@code expected[i]} spans.
	 * @param telemetry the SDKs of the instrumentations
	 * @param expected the spans each should have exported
	 */
	static void expectExported(BenchTelemetry[] telemetry, long... expected) {
		for (int i = 0; i < telemetry.length; i++) {
			long exported = telemetry[i].spans.exported.sum();
			if (exported != expected[i]) {
				throw new IllegalStateException(
						"Instrumentation " + i + " exported " + exported + " spans, expected " + expected[i]);
			}
		}
	}

	static void closeAll(BenchTelemetry[] telemetry) {
		for (BenchTelemetry each : telemetry) {
			each.close();
		}
	}

	static final class MemorySpanExporter implements SpanExporter {

		final LongAdder exported = new LongAdder();

		final AtomicReference<SpanData> last = new AtomicReference<>();

		@Override
		public CompletableResultCode export(Collection<SpanData> spans) {
			for (SpanData span : spans) {
				this.last.set(span);
				this.exported.increment();
			}
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

	static final class MemoryLogExporter implements LogRecordExporter {

		final LongAdder exported = new LongAdder();

		final AtomicReference<LogRecordData> last = new AtomicReference<>();

		@Override
		public CompletableResultCode export(Collection<LogRecordData> logs) {
			for (LogRecordData log : logs) {
				this.last.set(log);
				this.exported.increment();
			}
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
