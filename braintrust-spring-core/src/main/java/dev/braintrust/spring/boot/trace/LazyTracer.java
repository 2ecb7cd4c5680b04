package dev.braintrust.spring.boot.trace;

import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;

/**
 * The {@link LlmTracer} bean, looked up on the first traced call rather than while beans
 * are post-processed, so that patching a bean initialises nothing early. The one way
 * integrations get their tracer. A lookup that fails (the tracer bean could not be
 * created) gives a tracer that records nothing, and is tried again on the next call: the
 * instrumented call never fails because of it.
 */
public final class LazyTracer implements Supplier<LlmTracer> {

	private final ObjectProvider<LlmTracer> provider;

	private volatile @Nullable LlmTracer tracer;

	/**
	 * Creates the lazy tracer.
	 * @param provider the provider of the tracer bean
	 */
	public LazyTracer(ObjectProvider<LlmTracer> provider) {
		this.provider = provider;
	}

	@Override
	public LlmTracer get() {
		LlmTracer tracer = this.tracer;
		if (tracer == null) {
			try {
				tracer = this.provider.getIfAvailable(LlmTracer::noop);
			}
			catch (Throwable ex) {
				RateLimitedLog.INSTRUMENTATION.instrumentationFailure("starter", "tracer-lookup",
						Failures.containable(ex));
				return LlmTracer.noop();
			}
			this.tracer = tracer;
		}
		return tracer;
	}

	/**
	 * Report a failure of an integration's instrumentation to the tracer (see
	 * {@link LlmTracer#instrumentationFailure}). Rethrows only a
	 * {@link VirtualMachineError}.
	 * @param integration the integration
	 * @param step what the instrumentation was doing
	 * @param failure what was thrown
	 */
	public void instrumentationFailure(String integration, String step, Throwable failure) {
		Throwable containable = Failures.containable(failure);
		try {
			get().instrumentationFailure(integration, step, containable);
		}
		catch (Throwable ex) {
			RateLimitedLog.INSTRUMENTATION.instrumentationFailure(integration, step, containable);
		}
	}

}
