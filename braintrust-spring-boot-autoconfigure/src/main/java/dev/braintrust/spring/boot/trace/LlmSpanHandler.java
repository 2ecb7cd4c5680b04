package dev.braintrust.spring.boot.trace;

import static dev.braintrust.spring.boot.trace.LlmSpanAttributes.CACHE_CREATION_TOKENS;
import static dev.braintrust.spring.boot.trace.LlmSpanAttributes.CACHE_READ_TOKENS;
import static dev.braintrust.spring.boot.trace.LlmSpanAttributes.ERROR_TYPE;
import static dev.braintrust.spring.boot.trace.LlmSpanAttributes.EXCEPTION_EVENT;
import static dev.braintrust.spring.boot.trace.LlmSpanAttributes.EXCEPTION_TYPE;
import static dev.braintrust.spring.boot.trace.LlmSpanAttributes.FINISH_REASONS;
import static dev.braintrust.spring.boot.trace.LlmSpanAttributes.INPUT_JSON;
import static dev.braintrust.spring.boot.trace.LlmSpanAttributes.INPUT_MESSAGES;
import static dev.braintrust.spring.boot.trace.LlmSpanAttributes.INPUT_TOKENS;
import static dev.braintrust.spring.boot.trace.LlmSpanAttributes.METADATA;
import static dev.braintrust.spring.boot.trace.LlmSpanAttributes.METRICS;
import static dev.braintrust.spring.boot.trace.LlmSpanAttributes.OPERATION_NAME;
import static dev.braintrust.spring.boot.trace.LlmSpanAttributes.OUTPUT_JSON;
import static dev.braintrust.spring.boot.trace.LlmSpanAttributes.OUTPUT_MESSAGES;
import static dev.braintrust.spring.boot.trace.LlmSpanAttributes.OUTPUT_TOKENS;
import static dev.braintrust.spring.boot.trace.LlmSpanAttributes.OUTPUT_TRUNCATED;
import static dev.braintrust.spring.boot.trace.LlmSpanAttributes.PROVIDER_NAME;
import static dev.braintrust.spring.boot.trace.LlmSpanAttributes.REQUEST_MODEL;
import static dev.braintrust.spring.boot.trace.LlmSpanAttributes.REQUEST_STREAM;
import static dev.braintrust.spring.boot.trace.LlmSpanAttributes.RESPONSE_ID;
import static dev.braintrust.spring.boot.trace.LlmSpanAttributes.RESPONSE_MODEL;
import static dev.braintrust.spring.boot.trace.LlmSpanAttributes.SERVER_ADDRESS;
import static dev.braintrust.spring.boot.trace.LlmSpanAttributes.SERVER_PORT;
import static dev.braintrust.spring.boot.trace.LlmSpanAttributes.SPAN_ATTRIBUTES;
import static dev.braintrust.spring.boot.trace.LlmSpanAttributes.TIME_TO_FIRST_CHUNK;
import static dev.braintrust.spring.boot.trace.LlmSpanAttributes.TOOL_CALL_ID;
import static dev.braintrust.spring.boot.trace.LlmSpanAttributes.TOOL_NAME;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import org.jspecify.annotations.Nullable;

/**
 * The one place that writes LLM spans: the {@link LlmTracer} of the starter. For every
 * recorded call it writes one CLIENT span named {@code "{operation} {model}"} with the
 * typed {@code gen_ai.*} attributes and the {@code braintrust.*} JSON attributes of the
 * span contract, records the GenAI client metrics when a {@link MeterRegistry} is given,
 * and notifies the {@link LlmCallListener listeners}.
 * <p>
 * Content ({@code braintrust.input_json}, {@code braintrust.output_json}, tool arguments,
 * {@code gen_ai.input.messages}/{@code gen_ai.output.messages}) is written only when the
 * {@code captureContent} predicate accepts the call's integration name, after the
 * {@link SpanContentRedactor}, bounded by {@code maxContentLength} characters per
 * attribute, metadata included (see {@code SpanJson} for how it stays valid JSON).
 * Metadata and metrics are always written; without content, metadata keeps only the
 * request parameters that are not content ({@code MetadataAllowList}) and the exception
 * event of a failed call only the exception's type.
 * <p>
 * A failure inside the handler (or a listener) is logged, rate-limited, and never reaches
 * the caller.
 */
