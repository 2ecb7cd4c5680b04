package dev.braintrust.spring.boot.integrations.springai;

import dev.braintrust.spring.boot.trace.LlmTracer;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;

/**
 * The {@link LlmTracer}, looked up on the first traced call rather than while beans are
 * post-processed, so that patching a bean initialises nothing early.
 */
final class LazyTracer {

	private final ObjectProvider<LlmTracer> provider;

	private volatile @Nullable LlmTracer tracer;

	LazyTracer(ObjectProvider<LlmTracer> provider) {
		this.provider = provider;
	}

	LlmTracer get() {
		LlmTracer tracer = this.tracer;
		if (tracer == null) {
			tracer = this.provider.getIfAvailable(LlmTracer::noop);
			this.tracer = tracer;
		}
		return tracer;
	}

}
