package dev.braintrust.spring.boot.integration.fakelib;

/**
 * A service object the fake client returns, as SDK clients return service trees.
 */
public interface FakeCompletions {

	String create(String prompt);

}
