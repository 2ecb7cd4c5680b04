/**
 * The integration framework: the
 * {@link dev.braintrust.spring.boot.integration.Integration} contract, patchers that wrap
 * library beans in proxies, and the registry that knows every integration's state.
 */
@NullMarked
package dev.braintrust.spring.boot.integration;

import org.jspecify.annotations.NullMarked;
