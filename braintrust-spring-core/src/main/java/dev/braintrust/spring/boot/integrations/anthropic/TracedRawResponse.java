package dev.braintrust.spring.boot.integrations.anthropic;

import java.io.InputStream;
import java.util.concurrent.atomic.AtomicReference;

import com.anthropic.core.http.Headers;
import com.anthropic.core.http.HttpResponseFor;
import dev.braintrust.spring.boot.trace.Failures;
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

	// Parsed once: the SDK memoizes parse() itself; concurrent callers may both wrap its
	// result, the first wrapper set is the one every caller gets. No lock is held while
	// the body is read.
	private final AtomicReference<@Nullable T> parsed = new AtomicReference<>();

	TracedRawResponse(HttpResponseFor<T> delegate, LlmObservation observation, AnthropicMessagesTracing tracing) {
		this.delegate = delegate;
		this.observation = observation;
		this.tracing = tracing;
	}

	@Override
	@SuppressWarnings("unchecked")
	public T parse() {
		T parsed = this.parsed.get();
		if (parsed != null) {
			return parsed;
		}
		T value;
		try {
			value = this.delegate.parse();
		}
		catch (RuntimeException | Error ex) {
			this.observation.error(ex);
			throw ex;
		}
		T wrapped = (T) this.tracing.attach(this.observation, value);
		return this.parsed.compareAndSet(null, wrapped) ? wrapped : this.parsed.get();
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
		Object parsed = this.parsed.get();
		if (parsed instanceof AutoCloseable stream) {
			// Ends the call as cancelled with what was read, unless it has ended.
			closeQuietly(stream);
		}
		this.observation.end(LlmResponse.empty());
		this.delegate.close();
	}

	// Closing the raw response closes its stream: this close only ends the call first.
	private void closeQuietly(AutoCloseable stream) {
		try {
			stream.close();
		}
		catch (Throwable ex) {
			this.observation.instrumentationFailure("close", Failures.containable(ex));
		}
	}

}
