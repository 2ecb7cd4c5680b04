package dev.braintrust.spring.boot.benchmarks;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What writing the content documents on a background thread would cost the caller: a call
 * (CPU work standing in for the SDK's, about as long as the OpenAI SDK's in-memory call)
 * alone, and the same call preceded by the hand-off of one task to a worker thread that
 * parks when it has nothing to do and is unparked by the caller, as a background writer
 * that does not spin would have to be.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class HandOffBenchmark {

	private static final long CALL_TOKENS = 9_000;

	private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();

	private final LongAdder done = new LongAdder();

	private volatile boolean parked;

	private volatile boolean running = true;

	private Thread worker;

	@Setup(Level.Trial)
	public void setUp() {
		this.worker = new Thread(this::work, "hand-off-worker");
		this.worker.setDaemon(true);
		this.worker.start();
	}

	@TearDown(Level.Trial)
	public void tearDown() throws InterruptedException {
		this.running = false;
		LockSupport.unpark(this.worker);
		this.worker.join(1000);
	}

	private void work() {
		while (this.running) {
			Runnable task = this.queue.poll();
			if (task != null) {
				task.run();
				continue;
			}
			this.parked = true;
			if (this.queue.isEmpty() && this.running) {
				LockSupport.park(this);
			}
			this.parked = false;
		}
	}

	@Benchmark
	public void call() {
		Blackhole.consumeCPU(CALL_TOKENS);
	}

	@Benchmark
	public void callWithHandOff() {
		this.queue.offer(this.done::increment);
		if (this.parked) {
			LockSupport.unpark(this.worker);
		}
		Blackhole.consumeCPU(CALL_TOKENS);
	}

}
