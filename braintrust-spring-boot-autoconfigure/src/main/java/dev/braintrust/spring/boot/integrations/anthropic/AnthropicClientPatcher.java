package dev.braintrust.spring.boot.integrations.anthropic;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.AnthropicClientAsync;
import com.anthropic.core.ObjectMappers;
import dev.braintrust.spring.boot.integration.PatchContext;
import dev.braintrust.spring.boot.integration.Patcher;
import dev.braintrust.spring.boot.trace.LazyTracer;
import org.aopalliance.intercept.MethodInterceptor;

/**
 * Wraps {@link AnthropicClient} and {@link AnthropicClientAsync} beans in an interface
 * proxy (the SDK's implementations are final Kotlin classes) intercepted by an
 * {@link AnthropicClientInterceptor}.
 */
final class AnthropicClientPatcher implements Patcher {

	private final AnthropicMessagesTracing tracing;

	AnthropicClientPatcher(LazyTracer tracer) {
		// The SDK's own mapper reads and writes its models exactly as the API does.
		this.tracing = new AnthropicMessagesTracing(tracer, ObjectMappers.jsonMapper());
	}

	@Override
	public boolean matches(Object bean, String beanName) {
		return bean instanceof AnthropicClient || bean instanceof AnthropicClientAsync;
	}

	@Override
	public Class<?> reportedType(Object bean) {
		return (bean instanceof AnthropicClient) ? AnthropicClient.class : AnthropicClientAsync.class;
	}

	@Override
	public boolean proxyTargetClass(Object bean) {
		return false;
	}

	@Override
	public MethodInterceptor interceptor(PatchContext context) {
		return new AnthropicClientInterceptor(context, this.tracing, null);
	}

}
