package dev.braintrust.spring.reliability;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;

/**
 * Keeps every span the application ends, in memory, and counts the LLM spans (those the
 * Braintrust exporter is given), so that a test can compare what was created with what
 * the receiver got. Spring Boot adds it to its tracer provider as it does any
 * {@link SpanProcessor} bean.
 */
final class RecordingSpanProcessor implements SpanProcessor {

	static final AttributeKey<String> OPERATION = AttributeKey.stringKey("gen_ai.operation.name");

	private final ConcurrentLinkedQueue<SpanData> spans = new ConcurrentLinkedQueue<>();

	private final AtomicLong llmSpans = new AtomicLong();

	private volatile boolean keepSpans = true;

	@Override
	public void onStart(Context parentContext, ReadWriteSpan span) {
	}

	@Override
	public boolean isStartRequired() {
		return false;
	}

	@Override
	public void onEnd(ReadableSpan span) {
		if (span.getAttribute(OPERATION) != null) {
			this.llmSpans.incrementAndGet();
		}
		if (this.keepSpans) {
			this.spans.add(span.toSpanData());
		}
	}

	@Override
	public boolean isEndRequired() {
		return true;
	}

	/** Only count from now on (long fault runs create many spans). */
	void countOnly() {
		this.keepSpans = false;
	}

	long llmSpanCount() {
		return this.llmSpans.get();
	}

	List<SpanData> llmSpans() {
		return this.spans.stream().filter((span) -> span.getAttributes().get(OPERATION) != null).toList();
	}

	List<SpanData> all() {
		return new ArrayList<>(this.spans);
	}

	void clear() {
		this.spans.clear();
	}

	@Override
	public CompletableResultCode shutdown() {
		return CompletableResultCode.ofSuccess();
	}

}
