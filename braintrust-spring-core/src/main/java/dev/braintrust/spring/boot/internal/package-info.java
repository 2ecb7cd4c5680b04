/**
 * Helpers shared by the starter's packages. Not an API: they may change in any release.
 */
@NullMarked
package dev.braintrust.spring.boot.internal;

import org.jspecify.annotations.NullMarked;
