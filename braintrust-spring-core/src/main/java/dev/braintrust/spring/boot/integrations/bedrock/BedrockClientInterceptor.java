package dev.braintrust.spring.boot.integrations.bedrock;

import java.lang.reflect.Method;
import java.util.function.Consumer;

import dev.braintrust.spring.boot.internal.ServerEndpoint;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelRequest;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelWithResponseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelWithResponseStreamResponseHandler;

/**
 * Intercepts a Bedrock Runtime client (blocking or asynchronous) and traces
 * {@code converse}, {@code converseStream} and {@code invokeModel}, with a request or
 * with a consumer of the request's builder. A consumer overload is a default method of
 * the SDK's interface that builds the request and calls the request overload on the same
 * client: the interceptor does the same, so that the call is traced once. Every other
 * operation passes through untouched.
 */
final class BedrockClientInterceptor implements MethodInterceptor {

	private final ConverseTracing tracing;

	// Taken from the client on first use.
	private volatile @Nullable ServerEndpoint endpoint;

	BedrockClientInterceptor(ConverseTracing tracing) {
		this.tracing = tracing;
	}

	@Override
	@SuppressWarnings("unchecked")
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		Method method = invocation.getMethod();
		Object[] arguments = invocation.getArguments();
		Object target = invocation.getThis();
		String name = method.getName();
		if (name.equals("converse") && arguments.length == 1) {
			if (arguments[0] instanceof ConverseRequest request) {
				if (target instanceof BedrockRuntimeClient) {
					return this.tracing.converse(request, endpoint(target), () -> invocation.proceed());
				}
				if (target instanceof BedrockRuntimeAsyncClient) {
					return this.tracing.converseAsync(request, endpoint(target), () -> invocation.proceed());
				}
			}
			if (arguments[0] instanceof Consumer<?> consumer && target != null) {
				ConverseRequest request = ConverseRequest.builder()
					.applyMutation((Consumer<ConverseRequest.Builder>) consumer)
					.build();
				return invokeOn(invocation, target, request, null);
			}
		}
		if (name.equals("invokeModel") && arguments.length == 1) {
			InvokeModelRequest request = (arguments[0] instanceof InvokeModelRequest invoke) ? invoke
					: (arguments[0] instanceof Consumer<?> consumer) ? InvokeModelRequest.builder()
						.applyMutation((Consumer<InvokeModelRequest.Builder>) consumer)
						.build() : null;
			if (request != null && target instanceof BedrockRuntimeClient client) {
				return this.tracing.invokeModel(request, endpoint(target), () -> client.invokeModel(request));
			}
			if (request != null && target instanceof BedrockRuntimeAsyncClient client) {
				return this.tracing.invokeModelAsync(request, endpoint(target), () -> client.invokeModel(request));
			}
		}
		if (name.equals("invokeModelWithResponseStream") && arguments.length == 2
				&& arguments[1] instanceof InvokeModelWithResponseStreamResponseHandler handler
				&& target instanceof BedrockRuntimeAsyncClient client) {
			InvokeModelWithResponseStreamRequest request = (arguments[0] instanceof InvokeModelWithResponseStreamRequest invoke)
					? invoke
					: (arguments[0] instanceof Consumer<?> consumer) ? InvokeModelWithResponseStreamRequest.builder()
						.applyMutation((Consumer<InvokeModelWithResponseStreamRequest.Builder>) consumer)
						.build() : null;
			if (request != null) {
				return this.tracing.invokeModelStream(request, handler, endpoint(target),
						(tracedHandler) -> client.invokeModelWithResponseStream(request, tracedHandler));
			}
		}
		if (name.equals("converseStream") && arguments.length == 2
				&& arguments[1] instanceof ConverseStreamResponseHandler handler
				&& target instanceof BedrockRuntimeAsyncClient client) {
			if (arguments[0] instanceof ConverseStreamRequest request) {
				return this.tracing.converseStream(request, handler, endpoint(target),
						(tracedHandler) -> client.converseStream(request, tracedHandler));
			}
			if (arguments[0] instanceof Consumer<?> consumer) {
				ConverseStreamRequest request = ConverseStreamRequest.builder()
					.applyMutation((Consumer<ConverseStreamRequest.Builder>) consumer)
					.build();
				return invokeOn(invocation, target, request, handler);
			}
		}
		return invocation.proceed();
	}

	// What the SDK's consumer overload does (build the request, call the request
	// overload on the same client), with the call traced.
	private @Nullable Object invokeOn(MethodInvocation invocation, Object target, Object request,
			@Nullable ConverseStreamResponseHandler handler) throws Throwable {
		if (handler == null && target instanceof BedrockRuntimeClient client) {
			ConverseRequest converse = (ConverseRequest) request;
			return this.tracing.converse(converse, endpoint(target), () -> client.converse(converse));
		}
		if (handler == null && target instanceof BedrockRuntimeAsyncClient client) {
			ConverseRequest converse = (ConverseRequest) request;
			return this.tracing.converseAsync(converse, endpoint(target), () -> client.converse(converse));
		}
		if (handler != null && target instanceof BedrockRuntimeAsyncClient client) {
			ConverseStreamRequest stream = (ConverseStreamRequest) request;
			return this.tracing.converseStream(stream, handler, endpoint(target),
					(tracedHandler) -> client.converseStream(stream, tracedHandler));
		}
		return invocation.proceed();
	}

	private @Nullable ServerEndpoint endpoint(@Nullable Object client) {
		ServerEndpoint endpoint = this.endpoint;
		if (endpoint == null) {
			endpoint = BedrockEndpoint.of(client);
			this.endpoint = endpoint;
		}
		return endpoint;
	}

}
