package dev.braintrust.spring.boot.trace;

import java.util.Iterator;
import java.util.List;
import java.util.Spliterator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class TracedChunkStreamTests {

	private final TestTracing tracing = new TestTracing();

	private final LlmCallDispatcher handler = this.tracing.handler().build();

	private final AtomicInteger sourceClosed = new AtomicInteger();

	@AfterEach
	void close() {
		this.tracing.close();
	}

	private LlmRequest request() {
		return LlmRequest.builder("openai", "openai", LlmOperation.CHAT)
			.model("gpt-4o-mini")
			.stream(true)
			.message(ChatMessage.user("Hi"))
			.build();
	}

	private TracedChunkStream<StreamChunk> traced(Iterator<StreamChunk> chunks) {
		return TracedChunkStream.of(this.handler.start(request()), chunks, this.sourceClosed::incrementAndGet,
				StreamChunk.AGGREGATOR);
	}

	@Test
	void exhaustedStreamEndsSpanOnceWithAggregatedOutputAndTimeToFirstChunk() {
		TracedChunkStream<StreamChunk> stream = traced(List
			.of(StreamChunk.text("The capital "), StreamChunk.text("is Paris."), StreamChunk.finish("stop"),
					StreamChunk.usage(12, 4))
			.iterator());
		assertThat(this.tracing.spans()).as("span still open before consumption").isEmpty();
		try (Stream<StreamChunk> chunks = stream.stream()) {
			assertThat(chunks.count()).isEqualTo(4);
		}
		SpanData span = this.tracing.onlySpan();
		Attributes a = span.getAttributes();
		assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
		assertThat(a.get(AttributeKey.stringKey("braintrust.output_json"))).isEqualTo(
				"[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"The capital is Paris.\"},\"finish_reason\":\"stop\"}]");
		assertThat(a.get(AttributeKey.stringArrayKey("gen_ai.response.finish_reasons"))).containsExactly("stop");
		assertThat(a.get(AttributeKey.longKey("gen_ai.usage.input_tokens"))).isEqualTo(12L);
		assertThat(a.get(AttributeKey.doubleKey("gen_ai.response.time_to_first_chunk"))).isNotNull();
		JsonNode metrics = TestTracing.parse(a.get(AttributeKey.stringKey("braintrust.metrics")));
		assertThat(metrics.get("time_to_first_token").isNumber()).isTrue();
		assertThat(metrics.get("tokens").asLong()).isEqualTo(16);
		assertThat(span.getEvents()).noneMatch((event) -> event.getName().equals("cancelled"));
		assertThat(this.sourceClosed).hasValue(1);
	}

	@Test
	void streamedToolCallsAreAggregated() {
		TracedChunkStream<StreamChunk> stream = traced(List
			.of(StreamChunk.tool(0, "call_1", "weather", ""), StreamChunk.tool(0, null, null, "{\"city\""),
					StreamChunk.tool(0, null, null, ":\"Paris\"}"), StreamChunk.finish("tool_calls"))
			.iterator());
		stream.forEachRemaining((chunk) -> {
		});
		assertThat(this.tracing.onlySpan().getAttributes().get(AttributeKey.stringKey("braintrust.output_json")))
			.isEqualTo(
					"[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"weather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}]},\"finish_reason\":\"tool_calls\"}]");
	}

	@Test
	void streamClosedAfterFirstChunkEndsSpanOnceAsCancelled() {
		TracedChunkStream<StreamChunk> stream = traced(
				List.of(StreamChunk.text("The"), StreamChunk.text(" rest")).iterator());
		assertThat(stream.next().text()).isEqualTo("The");
		stream.close();
		stream.close();
		SpanData span = this.tracing.onlySpan();
		assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
		assertThat(span.getEvents()).extracting((event) -> event.getName()).containsExactly("cancelled");
		assertThat(span.getAttributes().get(AttributeKey.stringKey("braintrust.output_json"))).contains("\"The\"")
			.doesNotContain("rest");
		assertThat(span.getAttributes().get(AttributeKey.doubleKey("gen_ai.response.time_to_first_chunk"))).isNotNull();
		assertThat(this.sourceClosed).hasValue(1);
		assertThat(stream.hasNext()).isFalse();
	}

	@Test
	void closingAJavaStreamEarlyEndsSpanOnce() {
		Stream<StreamChunk> source = Stream.of(StreamChunk.text("a"), StreamChunk.text("b"), StreamChunk.text("c"))
			.onClose(this.sourceClosed::incrementAndGet);
		try (Stream<StreamChunk> chunks = TracedChunkStream
			.of(this.handler.start(request()), source, StreamChunk.AGGREGATOR)
			.stream()) {
			assertThat(chunks.findFirst()).isPresent();
		}
		assertThat(this.tracing.onlySpan().getEvents()).extracting((event) -> event.getName())
			.containsExactly("cancelled");
		assertThat(this.sourceClosed).hasValue(1);
	}

	@Test
	void javaStreamSourceConsumedToItsEndEndsSpanWithAggregatedOutput() {
		Stream<StreamChunk> source = Stream
			.of(StreamChunk.text("The capital "), StreamChunk.text("is Paris."), StreamChunk.finish("stop"))
			.onClose(this.sourceClosed::incrementAndGet);
		StringBuilder seen = new StringBuilder();
		try (Stream<StreamChunk> chunks = TracedChunkStream
			.of(this.handler.start(request()), source, StreamChunk.AGGREGATOR)
			.stream()) {
			chunks.forEach((chunk) -> seen.append((chunk.text() != null) ? chunk.text() : ""));
			assertThat(this.tracing.spans()).as("ended on exhaustion, before close").hasSize(1);
		}
		assertThat(seen).hasToString("The capital is Paris.");
		SpanData span = this.tracing.onlySpan();
		assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
		assertThat(span.getEvents()).isEmpty();
		assertThat(span.getAttributes().get(AttributeKey.stringKey("braintrust.output_json")))
			.contains("The capital is Paris.");
		assertThat(this.sourceClosed).hasValue(1);
	}

	@Test
	void javaStreamSourceFailingMidwayEndsSpanWithErrorAndRethrowsUnchanged() {
		IllegalStateException failure = new IllegalStateException("connection reset");
		Stream<StreamChunk> source = Stream.of("partial", "boom").map((text) -> {
			if (text.equals("boom")) {
				throw failure;
			}
			return StreamChunk.text(text);
		});
		try (Stream<StreamChunk> chunks = TracedChunkStream
			.of(this.handler.start(request()), source, StreamChunk.AGGREGATOR)
			.stream()) {
			assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> chunks.forEach((chunk) -> {
			})).isSameAs(failure);
		}
		SpanData span = this.tracing.onlySpan();
		assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
		assertThat(span.getAttributes().get(AttributeKey.stringKey("braintrust.output_json"))).contains("partial");
	}

	@Test
	void consumerFailureReachesTheCallerAndTheCallEndsAsCancelledOnClose() {
		IllegalArgumentException consumerFailure = new IllegalArgumentException("consumer bug");
		Stream<StreamChunk> source = Stream.of(StreamChunk.text("a"), StreamChunk.text("b"));
		try (Stream<StreamChunk> chunks = TracedChunkStream
			.of(this.handler.start(request()), source, StreamChunk.AGGREGATOR)
			.stream()) {
			assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> chunks.forEach((chunk) -> {
				throw consumerFailure;
			})).isSameAs(consumerFailure);
			assertThat(this.tracing.spans()).isEmpty();
		}
		SpanData span = this.tracing.onlySpan();
		assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
		assertThat(span.getEvents()).extracting((event) -> event.getName()).containsExactly("cancelled");
	}

	@Test
	void forEachOverAJavaStreamSourceRunsItsTraversalInOnePass() {
		CountingSpliterator source = new CountingSpliterator(
				List.of(StreamChunk.text("a"), StreamChunk.text("b"), StreamChunk.text("c")));
		StringBuilder seen = new StringBuilder();
		try (Stream<StreamChunk> chunks = TracedChunkStream
			.of(this.handler.start(request()), StreamSupport.stream(source, false), StreamChunk.AGGREGATOR)
			.stream()) {
			chunks.forEach((chunk) -> seen.append(chunk.text()));
		}
		assertThat(seen).hasToString("abc");
		assertThat(source.forEachRemaining).hasValue(1);
		assertThat(source.tryAdvance).hasValue(0);
		assertThat(this.tracing.onlySpan().getAttributes().get(AttributeKey.stringKey("braintrust.output_json")))
			.contains("\"abc\"");
	}

	@Test
	void javaStreamSourcePulledToItsEndEndsSpanWithAggregatedOutput() {
		try (Stream<StreamChunk> chunks = TracedChunkStream
			.of(this.handler.start(request()), Stream.of(StreamChunk.text("a"), StreamChunk.text("b")),
					StreamChunk.AGGREGATOR)
			.stream()) {
			Iterator<StreamChunk> pulled = chunks.iterator();
			assertThat(pulled.next().text()).isEqualTo("a");
			assertThat(pulled.next().text()).isEqualTo("b");
			assertThat(this.tracing.spans()).isEmpty();
			assertThat(pulled.hasNext()).isFalse();
			assertThat(this.tracing.spans()).as("ended on exhaustion, before close").hasSize(1);
		}
		SpanData span = this.tracing.onlySpan();
		assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
		assertThat(span.getEvents()).isEmpty();
		assertThat(span.getAttributes().get(AttributeKey.stringKey("braintrust.output_json"))).contains("\"ab\"");
	}

	@Test
	void shortCircuitedJavaStreamSourceEndsSpanAsCancelledOnClose() {
		Stream<StreamChunk> source = Stream.of(StreamChunk.text("a"), StreamChunk.text("b"))
			.onClose(this.sourceClosed::incrementAndGet);
		try (Stream<StreamChunk> chunks = TracedChunkStream
			.of(this.handler.start(request()), source, StreamChunk.AGGREGATOR)
			.stream()) {
			assertThat(chunks.findFirst()).get().extracting(StreamChunk::text).isEqualTo("a");
			assertThat(this.tracing.spans()).isEmpty();
		}
		SpanData span = this.tracing.onlySpan();
		assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
		assertThat(span.getEvents()).extracting((event) -> event.getName()).containsExactly("cancelled");
		assertThat(span.getAttributes().get(AttributeKey.stringKey("braintrust.output_json"))).contains("\"a\"");
		assertThat(this.sourceClosed).hasValue(1);
	}

	@Test
	void javaStreamSourceFailingWhilePulledEndsSpanWithErrorAndRethrowsUnchanged() {
		IllegalStateException failure = new IllegalStateException("connection reset");
		Stream<StreamChunk> source = Stream.of("partial", "boom").map((text) -> {
			if (text.equals("boom")) {
				throw failure;
			}
			return StreamChunk.text(text);
		});
		try (Stream<StreamChunk> chunks = TracedChunkStream
			.of(this.handler.start(request()), source, StreamChunk.AGGREGATOR)
			.stream()) {
			Iterator<StreamChunk> pulled = chunks.iterator();
			assertThat(pulled.next().text()).isEqualTo("partial");
			assertThatExceptionOfType(IllegalStateException.class).isThrownBy(pulled::hasNext).isSameAs(failure);
		}
		SpanData span = this.tracing.onlySpan();
		assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
		assertThat(span.getAttributes().get(AttributeKey.stringKey("braintrust.output_json"))).contains("partial");
	}

	@Test
	void consumerFailureWhilePulledReachesTheCallerAndTheCallEndsAsCancelledOnClose() {
		IllegalArgumentException consumerFailure = new IllegalArgumentException("consumer bug");
		try (Stream<StreamChunk> chunks = TracedChunkStream
			.of(this.handler.start(request()), Stream.of(StreamChunk.text("a"), StreamChunk.text("b")),
					StreamChunk.AGGREGATOR)
			.stream()) {
			assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> chunks.anyMatch((chunk) -> {
				throw consumerFailure;
			})).isSameAs(consumerFailure);
			assertThat(this.tracing.spans()).isEmpty();
		}
		SpanData span = this.tracing.onlySpan();
		assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
		assertThat(span.getEvents()).extracting((event) -> event.getName()).containsExactly("cancelled");
	}

	@Test
	void javaStreamSourceCanBeIterated() {
		TracedChunkStream<StreamChunk> stream = TracedChunkStream.of(this.handler.start(request()),
				Stream.of(StreamChunk.text("a"), StreamChunk.text("b")), StreamChunk.AGGREGATOR);
		assertThat(stream).toIterable().extracting(StreamChunk::text).containsExactly("a", "b");
		assertThat(this.tracing.onlySpan().getAttributes().get(AttributeKey.stringKey("braintrust.output_json")))
			.contains("\"ab\"");
	}

	@Test
	void failingSourceEndsSpanWithErrorAndRethrowsUnchanged() {
		IllegalStateException failure = new IllegalStateException("connection reset");
		Iterator<StreamChunk> failing = new Iterator<>() {

			private int n;

			@Override
			public boolean hasNext() {
				if (this.n == 1) {
					throw failure;
				}
				return true;
			}

			@Override
			public StreamChunk next() {
				this.n++;
				return StreamChunk.text("partial");
			}

		};
		TracedChunkStream<StreamChunk> stream = traced(failing);
		assertThat(stream.hasNext()).isTrue();
		stream.next();
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(stream::hasNext).isSameAs(failure);
		stream.close();
		SpanData span = this.tracing.onlySpan();
		assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
		assertThat(span.getAttributes().get(AttributeKey.stringKey("error.type")))
			.isEqualTo("java.lang.IllegalStateException");
		assertThat(span.getAttributes().get(AttributeKey.stringKey("braintrust.output_json"))).contains("partial");
	}

	@Test
	void failingAggregatorNeverBreaksTheConsumer() {
		TracedChunkStream<StreamChunk> stream = TracedChunkStream.of(this.handler.start(request()),
				List.of(StreamChunk.text("a"), StreamChunk.text("b")).iterator(), null, (chunk, accumulator) -> {
					throw new IllegalStateException("aggregator bug");
				});
		assertThat(stream).toIterable().hasSize(2);
		assertThat(this.tracing.onlySpan().getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
	}

	@Test
	void nestedStreamIsNotRecordedButStillDeliversChunks() {
		LlmObservation outer = this.handler.start(request());
		TracedChunkStream<StreamChunk> inner;
		try (var scope = outer.makeCurrent()) {
			inner = traced(List.of(StreamChunk.text("a")).iterator());
		}
		assertThat(inner).toIterable().hasSize(1);
		outer.end(LlmResponse.empty());
		assertThat(this.tracing.spans()).hasSize(1);
	}

	/**
	 * A source that counts how it is traversed.
	 */
	private static final class CountingSpliterator implements Spliterator<StreamChunk> {

		final AtomicInteger tryAdvance = new AtomicInteger();

		final AtomicInteger forEachRemaining = new AtomicInteger();

		private final Iterator<StreamChunk> chunks;

		CountingSpliterator(List<StreamChunk> chunks) {
			this.chunks = chunks.iterator();
		}

		@Override
		public boolean tryAdvance(Consumer<? super StreamChunk> action) {
			this.tryAdvance.incrementAndGet();
			if (!this.chunks.hasNext()) {
				return false;
			}
			action.accept(this.chunks.next());
			return true;
		}

		@Override
		public void forEachRemaining(Consumer<? super StreamChunk> action) {
			this.forEachRemaining.incrementAndGet();
			this.chunks.forEachRemaining(action);
		}

		@Override
		public Spliterator<StreamChunk> trySplit() {
			return null;
		}

		@Override
		public long estimateSize() {
			return Long.MAX_VALUE;
		}

		@Override
		public int characteristics() {
			return Spliterator.ORDERED;
		}

	}

}