public final class LlmSpanHandler implements LlmTracer {

	/**
	 * Instrumentation scope name of the spans.
	 */
	public static final String INSTRUMENTATION_NAME = "dev.braintrust.spring.boot";

	static final ContextKey<LlmOperation> CURRENT_OPERATION = ContextKey.named("braintrust-llm-operation");

	private final Tracer tracer;

	private final @Nullable LlmMetrics metrics;

	private final LlmCallListener[] listeners;

	private final ErrorClassifier[] errorClassifiers;

	private final InstrumentationFailureListener[] failureListeners;

	private final GenericErrorClassifier genericErrorClassifier = new GenericErrorClassifier();

	private final @Nullable ContentRedaction redaction;

	private final Predicate<String> captureContent;

	private final int maxContentLength;

	private final boolean genAiContent;

	private LlmSpanHandler(Builder builder) {
		this.tracer = builder.openTelemetry.getTracer(INSTRUMENTATION_NAME);
		this.metrics = (builder.meterRegistry != null) ? new LlmMetrics(builder.meterRegistry) : null;
		this.listeners = builder.listeners.toArray(new LlmCallListener[0]);
		this.errorClassifiers = builder.errorClassifiers.toArray(new ErrorClassifier[0]);
		this.failureListeners = builder.failureListeners.toArray(new InstrumentationFailureListener[0]);
		this.redaction = (builder.redactor != null) ? new ContentRedaction(builder.redactor) : null;
		this.captureContent = builder.captureContent;
		this.maxContentLength = builder.maxContentLength;
		this.genAiContent = builder.genAiContent;
	}

	/**
	 * Start building a handler.
	 * @param openTelemetry the OpenTelemetry whose tracer writes the spans
	 * @return a builder
	 */
	public static Builder builder(OpenTelemetry openTelemetry) {
		return new Builder(openTelemetry);
	}

	@Override
	public LlmObservation start(LlmRequest request) {
		Context parent = Context.current();
		if (parent.get(CURRENT_OPERATION) == request.operation()) {
			return NoopLlmObservation.INSTANCE;
		}
		SpanObservation observation;
		try {
			observation = startSpan(request, parent);
		}
		catch (Throwable ex) {
			instrumentationFailure(request.integration(), "span-start", Failures.containable(ex));
			return NoopLlmObservation.INSTANCE;
		}
		if (this.listeners.length > 0) {
			LlmCall call = new LlmCall(request, null, observation.startTime, null, null, null, null, false);
			for (LlmCallListener listener : this.listeners) {
				try {
					listener.onStart(call);
				}
				catch (Throwable ex) {
					instrumentationFailure(request.integration(), "listener", Failures.containable(ex));
				}
			}
		}
		return observation;
	}

	private SpanObservation startSpan(LlmRequest request, Context parent) {
		boolean capture = this.captureContent.test(request.integration());
		SpanBuilder builder = this.tracer.spanBuilder(spanName(request))
			.setParent(parent)
			.setSpanKind(SpanKind.CLIENT)
			.setAttribute(OPERATION_NAME, request.operation().value())
			.setAttribute(PROVIDER_NAME, request.provider())
			.setAttribute(REQUEST_STREAM, request.stream());
		if (request.model() != null) {
			builder.setAttribute(REQUEST_MODEL, request.model());
		}
		RequestParameterAttributes.set(builder, request.parameters());
		if (request.toolName() != null) {
			builder.setAttribute(TOOL_NAME, request.toolName());
		}
		if (request.toolCallId() != null) {
			builder.setAttribute(TOOL_CALL_ID, request.toolCallId());
		}
		if (request.serverAddress() != null) {
			builder.setAttribute(SERVER_ADDRESS, request.serverAddress());
		}
		if (request.serverPort() != null && request.serverPort() > 0) {
			builder.setAttribute(SERVER_PORT, request.serverPort().longValue());
		}
		builder.setAttribute(SPAN_ATTRIBUTES, SpanJson.spanAttributes(request.operation()));
		LlmRequest content = (capture && this.redaction != null) ? this.redaction.redact(request) : request;
		builder.setAttribute(METADATA, SpanJson.metadata(content, capture, this.maxContentLength));
		if (capture) {
			String input = SpanJson.input(content, this.maxContentLength);
			if (input != null) {
				builder.setAttribute(INPUT_JSON, input);
			}
			if (this.genAiContent && !content.messages().isEmpty()) {
				builder.setAttribute(INPUT_MESSAGES, SpanJson.genAiInput(content.messages(), this.maxContentLength));
			}
		}
		long startNanos = System.nanoTime();
		Instant startTime = Instant.now();
		Span span = builder.setStartTimestamp(startTime).startSpan();
		Context context = parent.with(span).with(CURRENT_OPERATION, request.operation());
		// Without content capture, the call holds no prompt until it ends.
		LlmRequest kept = capture ? request : request.withoutContent();
		return new SpanObservation(this, kept, capture, span, context, startNanos, startTime);
	}

