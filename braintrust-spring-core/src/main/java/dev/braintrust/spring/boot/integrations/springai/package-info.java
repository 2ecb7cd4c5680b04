/**
 * The Spring AI integration: traces {@code ChatModel}, {@code EmbeddingModel} and the
 * tools that a {@code ToolCallingManager} executes.
 */
@NullMarked
package dev.braintrust.spring.boot.integrations.springai;

import org.jspecify.annotations.NullMarked;
