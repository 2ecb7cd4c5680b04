package dev.braintrust.spring.boot.integrations.springai;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.braintrust.spring.boot.trace.LlmObservation;
import dev.braintrust.spring.boot.trace.LlmResponse;
import io.micrometer.observation.ObservationView;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.jspecify.annotations.Nullable;

import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.observation.ChatModelObservationContext;

/**
 * The starter's observation of one model call traced through Spring AI's observation
 * ({@link ChatModelObservationTracing}), kept in the observation's context, and the
 * scopes opened for it, per thread (an observation's scope is opened and closed on the
 * same thread, and may be opened on several). Free of Micrometer Tracing, which the tool
 * calling manager's interceptor does not need.
 */
final class ObservedCall {

	final LlmObservation observation;

	final String provider;

	final boolean streaming;

	final @Nullable ObservedStream stream;

	// What the call's span was started in.
	final Context parent;

	// Set when a Spring AI 1.1 model's tool loop runs the call's tool calls: the
	// call's span has ended.
	volatile boolean handedToTools;

	// The usage a Spring AI 1.1 model reported before this call of its tool loop, and
	// the usage it reported when this call handed its tool calls over.
	volatile @Nullable Usage reportedBefore;

	volatile @Nullable Usage reportedAtHandOver;

	private final Map<Thread, Deque<Scope>> scopes = new ConcurrentHashMap<>(2);

	ObservedCall(LlmObservation observation, String provider, boolean streaming, @Nullable ObservedStream stream,
			Context parent) {
		this.observation = observation;
		this.provider = provider;
		this.streaming = streaming;
		this.stream = stream;
		this.parent = parent;
	}

	/**
	 * Ends the span of a Spring AI 1.1 model's streamed call whose tool calls its tool
	 * loop now runs: the call is over (its response, the tool calls, is complete), though
	 * the model keeps its observation open until the end of the whole loop. The tools,
	 * and the next call of the loop, take the call's parent as theirs.
	 * @param modelCall the model's observation of the call (the one it hands the tool
	 * calling manager), or of anything else
	 * @param response the call's response
	 * @return the context of the call's parent, or {@code null} when the observation is
	 * not that of a call traced here
	 */
	static @Nullable Context toolCallsOf(ObservationView modelCall, ChatResponse response) {
		ObservedCall traced = (modelCall.getContextView() instanceof ChatModelObservationContext)
				? modelCall.getContextView().get(ObservedCall.class) : null;
		if (traced == null || !traced.streaming || SpringAiApi.V2) {
			return null;
		}
		traced.reportedAtHandOver = response.getMetadata().getUsage();
		traced.handedToTools = true;
		if (traced.stream != null) {
			traced.stream.ended(traced.observation);
		}
		traced.observation.end(response, traced::response);
		return traced.parent;
	}

	/**
	 * The response of the call, with its own usage.
	 * @param response the response Spring AI reported
	 * @return the response
	 */
	LlmResponse response(ChatResponse response) {
		return SpringAiChatConverter.response(response, this.provider, this.reportedBefore);
	}

	void openScope() {
		this.scopes.computeIfAbsent(Thread.currentThread(), (thread) -> new ArrayDeque<>(2))
			.push(this.observation.makeCurrent());
	}

	void closeScope() {
		Thread thread = Thread.currentThread();
		Deque<Scope> opened = this.scopes.get(thread);
		if (opened != null) {
			Scope scope = opened.poll();
			if (opened.isEmpty()) {
				this.scopes.remove(thread);
			}
			if (scope != null) {
				scope.close();
			}
		}
	}

	void closeAllScopes() {
		Deque<Scope> opened = this.scopes.remove(Thread.currentThread());
		if (opened != null) {
			for (Scope scope = opened.poll(); scope != null; scope = opened.poll()) {
				scope.close();
			}
		}
	}

}
