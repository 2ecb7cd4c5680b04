package dev.braintrust.spring.boot.export;

import java.util.List;

import dev.braintrust.spring.boot.trace.LlmSpanAttributes;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.trace.ReadableSpan;

/**
 * Which spans are about AI calls: the starter's own (known by their instrumentation
 * scope) and any other span carrying one of the attributes every GenAI span has
 * ({@code gen_ai.operation.name}, as the OpenTelemetry GenAI conventions require, or the
 * older {@code gen_ai.system}, {@code gen_ai.provider.name},
 * {@code gen_ai.request.model}) or a {@code braintrust.*} attribute of the Braintrust
 * span contract. Decided by key lookups: every span of the application (HTTP, database)
 * passes here, and copying its attributes to look at their names would cost each of them
 * an allocation. Public for the trace viewer, which shows the spans Braintrust would
 * receive.
 */
public final class AiSpans {

	private static final List<AttributeKey<String>> AI_KEYS = List.of(LlmSpanAttributes.OPERATION_NAME,
			LlmSpanAttributes.PROVIDER_NAME, LlmSpanAttributes.SYSTEM, LlmSpanAttributes.SPAN_ATTRIBUTES,
			LlmSpanAttributes.INPUT_JSON, LlmSpanAttributes.PARENT);

	private AiSpans() {
	}

	/**
	 * Whether the span is about an AI call.
	 * @param span a span
	 * @return whether it is an AI span
	 */
	public static boolean isAiSpan(ReadableSpan span) {
		if (LlmSpanAttributes.INSTRUMENTATION_SCOPE.equals(span.getInstrumentationScopeInfo().getName())) {
			return true;
		}
		for (int i = 0; i < AI_KEYS.size(); i++) {
			if (span.getAttribute(AI_KEYS.get(i)) != null) {
				return true;
			}
		}
		return false;
	}

}
