package dev.braintrust.spring.boot.integration.fakelib;

/**
 * A final implementation, as SDK clients often are: it can only get an interface proxy.
 */
public final class FinalFakeLlmClient implements FakeLlmClient {

	@Override
	public String complete(String prompt) {
		return "final:" + prompt;
	}

	@Override
	public FakeCompletions completions() {
		return (prompt) -> "final-created:" + prompt;
	}

}