	int maxContentLength() {
		return this.maxContentLength;
	}

	private static String spanName(LlmRequest request) {
		String target = (request.model() != null) ? request.model() : request.toolName();
		return (target != null) ? request.operation().value() + " " + target : request.operation().value();
	}

	void finish(SpanObservation observation, @Nullable LlmResponse response, @Nullable Throwable error,
			boolean cancelled) {
		long endNanos = System.nanoTime();
		long firstChunk = observation.firstChunkNanos();
		long timeToFirstChunk = (firstChunk != SpanObservation.NOT_SET) ? firstChunk - observation.startNanos : -1;
		long duration = endNanos - observation.startNanos;
		LlmRequest request = observation.request;
		Span span = observation.span;
		String errorType = null;
		try {
			if (error != null) {
				errorType = classify(request, error);
			}
			writeResponse(observation, response, timeToFirstChunk);
			if (error != null) {
				recordException(span, error, observation.captureContent);
				span.setAttribute(ERROR_TYPE, errorType);
				span.setStatus(StatusCode.ERROR, errorType);
			}
			if (cancelled) {
				span.addEvent("cancelled");
			}
			if (response != null && response.truncated()) {
				span.addEvent(OUTPUT_TRUNCATED);
			}
		}
		catch (Throwable ex) {
			instrumentationFailure(request.integration(), "span-end", Failures.containable(ex));
		}
		finally {
			endSpan(observation, duration);
		}
		if (this.metrics != null) {
			try {
				this.metrics.record(request, (response != null) ? response.usage() : null, duration, timeToFirstChunk,
						errorType);
			}
			catch (Throwable ex) {
				instrumentationFailure(request.integration(), "metrics", Failures.containable(ex));
			}
		}
		if (this.listeners.length > 0) {
			notifyListeners(observation, response, error, errorType, cancelled, duration, timeToFirstChunk);
		}
	}

	private void endSpan(SpanObservation observation, long duration) {
		try {
			observation.span.end(observation.startTime.plusNanos(duration));
		}
		catch (Throwable ex) {
			instrumentationFailure(observation.request.integration(), "span-end", Failures.containable(ex));
		}
	}

	private void writeResponse(SpanObservation observation, @Nullable LlmResponse response, long timeToFirstChunk) {
		Span span = observation.span;
		double ttftSeconds = (timeToFirstChunk >= 0) ? timeToFirstChunk / 1e9 : -1;
		if (ttftSeconds >= 0) {
			span.setAttribute(TIME_TO_FIRST_CHUNK, ttftSeconds);
		}
		TokenUsage usage = (response != null) ? response.usage() : null;
		String metrics = SpanJson.metrics(usage, ttftSeconds);
		if (metrics != null) {
			span.setAttribute(METRICS, metrics);
		}
		if (response == null) {
			return;
		}
		if (response.model() != null) {
			span.setAttribute(RESPONSE_MODEL, response.model());
		}
		if (response.id() != null) {
			span.setAttribute(RESPONSE_ID, response.id());
		}
		List<Choice> choices = response.choices();
		if (!choices.isEmpty()) {
			List<String> reasons = new ArrayList<>(choices.size());
			for (Choice choice : choices) {
				if (choice.finishReason() != null) {
					reasons.add(choice.finishReason());
				}
			}
			if (!reasons.isEmpty()) {
				span.setAttribute(FINISH_REASONS, reasons);
			}
		}
		if (usage != null) {
			setIfKnown(span, INPUT_TOKENS, usage.inputTokens());
			setIfKnown(span, OUTPUT_TOKENS, usage.outputTokens());
			setIfKnown(span, CACHE_READ_TOKENS, usage.cachedInputTokens());
			setIfKnown(span, CACHE_CREATION_TOKENS, usage.cacheCreationInputTokens());
		}
		if (observation.captureContent) {
			LlmResponse content = (this.redaction != null) ? this.redaction.redact(response) : response;
			String output = SpanJson.output(content, this.maxContentLength);
			if (output != null) {
				span.setAttribute(OUTPUT_JSON, output);
			}
			if (this.genAiContent && !content.choices().isEmpty()) {
				span.setAttribute(OUTPUT_MESSAGES, SpanJson.genAiOutput(content.choices(), this.maxContentLength));
			}
		}
	}

