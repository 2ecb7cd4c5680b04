package dev.braintrust.spring.boot.trace;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.jspecify.annotations.Nullable;

/**
 * The observation of one recorded call: holds its span and timings; the first of
 * end/error/cancel wins (a compare-and-set), so a stream that completes while its
 * consumer closes it ends its span once.
 */
final class CallObservation implements LlmObservation {

	static final long NOT_SET = Long.MIN_VALUE;

	private static final AtomicLongFieldUpdater<CallObservation> FIRST_CHUNK = AtomicLongFieldUpdater
		.newUpdater(CallObservation.class, "firstChunkNanos");

	private static final AtomicReferenceFieldUpdater<CallObservation, SpanNotes> NOTES = AtomicReferenceFieldUpdater
		.newUpdater(CallObservation.class, SpanNotes.class, "notes");

	private static final AtomicIntegerFieldUpdater<CallObservation> ENDED = AtomicIntegerFieldUpdater
		.newUpdater(CallObservation.class, "ended");

	private final LlmCallDispatcher dispatcher;

	final LlmRequest request;

	final ContentCapture content;

	final Span span;

	final Context context;

	final long startNanos;

	final Instant startTime;

	private volatile long firstChunkNanos = NOT_SET;

	private volatile int ended;

	// Created by the first note the application adds.
	private volatile @Nullable SpanNotes notes;

	CallObservation(LlmCallDispatcher dispatcher, LlmRequest request, ContentCapture content, Span span,
			Context context, long startNanos, Instant startTime) {
		this.dispatcher = dispatcher;
		this.request = request;
		this.content = content;
		this.span = span;
		this.context = context.with(LlmCallDispatcher.CURRENT_CALL, this);
		this.startNanos = startNanos;
		this.startTime = startTime;
	}

	/**
	 * The notes of the application on this call's span.
	 */
	SpanNotes notes() {
		SpanNotes notes = this.notes;
		if (notes == null) {
			NOTES.compareAndSet(this, null, new SpanNotes());
			notes = this.notes;
		}
		return notes;
	}

	SpanAnnotations annotations() {
		SpanNotes notes = this.notes;
		return (notes != null) ? notes.snapshot() : SpanAnnotations.NONE;
	}

	/**
	 * Whether the call has ended (its span written).
	 */
	boolean ended() {
		return this.ended != 0;
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
			this.dispatcher.finish(this, response, null, false);
		}
	}

	@Override
	public void error(Throwable error, @Nullable LlmResponse partialResponse) {
		if (ENDED.compareAndSet(this, 0, 1)) {
			// An asynchronous call fails with its future's wrapper: record what failed.
			this.dispatcher.finish(this, partialResponse, Failures.unwrap(error), false);
		}
	}

	@Override
	public void cancel(LlmResponse partialResponse) {
		if (ENDED.compareAndSet(this, 0, 1)) {
			this.dispatcher.finish(this, partialResponse, null, true);
		}
	}

	@Override
	public int contentCapacity() {
		return this.content.capacity();
	}

	@Override
	public void instrumentationFailure(String step, Throwable failure) {
		this.dispatcher.instrumentationFailure(this.request.integration(), step, failure);
	}

	@Override
	public Scope makeCurrent() {
		return this.context.makeCurrent();
	}

}
