package dev.braintrust.spring.boot.integrations.bedrock;

import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.Function;

import dev.braintrust.spring.boot.internal.ServerEndpoint;
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
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelRequest;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelWithResponseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelWithResponseStreamResponseHandler;

/**
 * Traces one Converse call (blocking, asynchronous, or streamed to a
 * {@link ConverseStreamResponseHandler}) or InvokeModel call (blocking or asynchronous).
 * The caller gets the SDK's result (the future of an asynchronous call completes like the
 * SDK's, once the span has ended); a request the mapping cannot read is made untraced.
 */
final class ConverseTracing {

	private final LazyTracer tracer;

	ConverseTracing(LazyTracer tracer) {
		this.tracer = tracer;
	}

	@Nullable Object converse(ConverseRequest request, @Nullable ServerEndpoint endpoint, SdkCall call) throws Throwable {
		LlmRequest traced = request(request, endpoint, ConverseMapping::request);
		if (traced == null) {
			return call.proceed();
		}
		return this.tracer.get().call(traced, call::proceed, (result) -> response(result));
	}

	@SuppressWarnings("unchecked")
	@Nullable Object converseAsync(ConverseRequest request, @Nullable ServerEndpoint endpoint, SdkCall call) throws Throwable {
		LlmRequest traced = request(request, endpoint, ConverseMapping::request);
		if (traced == null) {
			return call.proceed();
		}
		return LlmFutures.trace(this.tracer.get(), traced, () -> (CompletableFuture<Object>) proceed(call),
				this::response);
	}

	@Nullable Object invokeModel(InvokeModelRequest request, @Nullable ServerEndpoint endpoint, SdkCall call) throws Throwable {
		LlmRequest traced = request(request, endpoint, InvokeModelMapping::request);
		if (traced == null) {
			return call.proceed();
		}
		return this.tracer.get().call(traced, call::proceed, InvokeModelMapping::response);
	}

	@SuppressWarnings("unchecked")
	@Nullable Object invokeModelAsync(InvokeModelRequest request, @Nullable ServerEndpoint endpoint, SdkCall call)
			throws Throwable {
		LlmRequest traced = request(request, endpoint, InvokeModelMapping::request);
		if (traced == null) {
			return call.proceed();
		}
		return LlmFutures.trace(this.tracer.get(), traced, () -> (CompletableFuture<Object>) proceed(call),
				InvokeModelMapping::response);
	}

	@Nullable CompletableFuture<Void> converseStream(ConverseStreamRequest request, ConverseStreamResponseHandler handler,
			@Nullable ServerEndpoint endpoint, Function<ConverseStreamResponseHandler, CompletableFuture<Void>> call) {
		LlmRequest traced = request(request, endpoint, ConverseMapping::request);
		if (traced == null) {
			return call.apply(handler);
		}
		return traceStream(traced, handler, new ConverseStreamMapping(), TracedConverseStreamHandler::new, call);
	}

	@Nullable CompletableFuture<Void> invokeModelStream(InvokeModelWithResponseStreamRequest request,
			InvokeModelWithResponseStreamResponseHandler handler, @Nullable ServerEndpoint endpoint,
			Function<InvokeModelWithResponseStreamResponseHandler, CompletableFuture<Void>> call) {
		LlmRequest traced = request(request, endpoint, InvokeModelMapping::request);
		if (traced == null) {
			return call.apply(handler);
		}
		return traceStream(traced, handler, new InvokeStreamMapping(), TracedInvokeStreamHandler::new, call);
	}

	private <H, T> @Nullable CompletableFuture<Void> traceStream(LlmRequest traced, H handler,
			ChunkAggregator<T> aggregator, BiFunction<H, Function<Runnable, AsyncChunkStream<T>>, H> wrapper,
			Function<H, CompletableFuture<Void>> call) {
		LlmObservation observation = LlmTracer.startSafely(this.tracer.get(), traced);
		CompletableFuture<Void> sourceCompletion = new CompletableFuture<>();
		H tracedHandler;
		try {
			tracedHandler = wrapper.apply(handler,
					(closeSource) -> new AsyncChunkStream<>(observation, aggregator, sourceCompletion, closeSource));
		}
		catch (Throwable ex) {
			observation.instrumentationFailure("stream", Failures.containable(ex));
			observation.cancel(LlmResponse.empty());
			return call.apply(handler);
		}
		CompletableFuture<Void> source;
		try (Scope scope = observation.makeCurrent()) {
			source = call.apply(tracedHandler);
		}
		catch (RuntimeException | Error ex) {
			observation.error(ex);
			throw ex;
		}
		if (source == null) {
			observation.end(LlmResponse.empty());
			return null;
		}
		CompletableFuture<Void> result = new CompletableFuture<>();
		source.whenComplete((value, failure) -> {
			// The call has ended through the handler; the completion ends it otherwise
			// (the SDK failed before calling the handler), then the caller's future
			// completes.
			try {
				if (failure != null) {
					sourceCompletion.completeExceptionally(failure);
				}
				else {
					sourceCompletion.complete(value);
				}
			}
			finally {
				if (failure != null) {
					result.completeExceptionally(failure);
				}
				else {
					result.complete(value);
				}
			}
		});
		result.whenComplete((value, failure) -> {
			if (result.isCancelled()) {
				source.cancel(true);
			}
		});
		return result;
	}

	private <T> @Nullable LlmRequest request(T request, @Nullable ServerEndpoint endpoint, RequestMapper<T> mapper) {
		try {
			return mapper.map(request, endpoint);
		}
		catch (Throwable ex) {
			// The instrumentation could not read the call: it proceeds untraced.
			failed("request", Failures.containable(ex));
			return null;
		}
	}

	private LlmResponse response(@Nullable Object result) {
		return (result instanceof ConverseResponse response) ? ConverseMapping.response(response) : LlmResponse.empty();
	}

	void failed(String step, Throwable failure) {
		this.tracer.instrumentationFailure(BedrockIntegration.NAME, step, failure);
	}

	private static Object proceed(SdkCall call) {
		try {
			return call.proceed();
		}
		catch (Throwable ex) {
			throw ConverseTracing.<RuntimeException>rethrow(ex);
		}
	}

	@SuppressWarnings("unchecked")
	private static <E extends Throwable> E rethrow(Throwable ex) throws E {
		throw (E) ex;
	}

	/**
	 * The SDK call being traced.
	 */
	@FunctionalInterface
	interface SdkCall {

		@Nullable Object proceed() throws Throwable;

	}

	@FunctionalInterface
	private interface RequestMapper<T> {

		LlmRequest map(T request, @Nullable ServerEndpoint endpoint);

	}

}
