package dev.braintrust.spring.boot.integrations.openai;

import java.lang.reflect.Method;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

import com.openai.core.http.AsyncStreamResponse;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.StructuredChatCompletion;
import com.openai.models.chat.completions.StructuredChatCompletionCreateParams;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStreamEvent;
import com.openai.models.responses.StructuredResponse;
import com.openai.models.responses.StructuredResponseCreateParams;
import dev.braintrust.spring.boot.integration.PatchContext;
import dev.braintrust.spring.boot.integrations.openai.OpenAiServices.Api;
import dev.braintrust.spring.boot.integrations.openai.OpenAiServices.Leaf;
import dev.braintrust.spring.boot.trace.AsyncChunkStream;
import dev.braintrust.spring.boot.trace.ChunkAggregator;
import dev.braintrust.spring.boot.trace.Failures;
import dev.braintrust.spring.boot.trace.LazyTracer;
import dev.braintrust.spring.boot.trace.LlmFutures;
import dev.braintrust.spring.boot.trace.LlmObservation;
import dev.braintrust.spring.boot.trace.LlmRequest;
import dev.braintrust.spring.boot.trace.LlmResponse;
import dev.braintrust.spring.boot.trace.LlmTracer;
import io.opentelemetry.context.Scope;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

/**
 * The interceptor of every proxy of the OpenAI integration, from the client bean down to
 * the services it returns. A method that returns a service on the way to a traced
 * operation ({@link OpenAiServices#returnsService}) has its result wrapped by the same
 * interceptor; a traced method ({@code create}, {@code createStreaming}) becomes one call
 * of the {@link LlmTracer}; anything else passes through.
 * <p>
 * Raw-response services ({@code withRawResponse()}) are traced from the request until
 * their {@link HttpResponseFor} is returned (for the asynchronous ones, until its future
 * completes), that is until the response headers arrived, without output or usage:
 * {@link HttpResponseFor#parse()} is memoized but reads the body stream, so a caller that
 * reads {@link HttpResponseFor#body()} itself would find it consumed. Such a span records
 * the request and whether the call succeeded (the SDK raises an exception for any status
 * other than 2xx).
 */
