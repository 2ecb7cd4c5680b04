package dev.braintrust.spring.boot.integrations.springai;

import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

import dev.braintrust.spring.boot.trace.Failures;
import dev.braintrust.spring.boot.trace.LlmObservation;
import dev.braintrust.spring.boot.trace.LlmRequest;
import dev.braintrust.spring.boot.trace.LlmResponse;
import dev.braintrust.spring.boot.trace.LlmTracer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationView;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.TracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelSpan;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.jspecify.annotations.Nullable;

import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.observation.ChatModelObservationContext;
import org.springframework.core.Ordered;

/**
 * Traces the calls of chat models that cannot be proxied without changing their class
 * (Spring AI 2.0's {@code OpenAiChatModel} and {@code AnthropicChatModel} are final, and
 * applications inject them by class) through the observation every Spring AI model makes
 * of its own calls: the {@link ChatModelObservationContext} carries the prompt, with the
 * options the model resolved, and the response, aggregated for a stream.
 * <p>
 * While Spring AI's native observations are suppressed (the default), it is a tracing
 * handler, ordered first, so that Micrometer's default tracing handler, which would write
 * Spring AI's own span for the call, does not see the observations it traces: each call
 * stays one span, the starter's, whose parent is the observation's parent (a
 * {@code ChatClient} call, an HTTP request) and which child observations (the HTTP
 * client's) take as their parent. When they are kept, it runs {@link #alongside()} the
 * default handler, and the call has both spans, as a proxied model's call has. An
 * observation made inside a call the starter already traces (a proxied model whose native
 * observation is kept) is left alone, as is every observation while the integration is
 * switched off.
 * <p>
 * Nothing it does reaches the model's caller: a failure is reported and the call goes on
 * untraced.
 */
final class ChatModelObservationTracing implements TracingObservationHandler<ChatModelObservationContext>, Ordered {

	private final Supplier<LlmTracer> tracer;

	private final Supplier<Tracer> micrometerTracer;

	private final BooleanSupplier enabled;

	private final boolean replacesNativeSpan;

	private final int inlineMediaLimit;

	ChatModelObservationTracing(Supplier<LlmTracer> tracer, Supplier<Tracer> micrometerTracer, BooleanSupplier enabled,
			boolean replacesNativeSpan, int inlineMediaLimit) {
		this.tracer = tracer;
		this.micrometerTracer = micrometerTracer;
		this.enabled = enabled;
		this.replacesNativeSpan = replacesNativeSpan;
		this.inlineMediaLimit = inlineMediaLimit;
	}

