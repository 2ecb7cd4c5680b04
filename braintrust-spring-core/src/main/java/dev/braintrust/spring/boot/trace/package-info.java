/**
 * The tracing pipeline: the {@link dev.braintrust.spring.boot.trace.LlmCall} event that
 * integrations build and the one handler that turns it into a span and metrics.
 */
@NullMarked
package dev.braintrust.spring.boot.trace;

import org.jspecify.annotations.NullMarked;
