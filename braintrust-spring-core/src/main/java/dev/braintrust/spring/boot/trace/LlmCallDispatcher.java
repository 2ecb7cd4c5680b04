package dev.braintrust.spring.boot.trace;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import org.jspecify.annotations.Nullable;

/**
 * The starter's {@link LlmTracer}: turns each model call the integrations report into
 * events and hands them to the handlers, each replaceable on its own: the
 * {@link LlmSpanWriter} (the span), and the {@link LlmCallListener listeners} (the GenAI
 * metrics, the integrations' call counts, the application's own). It owns what every
 * handler shares: whether a call is a nested layer of a call already traced, whether the
 * call captures content and how much, the timings, and the normalized error type (the
 * {@link ErrorClassifier error classifiers}, then the generic one).
 * <p>
 * A failure of a handler is reported to the {@link InstrumentationFailureListener failure
 * listeners} (rate-limited log, counters) and never reaches the call nor stops the other
 * handlers.
 */
public final class LlmCallDispatcher implements LlmTracer {

	/**
	 * The observation whose span is current: a call of the same operation started inside
	 * it is a nested layer of it (but a task inside a task is a span of its own), and
	 * {@link BraintrustSpans} adds to it.
	 */
	static final ContextKey<CallObservation> CURRENT_CALL = ContextKey.named("braintrust-llm-call");

	private final LlmSpanWriter spanWriter;

	private final LlmCallListener[] listeners;

	/**
	 * What each listener is, as its failures are reported ({@code metrics} for the GenAI
	 * metrics, else {@code listener}).
	 */
	private final String[] listenerSteps;

	private final ErrorClassifier[] errorClassifiers;

	private final InstrumentationFailureListener[] failureListeners;

	private final GenericErrorClassifier genericErrorClassifier = new GenericErrorClassifier();

	private final Predicate<String> captureContent;

	private final ContentCapture captured;

	private final ContentCapture notCaptured;

	private LlmCallDispatcher(Builder builder) {
		this.spanWriter = (builder.spanWriter != null) ? builder.spanWriter : new OpenTelemetrySpanWriter(
				Objects.requireNonNull(builder.openTelemetry), builder.redactor, builder.genAiContent);
		this.listeners = builder.listeners.toArray(new LlmCallListener[0]);
		this.listenerSteps = new String[this.listeners.length];
		for (int i = 0; i < this.listeners.length; i++) {
			this.listenerSteps[i] = (this.listeners[i] instanceof LlmMetrics) ? "metrics" : "listener";
		}
		this.errorClassifiers = builder.errorClassifiers.toArray(new ErrorClassifier[0]);
		this.failureListeners = builder.failureListeners.toArray(new InstrumentationFailureListener[0]);
		this.captureContent = builder.captureContent;
		this.captured = new ContentCapture(true, builder.maxContentLength);
		this.notCaptured = new ContentCapture(false, builder.maxContentLength);
	}

	/**
	 * Start building a tracer whose spans an {@link OpenTelemetrySpanWriter} writes.
	 * @param openTelemetry the OpenTelemetry whose tracer writes the spans
	 * @return a builder
	 */
	public static Builder builder(OpenTelemetry openTelemetry) {
		return new Builder(Objects.requireNonNull(openTelemetry, "openTelemetry"), null);
	}

	/**
	 * Start building a tracer whose spans the given writer writes.
	 * @param spanWriter the span writer
	 * @return a builder
	 */
	public static Builder builder(LlmSpanWriter spanWriter) {
		return new Builder(null, Objects.requireNonNull(spanWriter, "spanWriter"));
	}

