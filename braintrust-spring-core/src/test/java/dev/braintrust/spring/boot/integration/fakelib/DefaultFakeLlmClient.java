package dev.braintrust.spring.boot.integration.fakelib;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A non-final implementation: it gets a class-based proxy.
 */
public class DefaultFakeLlmClient implements FakeLlmClient {

	private final AtomicInteger calls = new AtomicInteger();

	@Override
	public String complete(String prompt) {
		this.calls.incrementAndGet();
		if (prompt.equals("fail")) {
			throw new IllegalStateException("model refused");
		}
		return "echo:" + prompt;
	}

	@Override
	public FakeCompletions completions() {
		return (prompt) -> "created:" + prompt;
	}

	public int calls() {
		return this.calls.get();
	}

}
