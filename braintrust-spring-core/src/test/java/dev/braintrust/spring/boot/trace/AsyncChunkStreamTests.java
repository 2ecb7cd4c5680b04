package dev.braintrust.spring.boot.trace;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import io.opentelemetry.context.Scope;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class AsyncChunkStreamTests {

	private final RecordingObservation observation = new RecordingObservation();

	private final CompletableFuture<Void> source = new CompletableFuture<>();

	private final AtomicInteger closes = new AtomicInteger();

	private final AsyncChunkStream<String> stream = new AsyncChunkStream<>(this.observation,
			(chunk, accumulator) -> accumulator.content(0, chunk), this.source, this.closes::incrementAndGet);

	@Test
	void chunksAreAggregatedBeforeTheHandlerAndTheCallEndsBeforeTheHandlersCompletion() {
		List<String> received = new ArrayList<>();
		this.stream.onNext("Hello", received::add);
		this.stream.onNext(" world", received::add);
		this.stream.onComplete(Optional.empty(), (error) -> received.add("ended: " + this.observation.ends));
		assertThat(received).containsExactly("Hello", " world", "ended: [end Hello world]");
		this.source.complete(null);
		assertThat(this.stream.completion()).isCompleted();
		assertThat(this.observation.ends).containsExactly("end Hello world");
	}

	@Test
	void aFailureOfTheRequestEndsTheCallWithoutAnySubscriber() {
		IllegalStateException failure = new IllegalStateException("rejected");
		this.source.completeExceptionally(failure);
		assertThat(this.stream.completion()).isCompletedExceptionally();
		assertThat(this.observation.ends).containsExactly("error rejected");
	}

	@Test
	void closingBeforeTheEndCancelsTheCallAndClosesTheSource() {
		this.stream.onNext("partial", (chunk) -> {
		});
		this.stream.close();
		assertThat(this.observation.ends).containsExactly("cancel partial");
		assertThat(this.closes).hasValue(1);
	}

	@Test
	void aFailureWhileEndingTheCallStillClosesTheSource() {
		this.observation.failOnEnd = true;
		assertThatIllegalStateException().isThrownBy(this.stream::close);
		assertThat(this.closes).hasValue(1);
	}

	@Test
	void aFailureWhileEndingTheCallStillCompletesTheSubscriber() {
		this.observation.failOnEnd = true;
		List<Optional<Throwable>> completions = new ArrayList<>();
		assertThatIllegalStateException().isThrownBy(() -> this.stream.onComplete(Optional.empty(), completions::add));
		assertThat(completions).containsExactly(Optional.empty());
	}

	static final class RecordingObservation implements LlmObservation {

		final List<String> ends = new ArrayList<>();

		boolean failOnEnd;

		@Override
		public boolean isRecording() {
			return true;
		}

		@Override
		public void firstChunk() {
		}

		@Override
		public void end(LlmResponse response) {
			record("end ", response);
		}

		@Override
		public void error(Throwable error, @Nullable LlmResponse partialResponse) {
			record("error " + error.getMessage(), null);
		}

		@Override
		public void cancel(LlmResponse partialResponse) {
			record("cancel ", partialResponse);
		}

		private void record(String end, @Nullable LlmResponse response) {
			if (this.failOnEnd) {
				throw new IllegalStateException("a failing handler");
			}
			this.ends.add((response != null) ? end + response.choices().get(0).message().content() : end);
		}

		@Override
		public Scope makeCurrent() {
			return Scope.noop();
		}

	}

}
