package dev.braintrust.spring.boot.trace;

import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * A few reusable scratch objects (buffers) shared by every thread, instead of one per
 * thread: with virtual threads, each request runs on a new thread, so a per-thread cache
 * is an allocation per request that is also kept for the thread's life. The pool holds at
 * most a fixed number of objects (about two per processor), whatever the number of
 * threads; a thread that finds its slot empty allocates, and an object returned to a full
 * slot is dropped. Lock-free.
 *
 * @param <T> the type of the scratch objects
 */
final class ScratchPool<T> {

	private final AtomicReferenceArray<@Nullable T> slots;

	private final int mask;

	private final Supplier<T> factory;

	ScratchPool(Supplier<T> factory) {
		this(slotsFor(Runtime.getRuntime().availableProcessors()), factory);
	}

	ScratchPool(int slots, Supplier<T> factory) {
		this.slots = new AtomicReferenceArray<>(slots);
		this.mask = slots - 1;
		this.factory = factory;
	}

	// A power of two, twice the processors, between 4 and 64.
	static int slotsFor(int processors) {
		int wanted = Math.max(4, Math.min(64, 2 * processors));
		return Integer.highestOneBit(wanted - 1) << 1;
	}

	/**
	 * An object of the pool, or a new one: the caller owns it until it gives it back.
	 * @return the object
	 */
	T take() {
		T item = poll();
		return (item != null) ? item : this.factory.get();
	}

	/**
	 * An object of the pool, if the caller's slot holds one: the caller owns it until it
	 * gives it back.
	 * @return the object, or null
	 */
	@Nullable T poll() {
		int slot = slot();
		T item = this.slots.get(slot);
		if (item != null && this.slots.compareAndSet(slot, item, null)) {
			return item;
		}
		return null;
	}

	/**
	 * Give an object back; it is kept if its slot is free.
	 * @param item the object, no longer used by the caller
	 */
	void give(T item) {
		int slot = slot();
		if (this.slots.get(slot) == null) {
			this.slots.compareAndSet(slot, null, item);
		}
	}

	int size() {
		int size = 0;
		for (int i = 0; i < this.slots.length(); i++) {
			if (this.slots.get(i) != null) {
				size++;
			}
		}
		return size;
	}

	@SuppressWarnings("deprecation") // Thread.threadId() is Java 19+
	private int slot() {
		long id = Thread.currentThread().getId();
		return (int) (id ^ (id >>> 32)) & this.mask;
	}

}
