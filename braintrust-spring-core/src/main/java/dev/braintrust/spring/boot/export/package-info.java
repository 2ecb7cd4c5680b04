/**
 * Export of LLM spans to Braintrust over OTLP ({@link BraintrustSpanProcessor}, built
 * from {@link BraintrustExportSettings}), local mode ({@link LocalSpanLogger}), and the
 * exporter's state ({@link BraintrustExportStatus}, {@link BraintrustExportMetrics}).
 * These public types are what the Spring Boot layer assembles, and what an application
 * without Spring Boot would; everything else here is package-private.
 */
@NullMarked
package dev.braintrust.spring.boot.export;

import org.jspecify.annotations.NullMarked;