	/**
	 * A provider's error message may quote the request ("Invalid value for 'user': ..."),
	 * and the stack trace starts with it: without content, the exception event keeps the
	 * type only.
	 */
	private static void recordException(Span span, Throwable error, boolean captureContent) {
		if (captureContent) {
			span.recordException(error);
		}
		else {
			span.addEvent(EXCEPTION_EVENT, Attributes.of(EXCEPTION_TYPE, error.getClass().getName()));
		}
	}

	private static void setIfKnown(Span span, AttributeKey<Long> key, @Nullable Long value) {
		if (value != null) {
			span.setAttribute(key, value);
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

	private void notifyListeners(SpanObservation observation, @Nullable LlmResponse response, @Nullable Throwable error,
			@Nullable String errorType, boolean cancelled, long duration, long timeToFirstChunk) {
		LlmCall call = new LlmCall(observation.request, response, observation.startTime,
				(timeToFirstChunk >= 0) ? Duration.ofNanos(timeToFirstChunk) : null, Duration.ofNanos(duration), error,
				errorType, cancelled);
		for (LlmCallListener listener : this.listeners) {
			try {
				if (error != null) {
					listener.onError(call);
				}
				else {
					listener.onFinish(call);
				}
			}
			catch (Throwable ex) {
				instrumentationFailure(observation.request.integration(), "listener", Failures.containable(ex));
			}
		}
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
	 * Builder of {@link LlmSpanHandler}.
	 */
	public static final class Builder {

		private final OpenTelemetry openTelemetry;

		private @Nullable MeterRegistry meterRegistry;

		private final List<LlmCallListener> listeners = new ArrayList<>();

		private final List<ErrorClassifier> errorClassifiers = new ArrayList<>();

		private final List<InstrumentationFailureListener> failureListeners = new ArrayList<>();

		private @Nullable SpanContentRedactor redactor;

		private Predicate<String> captureContent = (integration) -> true;

		private int maxContentLength = 64 * 1024;

		private boolean genAiContent;

		private Builder(OpenTelemetry openTelemetry) {
			this.openTelemetry = Objects.requireNonNull(openTelemetry, "openTelemetry");
		}

		/**
		 * Record the GenAI client metrics in this registry (none when not set).
		 * @param meterRegistry the registry
		 * @return this builder
		 */
		public Builder meterRegistry(@Nullable MeterRegistry meterRegistry) {
			this.meterRegistry = meterRegistry;
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
		 * Redact content before it is written.
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
		 * @param maxContentLength the bound, at least 16
		 * @return this builder
		 */
		public Builder maxContentLength(int maxContentLength) {
			if (maxContentLength < 16) {
				throw new IllegalArgumentException("maxContentLength must be at least 16, was " + maxContentLength);
			}
			this.maxContentLength = maxContentLength;
			return this;
		}

		/**
		 * Whether {@code gen_ai.input.messages} and {@code gen_ai.output.messages} are
		 * written too (default false).
		 * @param genAiContent whether to write them
		 * @return this builder
		 */
		public Builder genAiContent(boolean genAiContent) {
			this.genAiContent = genAiContent;
			return this;
		}

		public LlmSpanHandler build() {
			return new LlmSpanHandler(this);
		}

	}

}
