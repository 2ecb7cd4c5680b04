package dev.braintrust.spring.boot.integrations.springai;

import dev.braintrust.spring.boot.trace.LazyTracer;
import dev.braintrust.spring.boot.integration.PatchContext;
import dev.braintrust.spring.boot.integration.Patcher;
import org.aopalliance.intercept.MethodInterceptor;

import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.aop.support.AopUtils;

/**
 * Instruments every {@link EmbeddingModel} bean.
 */
final class EmbeddingModelPatcher implements Patcher {

	private final LazyTracer tracer;

	EmbeddingModelPatcher(LazyTracer tracer) {
		this.tracer = tracer;
	}

	@Override
	public boolean matches(Object bean, String beanName) {
		return bean instanceof EmbeddingModel;
	}

	@Override
	public Class<?> reportedType(Object bean) {
		return AopUtils.getTargetClass(bean);
	}

	@Override
	public MethodInterceptor interceptor(PatchContext context) {
		return new EmbeddingModelInterceptor(this.tracer);
	}

}