record OpenAiClientInterceptor(PatchContext context, LazyTracer tracer) implements MethodInterceptor {

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		Method method = invocation.getMethod();
		Class<?> returnType = method.getReturnType();
		Leaf leaf;
		LlmRequest request;
		try {
			if (OpenAiServices.returnsService(returnType)) {
				return wrap(invocation.proceed(), returnType);
			}
			leaf = OpenAiServices.tracedMethod(method);
			request = (leaf != null) ? request(leaf.api(), invocation, method.getName().equals("createStreaming"))
					: null;
		}
		catch (Throwable ex) {
			// The instrumentation could not read the call (a library version it does not
			// know): the call proceeds untraced.
			this.tracer.instrumentationFailure(OpenAiIntegration.NAME, "request", ex);
			return invocation.proceed();
		}
		if (leaf == null || request == null) {
			return invocation.proceed();
		}
		LlmTracer tracer = this.tracer.get();
		if (returnType == StreamResponse.class || returnType == AsyncStreamResponse.class) {
			return traceStream(tracer, request, invocation, aggregator(leaf.api()));
		}
		Function<Object, LlmResponse> responseMapper = leaf.raw() ? (result) -> LlmResponse.empty()
				: OpenAiClientInterceptor::response;
		if (returnType == CompletableFuture.class) {
			return LlmFutures.trace(tracer, request, () -> proceedAsync(invocation), responseMapper);
		}
		return tracer.call(request, invocation::proceed, responseMapper);
	}

	// A service on the way to a traced call. Wrapping it is instrumentation: a failure
	// hands the caller the service as the SDK returned it.
	@SuppressWarnings("unchecked")
	private @Nullable Object wrap(@Nullable Object service, Class<?> type) {
		if (service == null) {
			return null;
		}
		try {
			return this.context.wrap(service, (Class<Object>) type, this);
		}
		catch (Throwable ex) {
			this.tracer.instrumentationFailure(OpenAiIntegration.NAME, "service", ex);
			return service;
		}
	}

	private static @Nullable LlmRequest request(Api api, MethodInvocation invocation, boolean streaming) {
		OpenAiEndpoint endpoint = OpenAiEndpoint.of(invocation.getThis());
		Object[] arguments = invocation.getArguments();
		return switch (api) {
			case CHAT_COMPLETIONS -> {
				ChatCompletionCreateParams params = find(arguments, ChatCompletionCreateParams.class,
						StructuredChatCompletionCreateParams.class, StructuredChatCompletionCreateParams::rawParams);
				yield (params != null) ? ChatCompletionsMapping.request(params, streaming, endpoint) : null;
			}
			case RESPONSES -> {
				ResponseCreateParams params = find(arguments, ResponseCreateParams.class,
						StructuredResponseCreateParams.class, StructuredResponseCreateParams::rawParams);
				// create() and create(RequestOptions) send empty parameters.
				yield ResponsesMapping.request((params != null) ? params : ResponseCreateParams.none(), streaming,
						endpoint);
			}
			case EMBEDDINGS -> {
				EmbeddingCreateParams params = find(arguments, EmbeddingCreateParams.class, null, null);
				yield (params != null) ? EmbeddingsMapping.request(params, endpoint) : null;
			}
		};
	}

	private static <P, S> @Nullable P find(Object[] arguments, Class<P> paramsType, @Nullable Class<S> structuredType,
			@Nullable Function<S, P> rawParams) {
		for (Object argument : arguments) {
			if (paramsType.isInstance(argument)) {
				return paramsType.cast(argument);
			}
			if (structuredType != null && rawParams != null && structuredType.isInstance(argument)) {
				return rawParams.apply(structuredType.cast(argument));
			}
		}
		return null;
	}

	private static LlmResponse response(Object result) {
		if (result instanceof ChatCompletion completion) {
			return ChatCompletionsMapping.response(completion);
		}
		if (result instanceof StructuredChatCompletion<?> structured) {
			return ChatCompletionsMapping.response(structured.rawChatCompletion());
		}
		if (result instanceof Response response) {
			return ResponsesMapping.response(response);
		}
		if (result instanceof StructuredResponse<?> structured) {
			return ResponsesMapping.response(structured.rawResponse());
		}
		if (result instanceof CreateEmbeddingResponse embeddings) {
			return EmbeddingsMapping.response(embeddings);
		}
		return LlmResponse.empty();
	}

	// The aggregator of the chunks or events of a streamed call of this API.
	static ChunkAggregator<Object> aggregator(Api api) {
		return switch (api) {
			case RESPONSES ->
				(event, accumulator) -> ResponsesMapping.aggregate((ResponseStreamEvent) event, accumulator);
			default ->
				(chunk, accumulator) -> ChatCompletionsMapping.aggregate((ChatCompletionChunk) chunk, accumulator);
		};
	}

	// The span starts with the request; the stream wrapper ends it.
	private static @Nullable Object traceStream(LlmTracer tracer, LlmRequest request, MethodInvocation invocation,
			ChunkAggregator<Object> aggregator) throws Throwable {
		LlmObservation observation = LlmTracer.startSafely(tracer, request);
		Object result = proceed(observation, invocation);
		Object traced;
		try {
			traced = observation.isRecording() ? traced(result, observation, aggregator) : null;
		}
		catch (Throwable ex) {
			return untraced(observation, result, ex);
		}
		if (traced == null) {
			observation.end(LlmResponse.empty());
			return result;
		}
		return traced;
	}

	// The stream the SDK returned, wrapped to end the span; null if it is no stream.
	@SuppressWarnings("unchecked")
	private static @Nullable Object traced(@Nullable Object result, LlmObservation observation,
			ChunkAggregator<Object> aggregator) {
		if (result instanceof StreamResponse<?> stream) {
			return new TracedStreamResponse<>((StreamResponse<Object>) stream, observation, aggregator);
		}
		if (result instanceof AsyncStreamResponse<?> stream) {
			AsyncStreamResponse<Object> async = (AsyncStreamResponse<Object>) stream;
			return new TracedAsyncStreamResponse<>(async,
					new AsyncChunkStream<>(observation, aggregator, async.onCompleteFuture(), async::close));
		}
		return null;
	}

	// The stream the SDK returned could not be wrapped: the caller gets it as it is, and
	// the call's span ends with the request only.
	private static @Nullable Object untraced(LlmObservation observation, @Nullable Object result, Throwable failure) {
		observation.instrumentationFailure("stream", Failures.containable(failure));
		observation.end(LlmResponse.empty());
		return result;
	}

	private static Object proceed(LlmObservation observation, MethodInvocation invocation) throws Throwable {
		try (Scope scope = observation.makeCurrent()) {
			return invocation.proceed();
		}
		catch (Throwable ex) {
			observation.error(ex);
			throw ex;
		}
	}

	@SuppressWarnings("unchecked")
	private static CompletionStage<Object> proceedAsync(MethodInvocation invocation) {
		try {
			return (CompletionStage<Object>) invocation.proceed();
		}
		catch (Throwable ex) {
			throw OpenAiClientInterceptor.<RuntimeException>rethrow(ex);
		}
	}

	// The SDK is Kotlin: its methods may throw checked exceptions they do not declare.
	// They reach the caller unchanged.
	@SuppressWarnings("unchecked")
	private static <E extends Throwable> E rethrow(Throwable ex) throws E {
		throw (E) ex;
	}

}
