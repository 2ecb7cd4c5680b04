package dev.braintrust.spring.boot.benchmarks;

import dev.langchain4j.model.chat.listener.ChatModelErrorContext;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.listener.ChatModelRequestContext;
import dev.langchain4j.model.chat.listener.ChatModelResponseContext;
import dev.langchain4j.model.chat.response.ChatResponse;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;

/**
 * The listener way of tracing LangChain4j: a {@code ChatModelListener} registered on the
 * model that opens a GenAI span at {@code onRequest} and ends it at {@code onResponse} /
 * {@code onError}, with the request model and parameters, the response id and model and
 * the token usage (no content). This is how listener-based instrumentations of
 * LangChain4j work (LangChain4j has no span-writing listener of its own); the peer of the
 * starter's content-off case.
 */
final class SpanPerCallChatModelListener implements ChatModelListener {

	private static final String SPAN = "span";

	private final Tracer tracer;

	SpanPerCallChatModelListener(OpenTelemetry openTelemetry) {
		this.tracer = openTelemetry.getTracer("langchain4j-listener");
	}

	@Override
	public void onRequest(ChatModelRequestContext context) {
		String model = context.chatRequest().parameters().modelName();
		Span span = this.tracer.spanBuilder("chat " + model)
			.setSpanKind(SpanKind.CLIENT)
			.setAttribute("gen_ai.operation.name", "chat")
			.setAttribute("gen_ai.provider.name", "openai")
			.setAttribute("gen_ai.request.model", model)
			.startSpan();
		Double temperature = context.chatRequest().parameters().temperature();
		if (temperature != null) {
			span.setAttribute("gen_ai.request.temperature", temperature);
		}
		Integer maxTokens = context.chatRequest().parameters().maxOutputTokens();
		if (maxTokens != null) {
			span.setAttribute("gen_ai.request.max_tokens", maxTokens);
		}
		context.attributes().put(SPAN, span);
	}

	@Override
	public void onResponse(ChatModelResponseContext context) {
		Span span = (Span) context.attributes().get(SPAN);
		ChatResponse response = context.chatResponse();
		span.setAttribute("gen_ai.response.id", response.id());
		span.setAttribute("gen_ai.response.model", response.modelName());
		if (response.tokenUsage() != null) {
			span.setAttribute("gen_ai.usage.input_tokens", response.tokenUsage().inputTokenCount());
			span.setAttribute("gen_ai.usage.output_tokens", response.tokenUsage().outputTokenCount());
		}
		span.end();
	}

	@Override
	public void onError(ChatModelErrorContext context) {
		Span span = (Span) context.attributes().get(SPAN);
		if (span != null) {
			span.recordException(context.error());
			span.setStatus(StatusCode.ERROR);
			span.end();
		}
	}

}
