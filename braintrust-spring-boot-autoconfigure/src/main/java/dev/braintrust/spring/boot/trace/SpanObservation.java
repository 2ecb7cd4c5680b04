package dev.braintrust.spring.boot.trace;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.jspecify.annotations.Nullable;

/**
 * The observation of one recorded call: holds its span and timings; the first of
 * end/error/cancel wins (a compare-and-set), so a stream that completes while its
 * consumer closes it ends its span once.
 */
final class SpanObservation implements LlmObservation {

	static final long NOT_SET = Long.MIN_VALUE;

	private static final AtomicLongFieldUpdater<SpanObservation> FIRST_CHUNK = AtomicLongFieldUpdater
		.newUpdater(SpanObservation.class, "firstChunkNanos");

	private static final AtomicIntegerFieldUpdater<SpanObservation> ENDED = AtomicIntegerFieldUpdater
		.newUpdater(SpanObservation.class, "ended");

	private final LlmSpanHandler handler;

	final LlmRequest request;

	final boolean captureContent;

	final Span span;

	final Context context;

	final long startNanos;

	final Instant startTime;

	private volatile long firstChunkNanos = NOT_SET;

	private volatile int ended;

	SpanObservation(LlmSpanHandler handler, LlmRequest request, boolean captureContent, Span span, Context context,
			long startNanos, Instant startTime) {
		this.handler = handler;
		this.request = request;
		this.captureContent = captureContent;
		this.span = span;
		this.context = context;
		this.startNanos = startNanos;
		this.startTime = startTime;
	}

	@Override
	public boolean isRecording() {
		return true;
	}

	@Override
	public void firstChunk() {
		if (this.firstChunkNanos == NOT_SET) {
			FIRST_CHUNK.compareAndSet(this, NOT_SET, System.nanoTime());
		}
	}

	long firstChunkNanos() {
		return this.firstChunkNanos;
	}

	@Override
	public void end(LlmResponse response) {
		if (ENDED.compareAndSet(this, 0, 1)) {
			this.handler.finish(this, response, null, false);
		}
	}

	@Override
	public void error(Throwable error, @Nullable LlmResponse partialResponse) {
		if (ENDED.compareAndSet(this, 0, 1)) {
			// An asynchronous call fails with its future's wrapper: record what failed.
			this.handler.finish(this, partialResponse, Failures.unwrap(error), false);
		}
	}

	@Override
	public void cancel(LlmResponse partialResponse) {
		if (ENDED.compareAndSet(this, 0, 1)) {
			this.handler.finish(this, partialResponse, null, true);
		}
	}

	@Override
	public int contentCapacity() {
		return this.captureContent ? this.handler.maxContentLength() : 0;
	}

	@Override
	public void instrumentationFailure(String step, Throwable failure) {
		this.handler.instrumentationFailure(this.request.integration(), step, failure);
	}

	@Override
	public Scope makeCurrent() {
		return this.context.makeCurrent();
	}

}
