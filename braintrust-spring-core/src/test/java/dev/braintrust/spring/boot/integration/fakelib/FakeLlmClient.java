package dev.braintrust.spring.boot.integration.fakelib;

/**
 * The client interface of a pretend LLM library that the tests instrument.
 */
public interface FakeLlmClient {

	String complete(String prompt);

	FakeCompletions completions();

}
