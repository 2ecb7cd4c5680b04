/**
 * The auto-configurations of the built-in integrations: one per instrumented library, all
 * alike (see CONTRIBUTING.md).
 */
@NullMarked
package dev.braintrust.spring.boot.autoconfigure.integrations;

import org.jspecify.annotations.NullMarked;
