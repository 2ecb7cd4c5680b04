package dev.braintrust.spring.boot.trace;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import org.jspecify.annotations.Nullable;

import static dev.braintrust.spring.boot.trace.LlmSpanAttributes.AGENT_NAME;
import static dev.braintrust.spring.boot.trace.LlmSpanAttributes.CACHE_CREATION_TOKENS;
import static dev.braintrust.spring.boot.trace.LlmSpanAttributes.CACHE_READ_TOKENS;
import static dev.braintrust.spring.boot.trace.LlmSpanAttributes.CONTEXT_JSON;
import static dev.braintrust.spring.boot.trace.LlmSpanAttributes.CONVERSATION_ID;
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
import static dev.braintrust.spring.boot.trace.LlmSpanAttributes.PARENT;
import static dev.braintrust.spring.boot.trace.LlmSpanAttributes.PROVIDER_NAME;
import static dev.braintrust.spring.boot.trace.LlmSpanAttributes.REASONING_TOKENS;
import static dev.braintrust.spring.boot.trace.LlmSpanAttributes.REQUEST_MODEL;
import static dev.braintrust.spring.boot.trace.LlmSpanAttributes.REQUEST_STREAM;
import static dev.braintrust.spring.boot.trace.LlmSpanAttributes.RESPONSE_ID;
import static dev.braintrust.spring.boot.trace.LlmSpanAttributes.RESPONSE_MODEL;
import static dev.braintrust.spring.boot.trace.LlmSpanAttributes.SERVER_ADDRESS;
import static dev.braintrust.spring.boot.trace.LlmSpanAttributes.SERVER_PORT;
import static dev.braintrust.spring.boot.trace.LlmSpanAttributes.SPAN_ATTRIBUTES;
import static dev.braintrust.spring.boot.trace.LlmSpanAttributes.SYSTEM;
import static dev.braintrust.spring.boot.trace.LlmSpanAttributes.SYSTEM_INSTRUCTIONS;
import static dev.braintrust.spring.boot.trace.LlmSpanAttributes.TAGS;
import static dev.braintrust.spring.boot.trace.LlmSpanAttributes.TIME_TO_FIRST_CHUNK;
import static dev.braintrust.spring.boot.trace.LlmSpanAttributes.TOOL_CALL_ID;
import static dev.braintrust.spring.boot.trace.LlmSpanAttributes.TOOL_NAME;

/**
 * The starter's {@link LlmSpanWriter}: one CLIENT span per call, named
 * {@code "{operation} {model}"}, with the typed {@code gen_ai.*} attributes and the
 * {@code braintrust.*} JSON attributes of the span contract.
 * <p>
 * Content ({@code braintrust.input_json}, {@code braintrust.output_json}, tool arguments,
 * {@code gen_ai.input.messages}/{@code gen_ai.output.messages}) is written only for calls
 * that capture content, after the {@link SpanContentRedactor}, bounded per attribute,
 * metadata included (see {@code SpanJson} for how it stays valid JSON). Metadata and
 * metrics are always written; without content, metadata keeps only the request parameters
 * that are not content ({@code MetadataAllowList}) and the exception event of a failed
 * call only the exception's type.
 */
public final class OpenTelemetrySpanWriter implements LlmSpanWriter {

	private final Tracer tracer;

	private final @Nullable ContentRedaction redaction;

	private final boolean genAiContent;

	private final SpanOrigin origin;

	private final boolean legacyAttributes;

	private final boolean callerLocation;

	/**
	 * The {@code braintrust.context_json} of each integration, written once.
	 */
	private final Map<String, String> contextJson = new ConcurrentHashMap<>();

	/**
	 * Creates the writer, whose spans carry the starter's origin without an environment.
	 * @param openTelemetry the OpenTelemetry whose tracer writes the spans
	 * @param redactor the redactor of content, or null for none
	 * @param genAiContent whether {@code gen_ai.input.messages} and
	 * {@code gen_ai.output.messages} are written too
	 * @see #builder(OpenTelemetry)
	 */
	public OpenTelemetrySpanWriter(OpenTelemetry openTelemetry, @Nullable SpanContentRedactor redactor,
			boolean genAiContent) {
		this(builder(openTelemetry).redactor(redactor).genAiContent(genAiContent));
	}

