package dev.braintrust.spring.boot.integrations.anthropic;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import com.anthropic.core.http.AsyncStreamResponse;
import com.anthropic.core.http.HttpResponseFor;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.models.beta.messages.BetaMessage;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.StructuredMessage;
import com.anthropic.models.messages.StructuredMessageCreateParams;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.braintrust.spring.boot.internal.ServerEndpoint;
import dev.braintrust.spring.boot.trace.AsyncChunkStream;
import dev.braintrust.spring.boot.trace.Failures;
import dev.braintrust.spring.boot.trace.LazyTracer;
import dev.braintrust.spring.boot.trace.LlmFutures;
import dev.braintrust.spring.boot.trace.LlmObservation;
import dev.braintrust.spring.boot.trace.LlmRequest;
import dev.braintrust.spring.boot.trace.LlmResponse;
import dev.braintrust.spring.boot.trace.LlmTracer;
import io.opentelemetry.context.Scope;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

/**
 * Traces one {@code create} or {@code createStreaming} call of a messages service
 * (messages or beta messages; blocking or asynchronous; plain or raw response), whatever
 * it returns: a message, a {@link StreamResponse}, an {@link AsyncStreamResponse}, an
 * {@link HttpResponseFor} of one of those, or a {@link CompletableFuture} of one of
 * those. The caller gets the SDK's result, or an equivalent wrapper that reports to the
 * call's observation; exceptions reach it unchanged.
 */
final class AnthropicMessagesTracing {

	private final LazyTracer tracer;

	private final ObjectMapper mapper;

	private final AnthropicMessageConverter converter;

	private final MessagesMapping mapping;

	// Cleared when the SDK present lacks an accessor the typed mapping reads: its wire
	// JSON is read from then on.
	private volatile boolean typedRequests = MessagesMapping.READS_REQUESTS;

	private volatile boolean typedResponses = true;

	AnthropicMessagesTracing(LazyTracer tracer, ObjectMapper mapper) {
		this.tracer = tracer;
		this.mapper = mapper;
		this.converter = new AnthropicMessageConverter(mapper);
		this.mapping = new MessagesMapping(mapper, this.converter);
	}

	@Nullable Object trace(MethodInvocation invocation, Supplier<@Nullable ServerEndpoint> endpoint) throws Throwable {
		LlmRequest request;
		try {
			request = request(invocation, endpoint.get());
		}
		catch (Throwable ex) {
			// The instrumentation could not read the call (a library version it does not
			// know): the call proceeds untraced.
			failed("request", ex);
			return invocation.proceed();
		}
		if (request == null) {
			return invocation.proceed();
		}
		LlmTracer tracer = this.tracer.get();
		if (CompletableFuture.class.isAssignableFrom(invocation.getMethod().getReturnType())) {
			return traceFuture(tracer, request, invocation);
		}
		LlmObservation observation = LlmTracer.startSafely(tracer, request);
		Object result;
		try (Scope scope = observation.makeCurrent()) {
			result = invocation.proceed();
		}
		catch (Throwable ex) {
			observation.error(ex);
			throw ex;
		}
		return attach(observation, result);
	}

	@SuppressWarnings("unchecked")
	private Object traceFuture(LlmTracer tracer, LlmRequest request, MethodInvocation invocation) throws Throwable {
		if (!isRawResponseService(invocation)) {
			return LlmFutures.trace(tracer, request, () -> (CompletableFuture<Object>) proceed(invocation),
					this::response);
		}
		// A raw response completes with the headers; the call ends when its body is
		// parsed (or the response closed), so the future only hands it over.
		LlmObservation observation = LlmTracer.startSafely(tracer, request);
		CompletableFuture<Object> source;
		try (Scope scope = observation.makeCurrent()) {
			source = (CompletableFuture<Object>) invocation.proceed();
		}
		catch (Throwable ex) {
			observation.error(ex);
			throw ex;
		}
		if (source == null) {
			observation.end(LlmResponse.empty());
			return null;
		}
		CompletableFuture<Object> result = source.thenApply((value) -> attach(observation, value));
		result.whenComplete((value, failure) -> {
			if (failure != null) {
				observation.error(failure);
			}
		});
		return result;
	}

