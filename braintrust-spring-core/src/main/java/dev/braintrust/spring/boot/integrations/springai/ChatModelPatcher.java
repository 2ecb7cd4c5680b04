package dev.braintrust.spring.boot.integrations.springai;

import java.lang.reflect.Modifier;
import java.util.function.BooleanSupplier;

import dev.braintrust.spring.boot.integration.PatchContext;
import dev.braintrust.spring.boot.integration.Patcher;
import dev.braintrust.spring.boot.trace.LazyTracer;
import org.aopalliance.intercept.MethodInterceptor;
import org.jspecify.annotations.Nullable;

import org.springframework.ai.chat.model.ChatModel;
import org.springframework.aop.support.AopUtils;

/**
 * Instruments every {@link ChatModel} bean, keeping its class: a model whose class can be
 * subclassed gets a class proxy; a final Spring AI model (Spring AI 2.0's
 * {@code OpenAiChatModel} and {@code AnthropicChatModel}, which applications inject by
 * class) is not proxied at all: its calls are traced through Spring AI's observation of
 * them ({@link ChatModelObservationTracing}). Without Micrometer Tracing's OpenTelemetry
 * bridge, which that needs, such a model is left alone. Any other final model (a lambda,
 * say) gets an interface proxy.
 * <p>
 * Spring AI 1.1's own models are not final, but run the tool loop inside their call: a
 * proxy would see one call where the model makes several. They are traced through their
 * observations too (one per call of the loop), and get a class proxy that only tells a
 * stream's observations that they stream and when their first chunk reaches the caller
 * ({@link ObservedModelInterceptor}). Without Micrometer Tracing's OpenTelemetry bridge,
 * such a model's proxy traces its calls itself: the span of a call then covers its whole
 * tool loop.
 */
final class ChatModelPatcher implements Patcher {

	static final String OBSERVATION = "observation";

	private final LazyTracer tracer;

	private final BooleanSupplier observationTracing;

	private final int inlineMediaLimit;

	ChatModelPatcher(LazyTracer tracer, BooleanSupplier observationTracing, int inlineMediaLimit) {
		this.tracer = tracer;
		this.observationTracing = observationTracing;
		this.inlineMediaLimit = inlineMediaLimit;
	}

	@Override
	public boolean matches(Object bean, String beanName) {
		return bean instanceof ChatModel && (!isFinalSpringAiModel(bean) || this.observationTracing.getAsBoolean());
	}

	@Override
	public @Nullable String withoutProxy(Object bean) {
		return isFinalSpringAiModel(bean) ? OBSERVATION : null;
	}

	// Spring AI's models observe their own calls. A final model of the application's
	// (a lambda, or a class that may not) gets an interface proxy, as any final bean.
	private static boolean isFinalSpringAiModel(Object bean) {
		return Modifier.isFinal(bean.getClass().getModifiers()) && isSpringAiModel(bean);
	}

	private static boolean isSpringAiModel(@Nullable Object bean) {
		return bean != null && bean.getClass().getName().startsWith("org.springframework.ai.");
	}

	// A Spring AI 1.1 model, traced through its observations while they can be.
	private boolean isObservedThroughItsProxy(@Nullable Object target) {
		return !SpringAiApi.V2 && isSpringAiModel(target) && this.observationTracing.getAsBoolean();
	}

	@Override
	public Class<?> reportedType(Object bean) {
		return AopUtils.getTargetClass(bean);
	}

	@Override
	public MethodInterceptor interceptor(PatchContext context) {
		MethodInterceptor traced = new ChatModelInterceptor(this.tracer, this.inlineMediaLimit);
		MethodInterceptor observed = new ObservedModelInterceptor(this.tracer);
		return (invocation) -> isObservedThroughItsProxy(invocation.getThis()) ? observed.invoke(invocation)
				: traced.invoke(invocation);
	}

}