	private OpenTelemetrySpanWriter(Builder builder) {
		this.tracer = builder.openTelemetry.getTracer(LlmSpanAttributes.INSTRUMENTATION_SCOPE);
		this.redaction = (builder.redactor != null) ? new ContentRedaction(builder.redactor) : null;
		this.genAiContent = builder.genAiContent;
		this.origin = builder.origin;
		this.legacyAttributes = builder.legacyAttributes;
		this.callerLocation = builder.callerLocation;
	}

	/**
	 * Start building a writer.
	 * @param openTelemetry the OpenTelemetry whose tracer writes the spans
	 * @return a builder
	 */
	public static Builder builder(OpenTelemetry openTelemetry) {
		return new Builder(Objects.requireNonNull(openTelemetry, "openTelemetry"));
	}

	@Override
	public Span start(LlmRequest request, Context parent, Instant startTime, ContentCapture content) {
		if (request.operation() == LlmOperation.TASK) {
			return startTask(request, parent, startTime, content);
		}
		boolean capture = content.captured();
		int contentLength = content.maxLength();
		String spanName = spanName(request);
		SpanBuilder builder = this.tracer.spanBuilder(spanName)
			.setParent(parent)
			// An agent run is the application's own work, in this process
			.setSpanKind((request.operation() == LlmOperation.INVOKE_AGENT) ? SpanKind.INTERNAL : SpanKind.CLIENT)
			.setAttribute(OPERATION_NAME, request.operation().value())
			.setAttribute(PROVIDER_NAME, request.provider())
			.setAttribute(REQUEST_STREAM, request.stream());
		if (this.legacyAttributes) {
			builder.setAttribute(SYSTEM, request.provider());
		}
		if (this.callerLocation) {
			CallerLocation.record(builder);
		}
		if (request.model() != null) {
			builder.setAttribute(REQUEST_MODEL, request.model());
		}
		RequestParameterAttributes.set(builder, request.parameters());
		if (request.toolName() != null) {
			builder.setAttribute(TOOL_NAME, request.toolName());
		}
		if (request.operation() == LlmOperation.INVOKE_AGENT && request.displayName() != null) {
			builder.setAttribute(AGENT_NAME, request.displayName());
		}
		if (request.toolCallId() != null) {
			builder.setAttribute(TOOL_CALL_ID, request.toolCallId());
		}
		if (request.conversationId() != null) {
			builder.setAttribute(CONVERSATION_ID, request.conversationId());
		}
		if (request.serverAddress() != null) {
			builder.setAttribute(SERVER_ADDRESS, request.serverAddress());
		}
		if (request.serverPort() != null && request.serverPort() > 0) {
			builder.setAttribute(SERVER_PORT, request.serverPort().longValue());
		}
		builder.setAttribute(SPAN_ATTRIBUTES, SpanJson.spanAttributes(request, spanName));
		builder.setAttribute(CONTEXT_JSON, contextJson(request.integration()));
		setParent(builder, parent);
		if (capture) {
			LlmRequest written = (this.redaction != null) ? this.redaction.redactInput(request) : request;
			String input = SpanJson.input(written, contentLength);
			if (input != null) {
				builder.setAttribute(INPUT_JSON, input);
			}
			if (this.genAiContent && !written.messages().isEmpty()) {
				List<ChatMessage> messages = written.messages();
				if (written.shape() != ContentShape.CHAT) {
					// A provider that takes its system prompt apart from the messages
					List<ChatMessage> system = ProviderShapes.system(messages);
					if (!system.isEmpty()) {
						builder.setAttribute(SYSTEM_INSTRUCTIONS, SpanJson.genAiInstructions(system, contentLength));
						messages = ProviderShapes.conversation(messages);
					}
				}
				builder.setAttribute(INPUT_MESSAGES, SpanJson.genAiInput(messages, contentLength));
			}
		}
		return builder.setStartTimestamp(startTime).startSpan();
	}

