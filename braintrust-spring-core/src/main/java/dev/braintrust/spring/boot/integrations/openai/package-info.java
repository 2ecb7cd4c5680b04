/**
 * Integration of the OpenAI Java SDK: its client beans are wrapped so that chat
 * completions, responses and embeddings calls become LLM spans.
 */
@NullMarked
package dev.braintrust.spring.boot.integrations.openai;

import org.jspecify.annotations.NullMarked;
