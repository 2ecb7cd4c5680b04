package dev.braintrust.spring.boot.integration;

/**
 * Marker interface implemented by every proxy the starter creates, so that nothing is
 * ever wrapped twice: not by two post-processors, nor by a parent and a child context.
 */
public interface BraintrustInstrumented {

}
