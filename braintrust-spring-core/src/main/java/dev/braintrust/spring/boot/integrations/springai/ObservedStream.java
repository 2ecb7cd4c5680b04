package dev.braintrust.spring.boot.integrations.springai;

import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;

import dev.braintrust.spring.boot.trace.LlmObservation;
import io.opentelemetry.context.Scope;
import org.jspecify.annotations.Nullable;

/**
 * One stream of a Spring AI 1.1 model traced through its observations, whose observation
 * does not say that the call streams, and cannot see its chunks: the model's proxy makes
 * the stream known while its {@code Flux} is subscribed (when the model starts its
 * observation), and reports each chunk the caller receives.
 * <p>
 * A 1.1 model runs its tool loop inside the stream: each call of the loop is an
 * observation of its own, started inside the previous one. A chunk the caller receives is
 * the first of the call started last; a call none of whose chunks reached the caller (its
 * output was the tool calls the model ran itself) has no time to first token.
 */
final class ObservedStream {

	private static final ThreadLocal<@Nullable ObservedStream> SUBSCRIBING = new ThreadLocal<>();

	// The calls started and not yet given their first chunk: one per call of the tool
	// loop at most, and emptied by each chunk.
	private final Deque<LlmObservation> awaitingFirstChunk = new ConcurrentLinkedDeque<>();

	/**
	 * Makes this stream the one being subscribed on this thread, until the returned scope
	 * is closed.
	 * @return the scope to close, on the same thread
	 */
	Scope subscribing() {
		ObservedStream previous = SUBSCRIBING.get();
		SUBSCRIBING.set(this);
		return () -> {
			if (previous != null) {
				SUBSCRIBING.set(previous);
			}
			else {
				SUBSCRIBING.remove();
			}
		};
	}

	/**
	 * The stream being subscribed on this thread.
	 * @return the stream, or {@code null}
	 */
	static @Nullable ObservedStream current() {
		return SUBSCRIBING.get();
	}

	void started(LlmObservation call) {
		this.awaitingFirstChunk.addLast(call);
	}

	void ended(LlmObservation call) {
		this.awaitingFirstChunk.remove(call);
	}

	/**
	 * A chunk reached the caller: it is the first of the call started last.
	 */
	void chunk() {
		LlmObservation latest = this.awaitingFirstChunk.pollLast();
		if (latest != null) {
			this.awaitingFirstChunk.clear();
			latest.firstChunk();
		}
	}

}
