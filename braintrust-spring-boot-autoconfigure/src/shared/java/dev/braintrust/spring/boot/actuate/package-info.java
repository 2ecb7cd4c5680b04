/**
 * The {@code integrations} actuator endpoint.
 */
@NullMarked
package dev.braintrust.spring.boot.actuate;

import org.jspecify.annotations.NullMarked;
