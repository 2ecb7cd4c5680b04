package dev.braintrust.spring.boot.export;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.AttributeType;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;

/**
 * The spans waiting for Braintrust, bounded in spans and in bytes. A span counts against
 * both bounds from the moment it is queued until its export is settled (sent, rejected,
 * or given up), the request in flight included: a batch that fails goes back to the head
 * of the queue, in its order, without being counted twice. At the bound the newest span
 * is refused (the caller counts it dropped): the spans already held are older and go
 * first when the backend is back. Only short critical sections under the lock, never I/O.
 */
final class ExportQueue {

	/**
	 * What a span costs on the heap beyond its attribute text: the span and its exported
	 * view, its context and ids, its attribute map, clock and queue entry (QueueHeapTests
	 * measures the total).
	 */
	static final long SPAN_OVERHEAD_BYTES = 1024;

	private static final long ENTRY_OVERHEAD_BYTES = 32;

	private final int maxSpans;

	private final long maxBytes;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition changed = this.lock.newCondition();

	private final ArrayDeque<QueuedSpan> queue = new ArrayDeque<>();

	private int heldSpans;

	private long heldBytes;

	ExportQueue(int maxSpans, long maxBytes) {
		this.maxSpans = maxSpans;
		this.maxBytes = maxBytes;
	}

	/**
	 * Queue a span unless a bound would be passed.
	 * @return whether it was queued
	 */
	boolean offer(SpanData span, int wakeAt) {
		long bytes = estimatedBytes(span);
		this.lock.lock();
		try {
			if (this.heldSpans + 1 > this.maxSpans || this.heldBytes + bytes > this.maxBytes) {
				return false;
			}
			this.queue.addLast(new QueuedSpan(span, bytes));
			this.heldSpans++;
			this.heldBytes += bytes;
			if (this.queue.size() >= wakeAt) {
				this.changed.signalAll();
			}
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Take up to {@code max} spans from the head; they stay counted until
	 * {@link #settled} or {@link #returnToHead}.
	 */
	List<QueuedSpan> take(int max) {
		this.lock.lock();
		try {
			int count = Math.min(max, this.queue.size());
			List<QueuedSpan> batch = new ArrayList<>(count);
			for (int i = 0; i < count; i++) {
				batch.add(this.queue.pollFirst());
			}
			return batch;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Put spans back at the head of the queue, in their order, to be sent again.
	 */
	void returnToHead(List<QueuedSpan> spans) {
		if (spans.isEmpty()) {
			return;
		}
		this.lock.lock();
		try {
			for (int i = spans.size() - 1; i >= 0; i--) {
				this.queue.addFirst(spans.get(i));
			}
			this.changed.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Put spans that were not held (read back from the spool) at the head of the queue,
	 * counting them: a bound may be passed by as much.
	 */
	void addToHead(List<QueuedSpan> spans) {
		long bytes = 0;
		for (QueuedSpan span : spans) {
			bytes += span.bytes();
		}
		this.lock.lock();
		try {
			this.heldSpans += spans.size();
			this.heldBytes += bytes;
		}
		finally {
			this.lock.unlock();
		}
		returnToHead(spans);
	}

	/**
	 * Spans whose export is over (sent, rejected, dropped or spooled) no longer count.
	 */
	void settled(List<QueuedSpan> spans) {
		if (spans.isEmpty()) {
			return;
		}
		long bytes = 0;
		for (QueuedSpan span : spans) {
			bytes += span.bytes();
		}
		this.lock.lock();
		try {
			this.heldSpans -= spans.size();
			this.heldBytes -= bytes;
			this.changed.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Wait until at least {@code count} spans are queued, or {@code nanos} have passed,
	 * or {@link #wake()} is called.
	 */
	void awaitQueued(int count, long nanos) throws InterruptedException {
		this.lock.lock();
		try {
			long remaining = nanos;
			while (this.queue.size() < count && remaining > 0) {
				remaining = this.changed.awaitNanos(remaining);
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	void wake() {
		this.lock.lock();
		try {
			this.changed.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	int queued() {
		this.lock.lock();
		try {
			return this.queue.size();
		}
		finally {
			this.lock.unlock();
		}
	}

	int heldSpans() {
		this.lock.lock();
		try {
			return this.heldSpans;
		}
		finally {
			this.lock.unlock();
		}
	}

	long heldBytes() {
		this.lock.lock();
		try {
			return this.heldBytes;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * The size of a span as held and sent: its attribute keys and values (a character
	 * counted as a byte, as ASCII text takes on the heap and on the wire), its events,
	 * and a fixed overhead per span and per entry.
	 */
	static long estimatedBytes(SpanData span) {
		long[] total = { SPAN_OVERHEAD_BYTES + span.getName().length() };
		span.getAttributes().forEach((key, value) -> total[0] += entryBytes(key, value));
		for (EventData event : span.getEvents()) {
			total[0] += ENTRY_OVERHEAD_BYTES + event.getName().length();
			event.getAttributes().forEach((key, value) -> total[0] += entryBytes(key, value));
		}
		total[0] += ENTRY_OVERHEAD_BYTES * span.getLinks().size();
		return total[0];
	}

	private static long entryBytes(AttributeKey<?> key, Object value) {
		long bytes = ENTRY_OVERHEAD_BYTES + key.getKey().length();
		if (key.getType() == AttributeType.STRING) {
			return bytes + ((String) value).length();
		}
		if (value instanceof List<?> list) {
			for (Object element : list) {
				bytes += (element instanceof String string) ? string.length() + 16 : 16;
			}
			return bytes;
		}
		return bytes + 8;
	}

	/**
	 * A queued span and its estimated size.
	 */
	record QueuedSpan(SpanData span, long bytes) {
	}

}