	/**
	 * The span of a {@link Traced} method: the application's own work, with the
	 * Braintrust attributes only (no {@code gen_ai.*}: it is not a model call).
	 */
	private Span startTask(LlmRequest request, Context parent, Instant startTime, ContentCapture content) {
		String name = (request.displayName() != null) ? request.displayName() : request.operation().value();
		SpanBuilder builder = this.tracer.spanBuilder(name).setParent(parent).setSpanKind(SpanKind.INTERNAL);
		if (request.conversationId() != null) {
			builder.setAttribute(CONVERSATION_ID, request.conversationId());
		}
		builder.setAttribute(SPAN_ATTRIBUTES, SpanJson.spanAttributes(request, name));
		builder.setAttribute(CONTEXT_JSON, contextJson(request.integration()));
		setParent(builder, parent);
		if (content.captured()) {
			LlmRequest written = (this.redaction != null) ? this.redaction.redactInput(request) : request;
			String input = SpanJson.input(written, content.maxLength());
			if (input != null) {
				builder.setAttribute(INPUT_JSON, input);
			}
		}
		return builder.setStartTimestamp(startTime).startSpan();
	}

	// A block of the application sends its spans elsewhere (BraintrustSpans.withParent).
	private static void setParent(SpanBuilder builder, Context parent) {
		String destination = parent.get(BraintrustSpans.PARENT);
		if (destination != null) {
			builder.setAttribute(PARENT, destination);
		}
	}

	// Integrations are few; a name past the bound (a tracer called with names of its
	// own) is written each time rather than kept.
	private String contextJson(String integration) {
		String json = this.contextJson.get(integration);
		if (json == null) {
			json = this.origin.contextJson(integration);
			if (this.contextJson.size() < 64) {
				this.contextJson.putIfAbsent(integration, json);
			}
		}
		return json;
	}

	private static String spanName(LlmRequest request) {
		String target = (request.operation() == LlmOperation.INVOKE_AGENT) ? request.displayName()
				: (request.model() != null) ? request.model() : request.toolName();
		return (target != null) ? request.operation().value() + " " + target : request.operation().value();
	}

	@Override
	public void end(Span span, LlmCall call, ContentCapture content) {
		end(span, call, content, SpanAnnotations.NONE);
	}

	@Override
	public void end(Span span, LlmCall call, ContentCapture content, SpanAnnotations annotations) {
		try {
			writeMetadata(span, call, content, annotations);
			if (!annotations.tags().isEmpty()) {
				span.setAttribute(TAGS, annotations.tags());
			}
			writeResponse(span, call.response(), call.request().shape(), call.timeToFirstChunk(), content);
			Throwable error = call.error();
			if (error != null) {
				recordException(span, error, content.captured());
				span.setAttribute(ERROR_TYPE, call.errorType());
				span.setStatus(StatusCode.ERROR, call.errorType());
			}
			if (call.cancelled()) {
				span.addEvent("cancelled");
			}
			if (call.response() != null && call.response().truncated()) {
				span.addEvent(OUTPUT_TRUNCATED);
			}
		}
		finally {
			Duration duration = call.duration();
			span.end((duration != null) ? call.startTime().plus(duration) : Instant.now());
		}
	}

	// Written when the call ends, with the model that answered (the model Braintrust
	// attributes cost to).
	private void writeMetadata(Span span, LlmCall call, ContentCapture capture, SpanAnnotations annotations) {
		LlmRequest request = call.request();
		if (request.operation() == LlmOperation.TASK) {
			String metadata = SpanJson.taskMetadata(request, annotations, capture.maxLength());
			if (metadata != null) {
				span.setAttribute(METADATA, metadata);
			}
			return;
		}
		if (capture.captured() && this.redaction != null) {
			request = this.redaction.redactMetadata(request);
		}
		String responseModel = (call.response() != null) ? call.response().model() : null;
		span.setAttribute(METADATA,
				SpanJson.metadata(request, responseModel, capture.captured(), capture.maxLength(), annotations));
	}

