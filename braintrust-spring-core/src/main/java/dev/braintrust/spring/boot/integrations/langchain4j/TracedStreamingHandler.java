package dev.braintrust.spring.boot.integrations.langchain4j;

import dev.braintrust.spring.boot.trace.ChatStreamAccumulator;
import dev.braintrust.spring.boot.trace.ChunkAggregator;
import dev.braintrust.spring.boot.trace.Failures;
import dev.braintrust.spring.boot.trace.LlmObservation;
import dev.braintrust.spring.boot.trace.StreamAggregation;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.CompleteToolCall;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.PartialThinking;
import dev.langchain4j.model.chat.response.PartialThinkingContext;
import dev.langchain4j.model.chat.response.PartialToolCall;
import dev.langchain4j.model.chat.response.PartialToolCallContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;

/**
 * The handler a traced streamed call hands to the model in place of the caller's: each
 * partial response and partial tool call is aggregated (the shared
 * {@link StreamAggregation}; the first sets the time to first chunk) and then passed on;
 * the call ends with the model's complete response at {@code onCompleteResponse}, with
 * what was aggregated at {@code onError}, or as cancelled when the caller cancels the
 * stream through the {@link StreamingHandle} it is given. Every callback of the caller's
 * handler runs in the caller's OpenTelemetry context, which LangChain4j does not carry to
 * the threads that deliver the stream.
 */
final class TracedStreamingHandler implements StreamingChatResponseHandler {

	/**
	 * Aggregates the text and tool-call deltas a handler receives.
	 */
	static final ChunkAggregator<Object> AGGREGATOR = new ChunkAggregator<>() {

		@Override
		public void accept(Object chunk, ChatStreamAccumulator accumulator) {
			if (chunk instanceof String text) {
				accumulator.content(0, text);
			}
			else if (chunk instanceof PartialToolCall call) {
				accumulator.toolCall(0, call.index(), call.id(), call.name(), call.partialArguments());
			}
		}

	};

	private final StreamingChatResponseHandler delegate;

	private final LlmObservation observation;

	private final StreamAggregation<Object> aggregation;

	private final Context callerContext;

	TracedStreamingHandler(StreamingChatResponseHandler delegate, LlmObservation observation, Context callerContext) {
		this.delegate = delegate;
		this.observation = observation;
		this.aggregation = new StreamAggregation<>(observation, AGGREGATOR);
		this.callerContext = callerContext;
	}

	@Override
	public void onPartialResponse(String partialResponse) {
		this.aggregation.chunk(partialResponse);
		try (Scope scope = this.callerContext.makeCurrent()) {
			this.delegate.onPartialResponse(partialResponse);
		}
	}

	@Override
	public void onPartialResponse(PartialResponse partialResponse, PartialResponseContext context) {
		this.aggregation.chunk(partialResponse.text());
		PartialResponseContext traced = context;
		try {
			traced = new PartialResponseContext(cancellable(context.streamingHandle()));
		}
		catch (Throwable ex) {
			this.observation.instrumentationFailure("streaming-handle", Failures.containable(ex));
		}
		try (Scope scope = this.callerContext.makeCurrent()) {
			this.delegate.onPartialResponse(partialResponse, traced);
		}
	}

	@Override
	public void onPartialThinking(PartialThinking partialThinking) {
		try (Scope scope = this.callerContext.makeCurrent()) {
			this.delegate.onPartialThinking(partialThinking);
		}
	}

	@Override
	public void onPartialThinking(PartialThinking partialThinking, PartialThinkingContext context) {
		PartialThinkingContext traced = context;
		try {
			traced = new PartialThinkingContext(cancellable(context.streamingHandle()));
		}
		catch (Throwable ex) {
			this.observation.instrumentationFailure("streaming-handle", Failures.containable(ex));
		}
		try (Scope scope = this.callerContext.makeCurrent()) {
			this.delegate.onPartialThinking(partialThinking, traced);
		}
	}

	@Override
	public void onPartialToolCall(PartialToolCall partialToolCall) {
		this.aggregation.chunk(partialToolCall);
		try (Scope scope = this.callerContext.makeCurrent()) {
			this.delegate.onPartialToolCall(partialToolCall);
		}
	}

	@Override
	public void onPartialToolCall(PartialToolCall partialToolCall, PartialToolCallContext context) {
		this.aggregation.chunk(partialToolCall);
		PartialToolCallContext traced = context;
		try {
			traced = new PartialToolCallContext(cancellable(context.streamingHandle()));
		}
		catch (Throwable ex) {
			this.observation.instrumentationFailure("streaming-handle", Failures.containable(ex));
		}
		try (Scope scope = this.callerContext.makeCurrent()) {
			this.delegate.onPartialToolCall(partialToolCall, traced);
		}
	}

	@Override
	public void onCompleteToolCall(CompleteToolCall completeToolCall) {
		try (Scope scope = this.callerContext.makeCurrent()) {
			this.delegate.onCompleteToolCall(completeToolCall);
		}
	}

	@Override
	public void onUnmappedRawEvent(Object rawEvent) {
		try (Scope scope = this.callerContext.makeCurrent()) {
			this.delegate.onUnmappedRawEvent(rawEvent);
		}
	}

	@Override
	public void onCompleteResponse(ChatResponse completeResponse) {
		// The complete response carries what the deltas do not: id, usage, finish
		// reason. The aggregation is only for a stream that does not complete.
		this.observation.end(completeResponse, LangChain4jChatMapping::response);
		try (Scope scope = this.callerContext.makeCurrent()) {
			this.delegate.onCompleteResponse(completeResponse);
		}
	}

	@Override
	public void onError(Throwable error) {
		this.aggregation.error(error);
		try (Scope scope = this.callerContext.makeCurrent()) {
			this.delegate.onError(error);
		}
	}

	private StreamingHandle cancellable(StreamingHandle handle) {
		return new StreamingHandle() {

			@Override
			public void cancel() {
				try {
					TracedStreamingHandler.this.aggregation.cancel();
				}
				finally {
					handle.cancel();
				}
			}

			@Override
			public boolean isCancelled() {
				return handle.isCancelled();
			}

		};
	}

}
