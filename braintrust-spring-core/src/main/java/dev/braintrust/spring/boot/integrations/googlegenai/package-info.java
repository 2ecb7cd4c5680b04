/**
 * The Google GenAI SDK integration ({@code com.google.genai:google-genai}): traces
 * {@code generateContent}, {@code generateContentStream}, their asynchronous twins, chat
 * sessions and {@code embedContent} of every {@code com.google.genai.Client} bean,
 * through an interceptor installed in the client's own HTTP transport.
 */
@NullMarked
package dev.braintrust.spring.boot.integrations.googlegenai;

import org.jspecify.annotations.NullMarked;