	/**
	 * This handler as a plain observation handler, which Spring Boot does not group with
	 * the tracing handlers: it then traces the calls next to the span Micrometer's
	 * default tracing handler writes.
	 * @return the handler to register
	 */
	ObservationHandler<ChatModelObservationContext> alongside() {
		return new Alongside(this);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	@Override
	public Tracer getTracer() {
		return this.micrometerTracer.get();
	}

	/**
	 * Decided once per observation, when it starts, and remembered in its context: the
	 * handler that starts an observation's span must be the one that ends it.
	 */
	@Override
	public boolean supportsContext(Observation.Context context) {
		if (!(context instanceof ChatModelObservationContext)) {
			return false;
		}
		Decision decision = context.computeIfAbsent(Decision.class,
				(key) -> (this.enabled.getAsBoolean() && !TracedScope.isModelCall()) ? Decision.TRACE : Decision.SKIP);
		return decision == Decision.TRACE;
	}

	@Override
	public void onStart(ChatModelObservationContext context) {
		// Found before the observation has a tracing context: Micrometer Tracing 1.5
		// takes the span of an observation's own tracing context as its parent's.
		Context parentContext = null;
		try {
			parentContext = parentContext(context);
		}
		catch (Throwable ex) {
			failed("observation-parent", ex);
		}
		if (this.replacesNativeSpan) {
			// Made before anything can fail: the application's meter handlers read it
			// on stop, and fail the call when it is missing.
			getTracingContext(context);
		}
		try {
			ObservedStream stream = observedStream(context);
			Boolean observedStreaming = SpringAiApi.isStreaming(context);
			boolean streaming = (observedStreaming != null) ? observedStreaming : stream != null;
			LlmRequest request = SpringAiChatConverter
				.request(context.getRequest(), context.getOperationMetadata().provider(), streaming,
						this.inlineMediaLimit)
				.withConversationId(SpringAiConversations.of(context));
			LlmObservation observation;
			if (parentContext == null) {
				parentContext = Context.current();
			}
			try (Scope parent = parentContext.makeCurrent()) {
				observation = this.tracer.get().start(request);
			}
			io.opentelemetry.api.trace.Span span;
			try (Scope current = observation.makeCurrent()) {
				span = io.opentelemetry.api.trace.Span.current();
			}
			if (stream != null) {
				stream.started(observation);
			}
			ObservedCall call = new ObservedCall(observation, request.provider(), streaming, stream, parentContext);
			call.reportedBefore = reportedBefore(context);
			context.put(ObservedCall.class, call);
			if (this.replacesNativeSpan) {
				getTracingContext(context).setSpan(OtelSpan.fromOtel(span));
			}
		}
		catch (Throwable ex) {
			// The call goes on untraced: the other callbacks find nothing to do.
			failed("observation-start", ex);
		}
	}

	// On Spring AI 1.1, the usage the model reported before this call of its tool loop:
	// at the hand-over of the previous call of a stream, or before a blocking call made
	// with the conversation the tools returned.
	private static @Nullable Usage reportedBefore(ChatModelObservationContext context) {
		if (SpringAiApi.V2) {
			return null;
		}
		ObservationView parent = context.getParentObservation();
		ObservedCall previous = (parent != null) ? parent.getContextView().get(ObservedCall.class) : null;
		if (previous != null && previous.handedToTools) {
			return previous.reportedAtHandOver;
		}
		return ToolLoopUsage.before(context.getRequest());
	}

	// On Spring AI 1.1, the stream of a model's proxy that this observation is a call
	// of: the stream being subscribed, or the one its parent observation (the call of
	// the model's tool loop it is made in) is a call of.
	private static @Nullable ObservedStream observedStream(ChatModelObservationContext context) {
		if (SpringAiApi.V2) {
			return null;
		}
		ObservedStream subscribing = ObservedStream.current();
		if (subscribing != null) {
			return subscribing;
		}
		ObservationView parent = context.getParentObservation();
		ObservedCall traced = (parent != null) ? parent.getContextView().get(ObservedCall.class) : null;
		return (traced != null) ? traced.stream : null;
	}

	// The span of the parent observation (a ChatClient call, whose scope a streamed call
	// is not started in), else whatever is current. A call of a Spring AI 1.1 model's
	// tool loop, started inside the previous call's observation once that call handed its
	// tool calls to the manager, has that call's parent.
	private Context parentContext(ChatModelObservationContext context) {
		ObservationView parentObservation = context.getParentObservation();
		ObservedCall previous = (parentObservation != null) ? parentObservation.getContextView().get(ObservedCall.class)
				: null;
		if (previous != null && previous.handedToTools) {
			return previous.parent;
		}
		Span parent = getParentSpan(context);
		return (parent != null) ? Context.current().with(OtelSpan.toOtel(parent)) : Context.current();
	}

	@Override
	public void onScopeOpened(ChatModelObservationContext context) {
		withObservedCall(context, "observation-scope", ObservedCall::openScope);
	}

	@Override
	public void onScopeClosed(ChatModelObservationContext context) {
		withObservedCall(context, "observation-scope", ObservedCall::closeScope);
	}

	@Override
	public void onScopeReset(ChatModelObservationContext context) {
		withObservedCall(context, "observation-scope", ObservedCall::closeAllScopes);
	}

	// Runs an action on the call's observation, if the call is traced; a failure is
	// reported, never thrown into the call.
	private void withObservedCall(ChatModelObservationContext context, String step, Consumer<ObservedCall> action) {
		ObservedCall traced = context.get(ObservedCall.class);
		if (traced != null) {
			try {
				action.accept(traced);
			}
			catch (Throwable ex) {
				failed(step, ex);
			}
		}
	}

	@Override
	public void onEvent(Observation.Event event, ChatModelObservationContext context) {
	}

	@Override
	public void onError(ChatModelObservationContext context) {
	}

	@Override
	public void onStop(ChatModelObservationContext context) {
		ObservedCall traced = context.get(ObservedCall.class);
		if (traced == null) {
			return;
		}
		try {
			traced.closeAllScopes();
			if (traced.stream != null) {
				traced.stream.ended(traced.observation);
			}
			Throwable error = context.getError();
			ChatResponse response = context.getResponse();
			if (error != null) {
				traced.observation.error(error, (response != null) ? traced.response(response) : null);
			}
			else if (response == null && traced.streaming) {
				// A stream whose subscriber cancelled it before its end: the model's
				// aggregator only sets the response on completion.
				traced.observation.cancel(LlmResponse.empty());
			}
			else {
				traced.observation.end(response,
						(result) -> (result != null) ? traced.response(result) : LlmResponse.empty());
			}
		}
		catch (Throwable ex) {
			failed("observation-stop", ex);
		}
		finally {
			if (this.replacesNativeSpan) {
				getTracingContext(context).close();
			}
		}
	}

	private void failed(String step, Throwable failure) {
		this.tracer.get().instrumentationFailure(SpringAiIntegration.NAME, step, Failures.containable(failure));
	}

	/**
	 * Delegates every callback; not a tracing handler.
	 */
	private record Alongside(
			ChatModelObservationTracing tracing) implements ObservationHandler<ChatModelObservationContext> {

		@Override
		public boolean supportsContext(Observation.Context context) {
			return this.tracing.supportsContext(context);
		}

		@Override
		public void onStart(ChatModelObservationContext context) {
			this.tracing.onStart(context);
		}

		@Override
		public void onScopeOpened(ChatModelObservationContext context) {
			this.tracing.onScopeOpened(context);
		}

		@Override
		public void onScopeClosed(ChatModelObservationContext context) {
			this.tracing.onScopeClosed(context);
		}

		@Override
		public void onScopeReset(ChatModelObservationContext context) {
			this.tracing.onScopeReset(context);
		}

		@Override
		public void onStop(ChatModelObservationContext context) {
			this.tracing.onStop(context);
		}

	}

	private enum Decision {

		TRACE, SKIP

	}

}
