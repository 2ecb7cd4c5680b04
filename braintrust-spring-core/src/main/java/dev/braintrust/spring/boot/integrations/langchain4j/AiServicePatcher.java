package dev.braintrust.spring.boot.integrations.langchain4j;

import dev.braintrust.spring.boot.integration.PatchContext;
import dev.braintrust.spring.boot.integration.Patcher;
import dev.braintrust.spring.boot.trace.LazyTracer;
import org.aopalliance.intercept.MethodInterceptor;

/**
 * Instruments the AiService beans (the interface proxies that LangChain4j's
 * {@code AiServices} builds, declared by the application's {@code @Bean} methods or by
 * LangChain4j's Spring Boot starter) with an interface proxy: the service is only ever
 * injected by its interface.
 */
final class AiServicePatcher implements Patcher {

	private final LazyTracer tracer;

	AiServicePatcher(LazyTracer tracer) {
		this.tracer = tracer;
	}

	@Override
	public boolean matches(Object bean, String beanName) {
		return AiServiceTools.isAiService(bean);
	}

	@Override
	public Class<?> reportedType(Object bean) {
		Class<?>[] interfaces = bean.getClass().getInterfaces();
		return (interfaces.length > 0) ? interfaces[0] : bean.getClass();
	}

	@Override
	public boolean proxyTargetClass(Object bean) {
		return false;
	}

	@Override
	public MethodInterceptor interceptor(PatchContext context) {
		return new AiServiceInterceptor(this.tracer, context);
	}

}