	/**
	 * What the caller gets for the SDK's result: the result itself, or a wrapper that
	 * reports to the call's observation. Never throws: a result that cannot be wrapped is
	 * handed over as it is, and the call's span ends with the request only.
	 */
	@Nullable Object attach(LlmObservation observation, @Nullable Object result) {
		try {
			return wrap(observation, result);
		}
		catch (Throwable ex) {
			observation.instrumentationFailure("response", Failures.containable(ex));
			observation.end(LlmResponse.empty());
			return result;
		}
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private @Nullable Object wrap(LlmObservation observation, @Nullable Object result) {
		if (result instanceof StreamResponse stream) {
			MessageStreamMapping mapping = new MessageStreamMapping(this::toJson, observation.contentCapacity() > 0);
			return new TracedMessageStream<>(stream, new MessageStreamObservation(observation, mapping), mapping);
		}
		if (result instanceof AsyncStreamResponse stream) {
			MessageStreamMapping mapping = new MessageStreamMapping(this::toJson, observation.contentCapacity() > 0);
			return new TracedAsyncMessageStream<>(stream,
					new AsyncChunkStream<>(new MessageStreamObservation(observation, mapping), mapping,
							stream.onCompleteFuture(), stream::close));
		}
		if (result instanceof HttpResponseFor raw) {
			return new TracedRawResponse<>(raw, observation, this);
		}
		observation.end(result, (value) -> response(value, observation.contentCapacity() > 0));
		return result;
	}

	void failed(String step, Throwable failure) {
		this.tracer.instrumentationFailure(AnthropicIntegration.NAME, step, failure);
	}

	LlmResponse response(@Nullable Object result) {
		return response(result, true);
	}

	/**
	 * The response of a call that returned this result: a message's content only when the
	 * call records content.
	 */
	LlmResponse response(@Nullable Object result, boolean capturesContent) {
		if (result instanceof StructuredMessage<?> structured) {
			return response(structured.rawMessage(), capturesContent);
		}
		if (result instanceof com.anthropic.models.beta.messages.StructuredMessage<?> structured) {
			return response(structured.rawMessage(), capturesContent);
		}
		if (result instanceof Message message && this.typedResponses) {
			try {
				return this.mapping.response(message, capturesContent);
			}
			catch (RuntimeException | LinkageError ex) {
				this.typedResponses &= !(ex instanceof LinkageError);
				// Read below through its wire JSON.
			}
		}
		if (result instanceof Message || result instanceof BetaMessage) {
			return this.converter.toResponse(toJson(result));
		}
		return LlmResponse.empty();
	}

	private @Nullable LlmRequest request(MethodInvocation invocation, @Nullable ServerEndpoint endpoint) {
		Object[] arguments = invocation.getArguments();
		boolean stream = invocation.getMethod().getName().equals("createStreaming");
		return (arguments.length > 0) ? request(arguments[0], stream, endpoint) : null;
	}

	/**
	 * The request of a call with these parameters, or null for parameters of a type this
	 * integration does not know.
	 */
	@Nullable LlmRequest request(@Nullable Object params, boolean stream, @Nullable ServerEndpoint endpoint) {
		MessageCreateParams typed = (params instanceof MessageCreateParams messageParams) ? messageParams
				: (params instanceof StructuredMessageCreateParams<?> structured) ? structured.rawParams() : null;
		if (typed != null && this.typedRequests) {
			try {
				return this.mapping.request(typed._body(), stream, endpoint);
			}
			catch (RuntimeException | LinkageError ex) {
				this.typedRequests &= !(ex instanceof LinkageError);
				// Read below through its wire JSON.
			}
		}
		Object body = body(params);
		return (body != null) ? this.converter.toRequest(toJson(body), stream, endpoint) : null;
	}

	private static @Nullable Object body(@Nullable Object params) {
		if (params instanceof MessageCreateParams messageParams) {
			return messageParams._body();
		}
		if (params instanceof com.anthropic.models.beta.messages.MessageCreateParams messageParams) {
			return messageParams._body();
		}
		if (params instanceof StructuredMessageCreateParams<?> structured) {
			return structured.rawParams()._body();
		}
		if (params instanceof com.anthropic.models.beta.messages.StructuredMessageCreateParams<?> structured) {
			return structured.rawParams()._body();
		}
		return null;
	}

	private JsonNode toJson(Object value) {
		return this.mapper.valueToTree(value);
	}

	private static boolean isRawResponseService(MethodInvocation invocation) {
		return invocation.getMethod().getDeclaringClass().getSimpleName().equals("WithRawResponse");
	}

	private static Object proceed(MethodInvocation invocation) {
		try {
			return invocation.proceed();
		}
		catch (Throwable ex) {
			// Kotlin declares no checked exception: rethrow whatever the SDK threw as is.
			throw AnthropicMessagesTracing.<RuntimeException>rethrow(ex);
		}
	}

	@SuppressWarnings("unchecked")
	private static <E extends Throwable> E rethrow(Throwable ex) throws E {
		throw (E) ex;
	}

}
