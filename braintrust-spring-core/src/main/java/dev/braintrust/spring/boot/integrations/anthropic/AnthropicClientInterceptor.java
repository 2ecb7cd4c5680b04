package dev.braintrust.spring.boot.integrations.anthropic;

import java.lang.reflect.Method;
import java.util.Set;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.AnthropicClientAsync;
import com.anthropic.services.async.BetaServiceAsync;
import com.anthropic.services.async.MessageServiceAsync;
import com.anthropic.services.blocking.BetaService;
import com.anthropic.services.blocking.MessageService;
import dev.braintrust.spring.boot.integration.PatchContext;
import dev.braintrust.spring.boot.internal.ServerEndpoint;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

/**
 * Intercepts an Anthropic client and every object reached from it on the way to a
 * messages service. The SDK exposes its calls through a tree of service objects
 * ({@code client.messages()}, {@code client.beta().messages()}, {@code client.async()},
 * {@code client.withOptions(...)}, {@code client.withRawResponse()}, and the same on each
 * service), so the interceptor wraps every object of that tree it hands out (through
 * {@link PatchContext#wrap}, which follows the integration's runtime switch) and traces
 * {@code create} and {@code createStreaming} of the messages services. Every other method
 * (models, files, batches, {@code countTokens}, ...) passes through untouched.
 */
final class AnthropicClientInterceptor implements MethodInterceptor {

	// Objects on the way to a messages service.
	private static final Set<Class<?>> NAVIGATION = Set.of(AnthropicClient.class, AnthropicClient.WithRawResponse.class,
			AnthropicClientAsync.class, AnthropicClientAsync.WithRawResponse.class, BetaService.class,
			BetaService.WithRawResponse.class, BetaServiceAsync.class, BetaServiceAsync.WithRawResponse.class);

	// Services whose create and createStreaming are traced.
	private static final Set<Class<?>> MESSAGE_SERVICES = Set.of(MessageService.class,
			MessageService.WithRawResponse.class, MessageServiceAsync.class, MessageServiceAsync.WithRawResponse.class,
			com.anthropic.services.blocking.beta.MessageService.class,
			com.anthropic.services.blocking.beta.MessageService.WithRawResponse.class,
			com.anthropic.services.async.beta.MessageServiceAsync.class,
			com.anthropic.services.async.beta.MessageServiceAsync.WithRawResponse.class);

	private final PatchContext context;

	private final AnthropicMessagesTracing tracing;

	// Taken from the client the tree starts at, on first use.
	private volatile @Nullable ServerEndpoint endpoint;

	// The interceptor of the services this object hands out: they share its endpoint, so
	// one instance serves them all, and PatchContext.wrap can reuse their proxies across
	// calls.
	private volatile @Nullable AnthropicClientInterceptor services;

	AnthropicClientInterceptor(PatchContext context, AnthropicMessagesTracing tracing,
			@Nullable ServerEndpoint endpoint) {
		this.context = context;
		this.tracing = tracing;
		this.endpoint = endpoint;
	}

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		Method method = invocation.getMethod();
		if (isTraced(method)) {
			return this.tracing.trace(invocation, () -> endpoint(invocation));
		}
		Object result = invocation.proceed();
		Class<?> type = method.getReturnType();
		if (result == null || !(NAVIGATION.contains(type) || MESSAGE_SERVICES.contains(type))) {
			return result;
		}
		try {
			return wrap(invocation, result, type);
		}
		catch (Throwable ex) {
			// The caller gets the service as the SDK returned it.
			this.tracing.failed("service", ex);
			return result;
		}
	}

	@SuppressWarnings("unchecked")
	private Object wrap(MethodInvocation invocation, Object result, Class<?> type) {
		// A client made by withOptions(...) or async()/sync() may have another base URL.
		boolean newClient = (result instanceof AnthropicClient || result instanceof AnthropicClientAsync);
		MethodInterceptor interceptor = newClient ? new AnthropicClientInterceptor(this.context, this.tracing, null)
				: services(invocation);
		return this.context.wrap(result, (Class<Object>) type, interceptor);
	}

	private AnthropicClientInterceptor services(MethodInvocation invocation) {
		AnthropicClientInterceptor services = this.services;
		if (services == null) {
			services = new AnthropicClientInterceptor(this.context, this.tracing, endpoint(invocation));
			this.services = services;
		}
		return services;
	}

	private static boolean isTraced(Method method) {
		String name = method.getName();
		return (name.equals("create") || name.equals("createStreaming"))
				&& MESSAGE_SERVICES.contains(method.getDeclaringClass());
	}

	private @Nullable ServerEndpoint endpoint(MethodInvocation invocation) {
		ServerEndpoint endpoint = this.endpoint;
		if (endpoint == null) {
			endpoint = ServerEndpoint.of(baseUrl(invocation.getThis()));
			this.endpoint = endpoint;
		}
		return endpoint;
	}

	// options() appeared in the SDK's 3.x line (2.x clients do not tell their base URL):
	// looked up reflectively so that this class works with, and compiles against, both.
	private static @Nullable String baseUrl(@Nullable Object target) {
		Class<?> clientType = (target instanceof AnthropicClient) ? AnthropicClient.class
				: (target instanceof AnthropicClientAsync) ? AnthropicClientAsync.class : null;
		if (clientType == null) {
			return null;
		}
		try {
			Object options = clientType.getMethod("options").invoke(target);
			Object baseUrl = (options != null) ? options.getClass().getMethod("baseUrl").invoke(options) : null;
			return (baseUrl instanceof String url) ? url : null;
		}
		catch (ReflectiveOperationException | RuntimeException | LinkageError ex) {
			return null;
		}
	}

}
