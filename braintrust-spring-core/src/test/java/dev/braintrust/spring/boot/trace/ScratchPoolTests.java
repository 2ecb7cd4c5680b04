package dev.braintrust.spring.boot.trace;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ScratchPoolTests {

	@Test
	void holdsNoMoreObjectsThanItsSlotsWhateverTheNumberOfThreads() throws Exception {
		ScratchPool<byte[]> pool = new ScratchPool<>(8, () -> new byte[16]);
		List<Thread> threads = new ArrayList<>();
		CountDownLatch done = new CountDownLatch(1000);
		for (int i = 0; i < 1000; i++) {
			Thread thread = new Thread(() -> {
				byte[] first = pool.take();
				byte[] second = pool.take();
				pool.give(first);
				pool.give(second);
				done.countDown();
			});
			threads.add(thread);
			thread.start();
		}
		done.await();
		for (Thread thread : threads) {
			thread.join();
		}
		assertThat(pool.size()).isLessThanOrEqualTo(8);
	}

	@Test
	void anObjectIsNeverHeldTwice() {
		ScratchPool<Object> pool = new ScratchPool<>(4, Object::new);
		Object first = pool.take();
		pool.give(first);
		Object again = pool.take();
		Object other = pool.take();
		assertThat(again).isSameAs(first);
		assertThat(other).isNotSameAs(first);
	}

	@Test
	void slotsAreAPowerOfTwoBetweenFourAndSixtyFour() {
		assertThat(ScratchPool.slotsFor(1)).isEqualTo(4);
		assertThat(ScratchPool.slotsFor(2)).isEqualTo(4);
		assertThat(ScratchPool.slotsFor(3)).isEqualTo(8);
		assertThat(ScratchPool.slotsFor(16)).isEqualTo(32);
		assertThat(ScratchPool.slotsFor(512)).isEqualTo(64);
	}

}
