/**
 * Export of LLM spans to Braintrust over OTLP, local mode, and the exporter's health.
 */
@NullMarked
package dev.braintrust.spring.boot.export;

import org.jspecify.annotations.NullMarked;
