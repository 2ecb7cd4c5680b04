/**
 * Auto-configuration of the Braintrust starter and its configuration properties.
 */
@NullMarked
package dev.braintrust.spring.boot.autoconfigure;

import org.jspecify.annotations.NullMarked;
