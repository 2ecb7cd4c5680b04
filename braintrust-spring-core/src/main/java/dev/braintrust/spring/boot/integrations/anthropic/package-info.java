/**
 * Integration of the Anthropic Java SDK: traces the messages API of
 * {@code AnthropicClient} and {@code AnthropicClientAsync} beans.
 */
@NullMarked
package dev.braintrust.spring.boot.integrations.anthropic;

import org.jspecify.annotations.NullMarked;
