package dev.braintrust.spring.boot.integrations.springai;

import java.lang.reflect.Method;

import dev.braintrust.spring.boot.internal.DefaultMethods;
import dev.braintrust.spring.boot.trace.LazyTracer;
import dev.braintrust.spring.boot.trace.LlmRequest;
import dev.braintrust.spring.boot.trace.LlmTracer;
import dev.braintrust.spring.boot.trace.ReactorLlmTracing;
import io.micrometer.observation.Observation;
import io.opentelemetry.context.Scope;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;

import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.aop.support.AopUtils;

/**
 * Traces {@code ChatModel.call(Prompt)} and {@code ChatModel.stream(Prompt)}, the two
 * methods every other call of a chat model goes through. The convenience overloads
 * ({@code call(String)}, {@code stream(Message...)}, ...) are default methods: they run
 * on the proxy (see {@link DefaultMethods}), so the {@code call(Prompt)} they delegate to
 * is traced once.
 */
record ChatModelInterceptor(LazyTracer tracer, int inlineMediaLimit) implements MethodInterceptor {

	// ObservationThreadLocalAccessor.KEY, under which Spring AI's ChatClient puts its
	// observation into the Reactor context of a streamed call.
	private static final String OBSERVATION_KEY = "micrometer.observation";

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		Method method = invocation.getMethod();
		String name = method.getName();
		Object[] arguments = invocation.getArguments();
		boolean promptCall = arguments.length == 1 && arguments[0] instanceof Prompt;
		if (promptCall && name.equals("call")) {
			return call(invocation, (Prompt) arguments[0]);
		}
		if (promptCall && name.equals("stream") && !isUnsupportedStream(invocation)) {
			return stream(invocation, (Prompt) arguments[0]);
		}
		if ((name.equals("call") || name.equals("stream")) && DefaultMethods.isInheritedDefault(invocation)) {
			return DefaultMethods.invokeOnProxy(invocation);
		}
		return invocation.proceed();
	}

	private Object call(MethodInvocation invocation, Prompt prompt) throws Throwable {
		LlmRequest request = request(invocation, prompt, false, SpringAiConversations.current());
		if (request == null) {
			return invocation.proceed();
		}
		return this.tracer.get().call(request, () -> {
			try (Scope marked = TracedScope.modelCall()) {
				return (ChatResponse) invocation.proceed();
			}
		}, (response) -> SpringAiChatConverter.response(response, request.provider()));
	}

	// ChatModel's own default stream(Prompt) throws UnsupportedOperationException: such a
	// model is not traced, so the caller gets that exception as it is.
	private static boolean isUnsupportedStream(MethodInvocation invocation) {
		Object target = invocation.getThis();
		return target == null || AopUtils.getMostSpecificMethod(invocation.getMethod(), target.getClass())
			.getDeclaringClass() == ChatModel.class;
	}

	// The request of the call, or null when the instrumentation cannot read it (the call
	// then proceeds untraced).
	private @Nullable LlmRequest request(MethodInvocation invocation, Prompt prompt, boolean stream,
			@Nullable String conversationId) {
		try {
			return SpringAiChatConverter
				.request((ChatModel) invocation.getThis(), prompt, stream, this.inlineMediaLimit)
				.withConversationId(conversationId);
		}
		catch (Throwable ex) {
			this.tracer.instrumentationFailure(SpringAiIntegration.NAME, "request", ex);
			return null;
		}
	}

	@SuppressWarnings("unchecked")
	private Object stream(MethodInvocation invocation, Prompt prompt) throws Throwable {
		LlmRequest request = request(invocation, prompt, true, null);
		if (request == null) {
			return invocation.proceed();
		}
		// The model builds its Flux now (and throws now if the prompt is invalid); the
		// call itself happens on each subscription.
		Flux<ChatResponse> source = (Flux<ChatResponse>) invocation.proceed();
		LlmTracer tracer = this.tracer.get();
		return Flux.deferContextual((reactorContext) -> {
			Observation parent = reactorContext.getOrDefault(OBSERVATION_KEY, null);
			// The ChatClient's conversation, found through its observation
			LlmRequest inConversation = (parent != null)
					? request.withConversationId(SpringAiConversations.of(parent.getContextView())) : request;
			Flux<ChatResponse> traced = ReactorLlmTracing.flux(tracer, inConversation, () -> marked(source),
					new ChatResponseAggregator(request.provider()));
			return (parent != null) ? underParent(traced, parent) : traced;
		});
	}

	// Spring AI subscribes to its native observation when the model's Flux is
	// subscribed: mark that moment as a traced model call.
	private static Publisher<ChatResponse> marked(Flux<ChatResponse> source) {
		return (subscriber) -> {
			try (Scope marked = TracedScope.modelCall()) {
				source.subscribe(subscriber);
			}
		};
	}

	// A ChatClient passes its observation through the Reactor context rather than the
	// thread: make it current while our span starts (on subscribe), so that the span is
	// its child, as Spring AI does for its own observation.
	private static Publisher<ChatResponse> underParent(Flux<ChatResponse> traced, Observation parent) {
		return (subscriber) -> {
			try (Observation.Scope scope = parent.openScope()) {
				traced.subscribe(subscriber);
			}
		};
	}

}
