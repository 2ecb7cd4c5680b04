package dev.braintrust.spring.boot.integrations.springai;

import dev.braintrust.spring.boot.internal.DefaultMethods;
import dev.braintrust.spring.boot.trace.LazyTracer;
import io.opentelemetry.context.Scope;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;

import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;

/**
 * The proxy of a Spring AI 1.1 model whose calls are traced through its observations
 * ({@link ChatModelObservationTracing}): it traces nothing itself, and only tells the
 * observations of a stream that they stream, and when the caller receives each chunk
 * ({@link ObservedStream}), which Spring AI 1.1's observation does not say. Its calls and
 * their results are the model's own.
 */
record ObservedModelInterceptor(LazyTracer tracer) implements MethodInterceptor {

	@Override
	@SuppressWarnings("unchecked")
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		Object[] arguments = invocation.getArguments();
		String name = invocation.getMethod().getName();
		if (name.equals("stream") && arguments.length == 1 && arguments[0] instanceof Prompt) {
			Object result = invocation.proceed();
			return (result instanceof Flux<?> flux) ? observed((Flux<ChatResponse>) flux) : result;
		}
		if ((name.equals("call") || name.equals("stream")) && DefaultMethods.isInheritedDefault(invocation)) {
			return DefaultMethods.invokeOnProxy(invocation);
		}
		return invocation.proceed();
	}

	// The model starts its observation when its Flux is subscribed: the stream is known
	// then. Each subscription is a call of its own.
	private Flux<ChatResponse> observed(Flux<ChatResponse> source) {
		return Flux.defer(() -> {
			ObservedStream stream = new ObservedStream();
			Flux<ChatResponse> chunks = source.doOnNext((chunk) -> chunk(stream));
			return Flux.<ChatResponse>from((subscriber) -> {
				try (Scope subscribing = stream.subscribing()) {
					chunks.subscribe(subscriber);
				}
			});
		});
	}

	private void chunk(ObservedStream stream) {
		try {
			stream.chunk();
		}
		catch (Throwable ex) {
			this.tracer.instrumentationFailure(SpringAiIntegration.NAME, "stream-chunk", ex);
		}
	}

}
