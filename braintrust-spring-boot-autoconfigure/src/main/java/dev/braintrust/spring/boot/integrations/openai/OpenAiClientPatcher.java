package dev.braintrust.spring.boot.integrations.openai;

import com.openai.client.OpenAIClient;
import com.openai.client.OpenAIClientAsync;
import dev.braintrust.spring.boot.integration.PatchContext;
import dev.braintrust.spring.boot.integration.Patcher;
import dev.braintrust.spring.boot.trace.LazyTracer;
import org.aopalliance.intercept.MethodInterceptor;

/**
 * Wraps {@link OpenAIClient} and {@link OpenAIClientAsync} beans. The SDK's clients are
 * final classes, so the proxies implement the client interfaces: a bean declared as
 * {@code OpenAIClient} stays injectable as one.
 */
final class OpenAiClientPatcher implements Patcher {

	private final LazyTracer tracer;

	OpenAiClientPatcher(LazyTracer tracer) {
		this.tracer = tracer;
	}

	@Override
	public boolean matches(Object bean, String beanName) {
		return bean instanceof OpenAIClient || bean instanceof OpenAIClientAsync;
	}

	@Override
	public Class<?> reportedType(Object bean) {
		return (bean instanceof OpenAIClient) ? OpenAIClient.class : OpenAIClientAsync.class;
	}

	@Override
	public MethodInterceptor interceptor(PatchContext context) {
		return new OpenAiClientInterceptor(context, this.tracer);
	}

}