	@Override
	public LlmObservation start(LlmRequest request) {
		Context parent = Context.current();
		CallObservation current = parent.get(CURRENT_CALL);
		if (current != null && current.request.operation() == request.operation()
				&& request.operation() != LlmOperation.TASK) {
			return NoopLlmObservation.INSTANCE;
		}
		String inheritedConversation = parent.get(ConversationContext.CONVERSATION_ID);
		if (request.conversationId() == null && inheritedConversation != null) {
			request = request.withConversationId(inheritedConversation);
		}
		ContentCapture content = contentCapture(request.integration());
		long startNanos = System.nanoTime();
		Instant startTime = Instant.now();
		Span span;
		try {
			span = this.spanWriter.start(request, parent, startTime, content);
		}
		catch (Throwable ex) {
			instrumentationFailure(request.integration(), "span-start", Failures.containable(ex));
			return NoopLlmObservation.INSTANCE;
		}
		Context context = parent.with(span);
		String conversation = request.conversationId();
		if (conversation != null && !conversation.equals(inheritedConversation)) {
			// What runs inside the call belongs to its conversation.
			context = context.with(ConversationContext.CONVERSATION_ID, conversation);
		}
		// Without content capture, the call holds no prompt until it ends.
		LlmRequest kept = content.captured() ? request : request.withoutContent();
		CallObservation observation = new CallObservation(this, kept, content, span, context, startNanos, startTime);
		if (this.listeners.length > 0 && request.operation() != LlmOperation.TASK) {
			LlmCall call = new LlmCall(request, null, startTime, null, null, null, null, false);
			for (int i = 0; i < this.listeners.length; i++) {
				try {
					this.listeners[i].onStart(call);
				}
				catch (Throwable ex) {
					instrumentationFailure(request.integration(), this.listenerSteps[i], Failures.containable(ex));
				}
			}
		}
		return observation;
	}

	@Override
	public ContentCapture contentCapture(String integration) {
		return this.captureContent.test(integration) ? this.captured : this.notCaptured;
	}

	void finish(CallObservation observation, @Nullable LlmResponse response, @Nullable Throwable error,
			boolean cancelled) {
		long duration = System.nanoTime() - observation.startNanos;
		long firstChunk = observation.firstChunkNanos();
		LlmRequest request = observation.request;
		String errorType = (error != null) ? classify(request, error) : null;
		LlmCall call = new LlmCall(request, response, observation.startTime,
				(firstChunk != CallObservation.NOT_SET) ? Duration.ofNanos(firstChunk - observation.startNanos) : null,
				Duration.ofNanos(duration), error, errorType, cancelled);
		try {
			this.spanWriter.end(observation.span, call, observation.content, observation.annotations());
		}
		catch (Throwable ex) {
			instrumentationFailure(request.integration(), "span-end", Failures.containable(ex));
		}
		if (request.operation() == LlmOperation.TASK) {
			// Not a model call: no GenAI metrics, no integration's call count.
			return;
		}
		for (int i = 0; i < this.listeners.length; i++) {
			try {
				if (error != null) {
					this.listeners[i].onError(call);
				}
				else {
					this.listeners[i].onFinish(call);
				}
			}
			catch (Throwable ex) {
				instrumentationFailure(request.integration(), this.listenerSteps[i], Failures.containable(ex));
			}
		}
	}

	String classify(LlmRequest request, Throwable error) {
		for (ErrorClassifier classifier : this.errorClassifiers) {
			try {
				String type = classifier.classify(error);
				if (type != null) {
					return type;
				}
			}
			catch (Throwable ex) {
				instrumentationFailure(request.integration(), "error-classifier", Failures.containable(ex));
			}
		}
		return this.genericErrorClassifier.classify(error);
	}

	@Override
	public void instrumentationFailure(String integration, String step, Throwable failure) {
		RateLimitedLog.INSTRUMENTATION.instrumentationFailure(integration, step, failure);
		for (InstrumentationFailureListener listener : this.failureListeners) {
			try {
				listener.onFailure(integration, step, failure);
			}
			catch (Throwable ex) {
				// A failing failure listener is only logged: reporting it again could
				// loop.
				RateLimitedLog.INSTRUMENTATION.instrumentationFailure(integration, "failure-listener",
						Failures.containable(ex));
			}
		}
	}

