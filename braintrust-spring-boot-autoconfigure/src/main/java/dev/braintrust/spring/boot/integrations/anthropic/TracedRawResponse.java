package dev.braintrust.spring.boot.integrations.anthropic;

import java.io.InputStream;

import com.anthropic.core.http.Headers;
import com.anthropic.core.http.HttpResponseFor;
import dev.braintrust.spring.boot.trace.LlmObservation;
import dev.braintrust.spring.boot.trace.LlmResponse;
import org.jspecify.annotations.Nullable;

/**
 * A raw response ({@code withRawResponse()}) whose call ends when its body is parsed:
 * {@link #parse()} of a message ends it with the message, {@link #parse()} of a stream
 * returns a traced stream. Closing it without parsing (a caller that reads
 * {@link #body()} itself) ends the call with an empty response; closing it while its
 * stream is being read ends the call as cancelled.
 *
 * @param <T> the parsed type
 */
final class TracedRawResponse<T> implements HttpResponseFor<T> {

	private final HttpResponseFor<T> delegate;

	private final LlmObservation observation;

	private final AnthropicMessagesTracing tracing;

	private @Nullable T parsed;

	TracedRawResponse(HttpResponseFor<T> delegate, LlmObservation observation, AnthropicMessagesTracing tracing) {
		this.delegate = delegate;
		this.observation = observation;
		this.tracing = tracing;
	}

	@Override
	@SuppressWarnings("unchecked")
	public synchronized T parse() {
		if (this.parsed == null) {
			T value;
			try {
				value = this.delegate.parse();
			}
			catch (RuntimeException | Error ex) {
				this.observation.error(ex);
				throw ex;
			}
			this.parsed = (T) this.tracing.attach(this.observation, value);
		}
		return this.parsed;
	}

	@Override
	public int statusCode() {
		return this.delegate.statusCode();
	}

	@Override
	public Headers headers() {
		return this.delegate.headers();
	}

	@Override
	public InputStream body() {
		return this.delegate.body();
	}

	@Override
	public void close() {
		Object parsed;
		synchronized (this) {
			parsed = this.parsed;
		}
		if (parsed instanceof AutoCloseable stream) {
			// Ends the call as cancelled with what was read, unless it has ended.
			closeQuietly(stream);
		}
		this.observation.end(LlmResponse.empty());
		this.delegate.close();
	}

	private static void closeQuietly(AutoCloseable stream) {
		try {
			stream.close();
		}
		catch (Exception ex) {
			InstrumentationLog.warn("raw-close", "Could not close a traced Anthropic stream", ex);
		}
	}

}
