package dev.braintrust.spring.boot.export;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;

/**
 * A {@link SpanProcessor} that only looks at finished spans: the SDK never calls its
 * {@link #onStart}, which does nothing.
 */
interface OnEndSpanProcessor extends SpanProcessor {

	@Override
	default void onStart(Context parentContext, ReadWriteSpan span) {
	}

	@Override
	default boolean isStartRequired() {
		return false;
	}

	@Override
	default boolean isEndRequired() {
		return true;
	}

}