	private void writeResponse(Span span, @Nullable LlmResponse response, ContentShape shape,
			@Nullable Duration timeToFirstChunk, ContentCapture capture) {
		double ttftSeconds = (timeToFirstChunk != null) ? timeToFirstChunk.toNanos() / 1e9 : -1;
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
		List<String> reasons = finishReasons(response.choices());
		if (!reasons.isEmpty()) {
			span.setAttribute(FINISH_REASONS, reasons);
		}
		if (usage != null) {
			setIfKnown(span, INPUT_TOKENS, usage.inputTokens());
			setIfKnown(span, OUTPUT_TOKENS, usage.outputTokens());
			setIfKnown(span, CACHE_READ_TOKENS, usage.cachedInputTokens());
			setIfKnown(span, CACHE_CREATION_TOKENS, usage.cacheCreationInputTokens());
			setIfKnown(span, REASONING_TOKENS, usage.reasoningTokens());
		}
		if (capture.captured()) {
			LlmResponse content = (this.redaction != null) ? this.redaction.redact(response) : response;
			String output = SpanJson.output(content, shape, capture.maxLength());
			if (output != null) {
				span.setAttribute(OUTPUT_JSON, output);
			}
			if (this.genAiContent && !content.choices().isEmpty()) {
				span.setAttribute(OUTPUT_MESSAGES, SpanJson.genAiOutput(content.choices(), capture.maxLength()));
			}
		}
	}

	private static List<String> finishReasons(List<Choice> choices) {
		if (choices.isEmpty()) {
			return List.of();
		}
		List<String> reasons = new ArrayList<>(choices.size());
		for (Choice choice : choices) {
			if (choice.finishReason() != null) {
				reasons.add(choice.finishReason());
			}
		}
		return reasons;
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

	/**
	 * Builder of {@link OpenTelemetrySpanWriter}.
	 */
	public static final class Builder {

		private final OpenTelemetry openTelemetry;

		private @Nullable SpanContentRedactor redactor;

		private boolean genAiContent;

		private SpanOrigin origin = SpanOrigin.starter();

		private boolean legacyAttributes;

		private boolean callerLocation;

		private Builder(OpenTelemetry openTelemetry) {
			this.openTelemetry = openTelemetry;
		}

		/**
		 * The redactor of content (default none).
		 * @param redactor the redactor, or null
		 * @return this builder
		 */
		public Builder redactor(@Nullable SpanContentRedactor redactor) {
			this.redactor = redactor;
			return this;
		}

		/**
		 * Whether {@code gen_ai.input.messages}, {@code gen_ai.output.messages} and
		 * {@code gen_ai.system_instructions} are written too (default false).
		 * @param genAiContent whether to write them
		 * @return this builder
		 */
		public Builder genAiContent(boolean genAiContent) {
			this.genAiContent = genAiContent;
			return this;
		}

		/**
		 * The origin written to each span's {@code braintrust.context_json} (default: the
		 * starter, without an environment).
		 * @param origin the origin
		 * @return this builder
		 */
		public Builder origin(SpanOrigin origin) {
			this.origin = Objects.requireNonNull(origin, "origin");
			return this;
		}

		/**
		 * Whether the attributes of the GenAI conventions before 1.37 are written too
		 * ({@code gen_ai.system} next to {@code gen_ai.provider.name}), for backends that
		 * still read them (default false).
		 * @param legacyAttributes whether to write them
		 * @return this builder
		 */
		public Builder legacyAttributes(boolean legacyAttributes) {
			this.legacyAttributes = legacyAttributes;
			return this;
		}

		/**
		 * Whether each span records the application code that made the call
		 * ({@code code.function.name}, {@code code.file.path}, {@code code.line.number}),
		 * found by walking the caller's stack (default false).
		 * @param callerLocation whether to record it
		 * @return this builder
		 */
		public Builder callerLocation(boolean callerLocation) {
			this.callerLocation = callerLocation;
			return this;
		}

		/**
		 * Build the writer.
		 * @return the writer
		 */
		public OpenTelemetrySpanWriter build() {
			return new OpenTelemetrySpanWriter(this);
		}

	}

}
