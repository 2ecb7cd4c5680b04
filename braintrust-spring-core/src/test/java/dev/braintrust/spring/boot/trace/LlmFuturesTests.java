package dev.braintrust.spring.boot.trace;

import java.net.ConnectException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class LlmFuturesTests {

	private final TestTracing tracing = new TestTracing();

	private final LlmCallDispatcher handler = this.tracing.handler().build();

	@AfterEach
	void close() {
		this.tracing.close();
	}

	private static LlmResponse response(String text) {
		return LlmResponse.chat("id", "gpt-4o-mini", List.of(new Choice(0, ChatMessage.assistant(text), "stop")),
				TokenUsage.of(1, 1));
	}

	@Test
	void successEndsSpanBeforeTheFutureCompletesAndKeepsTheParentContext() {
		Span parent = this.tracing.openTelemetry.getTracer("test").spanBuilder("request").startSpan();
		CompletableFuture<String> source = new CompletableFuture<>();
		AtomicReference<String> callSpan = new AtomicReference<>();
		AtomicReference<String> dependentSpan = new AtomicReference<>();
		CompletableFuture<String> result;
		try (Scope scope = parent.makeCurrent()) {
			result = LlmFutures.trace(this.handler, LlmCallDispatcherTests.openAiExampleRequest(), () -> {
				callSpan.set(Span.current().getSpanContext().getSpanId());
				return source;
			}, LlmFuturesTests::response);
		}
		CompletableFuture<Integer> dependent = result.thenApply((value) -> {
			dependentSpan.set(Span.current().getSpanContext().getSpanId());
			return this.tracing.spans().size();
		});
		assertThat(this.tracing.spans()).isEmpty();
		source.complete("Paris");
		assertThat(dependent.join()).as("span ended before dependents run").isEqualTo(1);
		SpanData span = this.tracing.onlySpan();
		assertThat(span.getParentSpanId()).isEqualTo(parent.getSpanContext().getSpanId());
		assertThat(callSpan.get()).isEqualTo(span.getSpanId());
		assertThat(dependentSpan.get()).isEqualTo(parent.getSpanContext().getSpanId());
		assertThat(span.getAttributes().get(AttributeKey.stringKey("braintrust.output_json"))).contains("Paris");
		parent.end();
	}

	@Test
	void failureEndsSpanWithErrorAndTheFutureFailsWithTheSameException() {
		CompletableFuture<String> source = new CompletableFuture<>();
		CompletableFuture<String> result = LlmFutures.trace(this.handler, LlmCallDispatcherTests.openAiExampleRequest(),
				() -> source, LlmFuturesTests::response);
		ConnectException failure = new ConnectException("refused");
		source.completeExceptionally(failure);
		assertThatExceptionOfType(CompletionException.class).isThrownBy(result::join).withCause(failure);
		SpanData span = this.tracing.onlySpan();
		assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
		assertThat(span.getAttributes().get(AttributeKey.stringKey("error.type"))).isEqualTo("connection");
	}

	@Test
	void cancellingTheFutureCancelsTheCallAndEndsSpanOnceAsCancelled() {
		CompletableFuture<String> source = new CompletableFuture<>();
		CompletableFuture<String> result = LlmFutures.trace(this.handler, LlmCallDispatcherTests.openAiExampleRequest(),
				() -> source, LlmFuturesTests::response);
		assertThat(result.cancel(true)).isTrue();
		assertThat(source.isCancelled()).isTrue();
		source.complete("late");
		SpanData span = this.tracing.onlySpan();
		assertThat(span.getAttributes().get(AttributeKey.stringKey("error.type"))).isEqualTo("cancelled");
		assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
	}

	@Test
	void exceptionThrownByTheCallIsRecordedAndRethrown() {
		IllegalStateException failure = new IllegalStateException("sync failure");
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> LlmFutures.trace(this.handler, LlmCallDispatcherTests.openAiExampleRequest(), () -> {
				throw failure;
			}, LlmFuturesTests::response))
			.isSameAs(failure);
		assertThat(this.tracing.onlySpan().getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
	}

}
