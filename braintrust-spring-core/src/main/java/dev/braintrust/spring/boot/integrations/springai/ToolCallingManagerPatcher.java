package dev.braintrust.spring.boot.integrations.springai;

import dev.braintrust.spring.boot.integration.PatchContext;
import dev.braintrust.spring.boot.integration.Patcher;
import dev.braintrust.spring.boot.trace.LazyTracer;
import org.aopalliance.intercept.MethodInterceptor;

import org.springframework.ai.model.tool.ToolCallingManager;

/**
 * Instruments the {@link ToolCallingManager} bean that the {@code ToolCallingAdvisor} of
 * Spring AI's {@code ChatClient} uses to run the tools a model asks for.
 */
final class ToolCallingManagerPatcher implements Patcher {

	private final LazyTracer tracer;

	ToolCallingManagerPatcher(LazyTracer tracer) {
		this.tracer = tracer;
	}

	@Override
	public boolean matches(Object bean, String beanName) {
		return bean instanceof ToolCallingManager;
	}

	@Override
	public Class<?> reportedType(Object bean) {
		return ToolCallingManager.class;
	}

	@Override
	public MethodInterceptor interceptor(PatchContext context) {
		return new ToolCallingManagerInterceptor(this.tracer, context);
	}

}