	/**
	 * Builder of {@link LlmCallDispatcher}.
	 */
	public static final class Builder {

		private final @Nullable OpenTelemetry openTelemetry;

		private final @Nullable LlmSpanWriter spanWriter;

		private final List<LlmCallListener> listeners = new ArrayList<>();

		private final List<ErrorClassifier> errorClassifiers = new ArrayList<>();

		private final List<InstrumentationFailureListener> failureListeners = new ArrayList<>();

		private @Nullable SpanContentRedactor redactor;

		private Predicate<String> captureContent = (integration) -> true;

		private int maxContentLength = ContentLimits.DEFAULT_MAX_CONTENT_LENGTH;

		private boolean genAiContent;

		private Builder(@Nullable OpenTelemetry openTelemetry, @Nullable LlmSpanWriter spanWriter) {
			this.openTelemetry = openTelemetry;
			this.spanWriter = spanWriter;
		}

		/**
		 * Record the GenAI client metrics in this registry: adds an {@link LlmMetrics}
		 * listener.
		 * @param meterRegistry the registry, or null for none
		 * @return this builder
		 */
		public Builder meterRegistry(@Nullable MeterRegistry meterRegistry) {
			if (meterRegistry != null) {
				this.listeners.add(new LlmMetrics(meterRegistry));
			}
			return this;
		}

		/**
		 * Add listeners, called in the given order.
		 * @param listeners the listeners
		 * @return this builder
		 */
		public Builder listeners(List<? extends LlmCallListener> listeners) {
			this.listeners.addAll(listeners);
			return this;
		}

		/**
		 * Add error classifiers, asked in the given order before the generic one.
		 * @param errorClassifiers the classifiers
		 * @return this builder
		 */
		public Builder errorClassifiers(List<? extends ErrorClassifier> errorClassifiers) {
			this.errorClassifiers.addAll(errorClassifiers);
			return this;
		}

		/**
		 * Add listeners of instrumentation failures, told in the given order.
		 * @param failureListeners the listeners
		 * @return this builder
		 */
		public Builder failureListeners(List<? extends InstrumentationFailureListener> failureListeners) {
			this.failureListeners.addAll(failureListeners);
			return this;
		}

		/**
		 * Redact content before the {@link OpenTelemetrySpanWriter} writes it (a tracer
		 * built with a writer of its own leaves redaction to that writer).
		 * @param redactor the redactor, or null for none
		 * @return this builder
		 */
		public Builder redactor(@Nullable SpanContentRedactor redactor) {
			this.redactor = redactor;
			return this;
		}

		/**
		 * Decide, per integration name, whether content is captured (default: always).
		 * Called once per call.
		 * @param captureContent the predicate
		 * @return this builder
		 */
		public Builder captureContent(Predicate<String> captureContent) {
			this.captureContent = Objects.requireNonNull(captureContent, "captureContent");
			return this;
		}

		/**
		 * Bound each content attribute, and the metadata, to this many characters
		 * (default 65536). Set it no higher than the OpenTelemetry SDK's attribute value
		 * length limit, which cuts longer strings wherever it falls.
		 * @param maxContentLength the bound, at least
		 * {@value ContentLimits#MIN_MAX_CONTENT_LENGTH}
		 * @return this builder
		 */
		public Builder maxContentLength(int maxContentLength) {
			this.maxContentLength = ContentLimits.checkMaxContentLength(maxContentLength);
			return this;
		}

		/**
		 * Whether the {@link OpenTelemetrySpanWriter} writes
		 * {@code gen_ai.input.messages} and {@code gen_ai.output.messages} too (default
		 * false).
		 * @param genAiContent whether to write them
		 * @return this builder
		 */
		public Builder genAiContent(boolean genAiContent) {
			this.genAiContent = genAiContent;
			return this;
		}

		/**
		 * Build the tracer.
		 * @return the tracer
		 */
		public LlmCallDispatcher build() {
			return new LlmCallDispatcher(this);
		}

	}

}
