package dev.braintrust.spring.boot.autoconfigure;

import dev.braintrust.spring.boot.integration.IntegrationRegistry;
import dev.braintrust.spring.boot.trace.LlmCall;
import dev.braintrust.spring.boot.trace.LlmCallListener;

/**
 * Feeds the registry's per-integration call and error counters from the traced calls. The
 * last error is recorded as its normalized type and exception class only: provider error
 * messages may echo parts of a request or key.
 */
final class IntegrationCallCounter implements LlmCallListener {

	private final IntegrationRegistry registry;

	IntegrationCallCounter(IntegrationRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void onFinish(LlmCall call) {
		this.registry.recordCall(call.request().integration());
	}

	@Override
	public void onError(LlmCall call) {
		String integration = call.request().integration();
		this.registry.recordCall(integration);
		Throwable error = call.error();
		String type = (call.errorType() != null) ? call.errorType() : "error";
		this.registry.recordError(integration, (error != null) ? type + ": " + error.getClass().getName() : type);
	}

}
