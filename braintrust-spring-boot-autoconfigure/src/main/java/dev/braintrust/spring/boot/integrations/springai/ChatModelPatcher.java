package dev.braintrust.spring.boot.integrations.springai;

import dev.braintrust.spring.boot.integration.PatchContext;
import dev.braintrust.spring.boot.integration.Patcher;
import org.aopalliance.intercept.MethodInterceptor;

import org.springframework.ai.chat.model.ChatModel;

/**
 * Instruments every {@link ChatModel} bean. Spring AI 2.0's {@code OpenAiChatModel} and
 * {@code AnthropicChatModel} are final, so they get interface proxies (on
 * {@code ChatModel} and {@code StreamingChatModel}); other models get class proxies.
 */
final class ChatModelPatcher implements Patcher {

	private final LazyTracer tracer;

	ChatModelPatcher(LazyTracer tracer) {
		this.tracer = tracer;
	}

	@Override
	public boolean matches(Object bean, String beanName) {
		return bean instanceof ChatModel;
	}

	@Override
	public Class<?> reportedType(Object bean) {
		return ChatModel.class;
	}

	@Override
	public MethodInterceptor interceptor(PatchContext context) {
		return new ChatModelInterceptor(this.tracer);
	}

}
