package dev.braintrust.spring.boot.viewer;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

import io.opentelemetry.sdk.trace.data.SpanData;
import org.jspecify.annotations.Nullable;

/**
 * The recent traces the viewer shows, in memory only, bounded three ways: at most
 * {@code maxTraces} traces (the trace seen first is evicted first), at most
 * {@code maxSpansPerTrace} spans per trace (further spans are counted, not kept), and at
 * most {@code maxBytes} of estimated memory for all of them (oldest traces are evicted to
 * make room; a span that does not fit alone is counted, not kept). Thread-safe: spans
 * arrive on the application's threads as they end; the lock guards a few map and list
 * operations, never I/O or foreign code.
 */
public final class TraceRing {

	private final int maxTraces;

	private final int maxSpansPerTrace;

	private final long maxBytes;

	private final ReentrantLock lock = new ReentrantLock();

	// Insertion order: the trace whose first span ended first is evicted first.
	private final LinkedHashMap<String, Trace> traces = new LinkedHashMap<>();

	private long bytes;

	private long version;

	private long evictedTraces;

	/**
	 * Creates an empty ring.
	 * @param maxTraces the maximum number of traces kept, at least 1
	 * @param maxSpansPerTrace the maximum number of spans kept per trace, at least 1
	 * @param maxBytes the maximum estimated memory of the kept spans, in bytes
	 */
	public TraceRing(int maxTraces, int maxSpansPerTrace, long maxBytes) {
		if (maxTraces < 1 || maxSpansPerTrace < 1 || maxBytes < 1) {
			throw new IllegalArgumentException("maxTraces, maxSpansPerTrace and maxBytes must be positive");
		}
		this.maxTraces = maxTraces;
		this.maxSpansPerTrace = maxSpansPerTrace;
		this.maxBytes = maxBytes;
	}

	/**
	 * Keeps a finished span.
	 * @param span the span
	 */
	public void add(SpanData span) {
		add(RecordedSpan.of(span));
	}

	void add(RecordedSpan span) {
		this.lock.lock();
		try {
			this.version++;
			Trace trace = this.traces.get(span.traceId());
			if (trace == null) {
				trace = new Trace();
				this.traces.put(span.traceId(), trace);
				evictOldest(trace, () -> this.traces.size() > this.maxTraces);
			}
			if (trace.spans.size() >= this.maxSpansPerTrace) {
				trace.dropped++;
				return;
			}
			evictOldest(trace, () -> this.bytes + span.bytes() > this.maxBytes);
			if (this.bytes + span.bytes() > this.maxBytes) {
				trace.dropped++;
				return;
			}
			trace.spans.add(span);
			trace.bytes += span.bytes();
			this.bytes += span.bytes();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Evicts the oldest traces but one while there is too much.
	 */
	private void evictOldest(Trace keep, BooleanSupplier tooMuch) {
		Iterator<Trace> oldest = this.traces.values().iterator();
		while (tooMuch.getAsBoolean() && oldest.hasNext()) {
			Trace trace = oldest.next();
			if (trace != keep) {
				oldest.remove();
				this.bytes -= trace.bytes;
				this.evictedTraces++;
			}
		}
	}

	/**
	 * A number that changes whenever a span is added, so that a reader knows when to read
	 * again.
	 * @return the version
	 */
	public long version() {
		this.lock.lock();
		try {
			return this.version;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * The kept traces, newest (latest start) first.
	 * @return their summaries
	 */
	List<TraceSummary> summaries() {
		List<Snapshot> snapshots;
		this.lock.lock();
		try {
			snapshots = new ArrayList<>(this.traces.size());
			for (Map.Entry<String, Trace> entry : this.traces.entrySet()) {
				Trace trace = entry.getValue();
				TraceSummary summary = trace.summary;
				boolean current = summary != null && summary.spanCount() == trace.spans.size()
						&& summary.droppedSpans() == trace.dropped;
				snapshots.add(new Snapshot(entry.getKey(), trace, current ? summary : null,
						current ? List.of() : List.copyOf(trace.spans), trace.dropped));
			}
		}
		finally {
			this.lock.unlock();
		}
		List<TraceSummary> summaries = new ArrayList<>(snapshots.size());
		for (Snapshot snapshot : snapshots) {
			TraceSummary summary = snapshot.summary();
			if (summary == null) {
				summary = TraceSummary.of(snapshot.traceId(), snapshot.spans(), snapshot.dropped());
				// Spans are only ever appended: the summary stays right while the trace
				// has
				// as many spans
				snapshot.trace().summary = summary;
			}
			if (summary.spanCount() > 0) {
				summaries.add(summary);
			}
		}
		summaries.sort((a, b) -> Long.compare(b.startNanos(), a.startNanos()));
		return summaries;
	}

	private record Snapshot(String traceId, Trace trace, @Nullable TraceSummary summary, List<RecordedSpan> spans,
			int dropped) {

	}

	/**
	 * One kept trace's spans, in start order.
	 * @param traceId the trace id
	 * @return the trace, or null when it is not kept
	 */
	@Nullable TraceDetail trace(String traceId) {
		List<RecordedSpan> spans;
		int dropped;
		this.lock.lock();
		try {
			Trace trace = this.traces.get(traceId);
			if (trace == null || trace.spans.isEmpty()) {
				return null;
			}
			spans = new ArrayList<>(trace.spans);
			dropped = trace.dropped;
		}
		finally {
			this.lock.unlock();
		}
		spans.sort(TraceSummary.BY_START);
		return new TraceDetail(TraceSummary.of(traceId, spans, dropped), spans);
	}

	/**
	 * The bounds and what they cost.
	 * @return the state of the ring
	 */
	Usage usage() {
		this.lock.lock();
		try {
			return new Usage(this.traces.size(), this.maxTraces, this.maxSpansPerTrace, this.bytes, this.maxBytes,
					this.evictedTraces);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * The ring's bounds and use.
	 *
	 * @param traces how many traces are kept
	 * @param maxTraces the maximum number of traces
	 * @param maxSpansPerTrace the maximum number of spans per trace
	 * @param bytes the estimated memory of the kept spans
	 * @param maxBytes the maximum
	 * @param evictedTraces how many traces were evicted so far
	 */
	record Usage(int traces, int maxTraces, int maxSpansPerTrace, long bytes, long maxBytes, long evictedTraces) {

	}

	/**
	 * A trace and its spans, in start order.
	 *
	 * @param summary its summary
	 * @param spans its spans
	 */
	record TraceDetail(TraceSummary summary, List<RecordedSpan> spans) {

	}

	private static final class Trace {

		private final List<RecordedSpan> spans = new ArrayList<>(4);

		private int dropped;

		private long bytes;

		private volatile @Nullable TraceSummary summary;

	}

}
