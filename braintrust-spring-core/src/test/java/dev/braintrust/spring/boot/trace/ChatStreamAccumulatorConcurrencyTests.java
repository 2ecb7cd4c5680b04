package dev.braintrust.spring.boot.trace;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A chunk aggregated under one monitor acquisition stays safe against {@code toResponse}
 * (a cancel) from another thread, and direct appends from several threads still
 * serialize.
 */
class ChatStreamAccumulatorConcurrencyTests {

	@Test
	void toResponseFromAnotherThreadSeesWholeChunksOnly() throws Exception {
		ChatStreamAccumulator accumulator = new ChatStreamAccumulator();
		ChunkAggregator<String> aggregator = (chunk, acc) -> acc.id("id").content(0, chunk).content(0, chunk);
		int chunks = 200_000;
		AtomicReference<Throwable> failure = new AtomicReference<>();
		CountDownLatch started = new CountDownLatch(1);
		Thread reader = new Thread(() -> {
			started.countDown();
			try {
				for (int i = 0; i < 2_000; i++) {
					String text = accumulator.toResponse().choices().isEmpty() ? ""
							: accumulator.toResponse().choices().get(0).message().content();
					// Each chunk appends "ab" twice: whole chunks only, never half of
					// one.
					assertThat(text.length() % 4).isZero();
				}
			}
			catch (Throwable ex) {
				failure.set(ex);
			}
		});
		reader.start();
		started.await();
		for (int i = 0; i < chunks; i++) {
			accumulator.aggregate(aggregator, "ab");
		}
		reader.join();
		assertThat(failure.get()).isNull();
		assertThat(accumulator.toResponse().choices().get(0).message().content()).hasSize(chunks * 4);
	}

	@Test
	void directAppendsFromSeveralThreadsAreSerialized() throws Exception {
		ChatStreamAccumulator accumulator = new ChatStreamAccumulator();
		Thread[] threads = new Thread[4];
		for (int t = 0; t < threads.length; t++) {
			threads[t] = new Thread(() -> {
				for (int i = 0; i < 50_000; i++) {
					accumulator.content(0, "x").toolCall(0, 0, null, "f", "y");
				}
			});
			threads[t].start();
		}
		for (Thread thread : threads) {
			thread.join();
		}
		Choice choice = accumulator.toResponse().choices().get(0);
		assertThat(choice.message().content()).hasSize(200_000);
		assertThat(choice.message().toolCalls().get(0).arguments()).hasSize(200_000);
	}

}
