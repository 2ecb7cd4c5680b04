/**
 * The local trace viewer's model: the recent AI spans of the application, grouped by
 * trace in a bounded in-memory {@link TraceRing} that a {@link TraceRingSpanProcessor}
 * fills, and the JSON documents of the viewer's API ({@link TraceViewerApi}). Nothing is
 * persisted. The Spring Boot layer serves the page and the API.
 */
@NullMarked
package dev.braintrust.spring.boot.viewer;

import org.jspecify.annotations.NullMarked;
