package dev.braintrust.spring.boot.integrations.googlegenai;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.function.BooleanSupplier;

import com.google.genai.errors.ApiException;
import dev.braintrust.spring.boot.trace.Failures;
import dev.braintrust.spring.boot.trace.LazyTracer;
import dev.braintrust.spring.boot.trace.LlmObservation;
import dev.braintrust.spring.boot.trace.LlmRequest;
import dev.braintrust.spring.boot.trace.LlmResponse;
import dev.braintrust.spring.boot.trace.LlmTracer;
import dev.braintrust.spring.boot.trace.StreamAggregation;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;
import org.jspecify.annotations.Nullable;

/**
 * The interceptor installed first in a client's OkHttp transport: every model call of the
 * client's services passes through it (blocking, asynchronous, streamed, chat sessions),
 * once per call whatever the SDK's retries. It traces the {@link GenAiOperation}s and
 * passes every other request through. The request's JSON body is read from the request
 * (its bytes are not consumed); a response is read where its body is buffered (bounded),
 * or, for a stream, by observing its server-sent events while the SDK reads them
 * ({@link TracedEventStreamBody}). The SDK sees the same bytes, headers and failures as
 * it would uninstrumented.
 */
final class GenAiTransportInterceptor implements Interceptor {

	/** Request bodies larger than this are not read (their content is not recorded). */
	static final long MAX_REQUEST_BODY = 8 * 1024 * 1024;

	/** Response bodies larger than this are not read (only timing and status are). */
	static final long MAX_RESPONSE_BODY = 8 * 1024 * 1024;

	/** What is read of an error response, to build the SDK's own exception. */
	static final long MAX_ERROR_BODY = 64 * 1024;

	private final LazyTracer tracer;

	private final String provider;

	private final BooleanSupplier enabled;

	private final CallerContexts callers;

	private final boolean capturesContent;

	GenAiTransportInterceptor(LazyTracer tracer, String provider, BooleanSupplier enabled, CallerContexts callers,
			boolean capturesContent) {
		this.tracer = tracer;
		this.provider = provider;
		this.enabled = enabled;
		this.callers = callers;
		this.capturesContent = capturesContent;
	}

	@Override
	public Response intercept(Chain chain) throws IOException {
		Request request = chain.request();
		GenAiOperation operation = this.enabled.getAsBoolean() ? GenAiOperation.of(request.url()) : null;
		if (operation == null) {
			return chain.proceed(request);
		}
		Context caller = this.callers.take(chain.call());
		LlmRequest llmRequest = llmRequest(operation, request);
		if (llmRequest == null) {
			return chain.proceed(request);
		}
		Context parent = (caller != null) ? caller : Context.current();
		LlmObservation observation;
		try (Scope scope = parent.makeCurrent()) {
			observation = LlmTracer.startSafely(this.tracer.get(), llmRequest);
		}
		Response response;
		try (Scope scope = parent.makeCurrent(); Scope current = observation.makeCurrent()) {
			response = chain.proceed(request);
		}
		catch (IOException | RuntimeException | Error ex) {
			observation.error(ex);
			throw ex;
		}
		return traceResponse(operation, observation, response);
	}

	// Null when the request cannot be read: the call then proceeds untraced.
	private @Nullable LlmRequest llmRequest(GenAiOperation operation, Request request) {
		try {
			Buffer bytes = bodyOf(request.body());
			if (bytes == null) {
				return GenerateContentMapping.request(operation, this.provider, GenAiOperation.model(request.url()),
						null, this.capturesContent, request.url().host(), request.url().port());
			}
			try (BufferedBytes body = new BufferedBytes(bytes)) {
				return GenerateContentMapping.request(operation, this.provider, GenAiOperation.model(request.url()),
						body, this.capturesContent, request.url().host(), request.url().port());
			}
			finally {
				// The segments go back to okio's pool.
				bytes.clear();
			}
		}
		catch (Throwable ex) {
			this.tracer.instrumentationFailure(GoogleGenAiIntegration.NAME, "request", ex);
			return null;
		}
	}

	private static @Nullable Buffer bodyOf(@Nullable RequestBody body) throws IOException {
		if (body == null || body.isOneShot() || body.isDuplex()) {
			return null;
		}
		long length = body.contentLength();
		if (length < 0 || length > MAX_REQUEST_BODY) {
			return null;
		}
		Buffer buffer = new Buffer();
		body.writeTo(buffer);
		return buffer;
	}

	private Response traceResponse(GenAiOperation operation, LlmObservation observation, Response response) {
		try {
			if (!response.isSuccessful()) {
				observation.error(exceptionOf(response));
				return response;
			}
			if (!observation.isRecording()) {
				observation.end(LlmResponse.empty());
				return response;
			}
			ResponseBody body = response.body();
			if (operation.isStream() && body != null) {
				StreamAggregation<String> aggregation = new StreamAggregation<>(observation,
						new GenerateContentChunks());
				return response.newBuilder().body(new TracedEventStreamBody(body, aggregation)).build();
			}
			if (body == null) {
				observation.end(LlmResponse.empty());
				return response;
			}
			// The whole body is buffered in its source, where the SDK then reads it.
			BufferedSource source = body.source();
			if (source.request(MAX_RESPONSE_BODY + 1)) {
				observation.end(LlmResponse.empty());
				return response;
			}
			observation.end(source.getBuffer(), (bytes) -> responseOf(operation, bytes));
			return response;
		}
		catch (IOException ex) {
			// The body could not be read: the SDK fails on it the same way.
			observation.error(ex);
			return response;
		}
		catch (Throwable ex) {
			// The call's response reaches the SDK as it came; the span ends with what is
			// known.
			observation.instrumentationFailure("response", Failures.containable(ex));
			observation.end(LlmResponse.empty());
			return response;
		}
	}

	// The body's bytes, read as a stream where they are buffered (never copied into a
	// string).
	private static LlmResponse responseOf(GenAiOperation operation, Buffer body) {
		try (InputStream bytes = new BufferedBytes(body)) {
			return operation.isEmbedding() ? GenerateContentMapping.embeddingResponse(bytes)
					: GenerateContentMapping.response(bytes);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("The body is not JSON", ex);
		}
	}

	/**
	 * The exception the SDK throws for an error response, made by the SDK itself from a
	 * copy of the response whose body is a peek of it (the SDK then reads the original).
	 */
	private static Throwable exceptionOf(Response response) throws IOException {
		ResponseBody peeked = response.peekBody(MAX_ERROR_BODY);
		try {
			ApiException.throwFromResponse(response.newBuilder().body(peeked).build());
		}
		catch (ApiException ex) {
			return ex;
		}
		return new ApiException(response.code(), response.message(), "HTTP " + response.code());
	}

}
