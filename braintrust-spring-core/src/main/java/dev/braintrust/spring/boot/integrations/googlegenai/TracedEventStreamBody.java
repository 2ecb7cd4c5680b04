package dev.braintrust.spring.boot.integrations.googlegenai;

import java.io.EOFException;
import java.io.IOException;

import dev.braintrust.spring.boot.trace.StreamAggregation;
import okhttp3.MediaType;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;
import okio.ForwardingSource;
import okio.Okio;
import okio.Source;
import org.jspecify.annotations.Nullable;

/**
 * The body of a {@code streamGenerateContent?alt=sse} response, observed while the SDK
 * reads it: the bytes pass through unchanged and, as each line arrives, its {@code data:}
 * event is aggregated. The call ends when the SDK reaches the end of the body (complete),
 * when reading fails (error, rethrown unchanged), or when the body is closed before its
 * end (cancelled: the SDK's {@code ResponseStream} closed early). The first event sets
 * the time to first token. What is held is one event line, at most {@link #MAX_EVENT}
 * bytes; a longer one is skipped.
 */
final class TracedEventStreamBody extends ResponseBody {

	static final long MAX_EVENT = 4 * 1024 * 1024;

	private static final String DATA = "data:";

	private final ResponseBody delegate;

	private final StreamAggregation<String> aggregation;

	private final BufferedSource source;

	TracedEventStreamBody(ResponseBody delegate, StreamAggregation<String> aggregation) {
		this.delegate = delegate;
		this.aggregation = aggregation;
		this.source = Okio.buffer(new EventObserver(delegate.source()));
	}

	@Override
	public @Nullable MediaType contentType() {
		return this.delegate.contentType();
	}

	@Override
	public long contentLength() {
		return this.delegate.contentLength();
	}

	@Override
	public BufferedSource source() {
		return this.source;
	}

	@Override
	public void close() {
		this.aggregation.cancel();
		try {
			this.source.close();
		}
		catch (IOException ex) {
			// As OkHttp's own body, closing is quiet.
		}
	}

	private final class EventObserver extends ForwardingSource {

		private final Buffer line = new Buffer();

		private boolean skipping;

		private boolean observing = true;

		EventObserver(Source delegate) {
			super(delegate);
		}

		@Override
		public long read(Buffer sink, long byteCount) throws IOException {
			long read;
			try {
				read = super.read(sink, byteCount);
			}
			catch (IOException | RuntimeException ex) {
				TracedEventStreamBody.this.aggregation.error(ex);
				throw ex;
			}
			if (read < 0) {
				if (this.observing && !this.skipping && this.line.size() > 0) {
					try {
						event(this.line.readUtf8());
					}
					catch (RuntimeException ex) {
						this.observing = false;
					}
				}
				TracedEventStreamBody.this.aggregation.complete();
				return read;
			}
			if (this.observing) {
				try {
					observe(sink, sink.size() - read, read);
				}
				catch (RuntimeException | EOFException ex) {
					// The bytes still reach the SDK; the call ends with what was
					// aggregated.
					this.observing = false;
					this.line.clear();
				}
			}
			return read;
		}

		private void observe(Buffer sink, long offset, long count) throws EOFException {
			sink.copyTo(this.line, offset, count);
			long newline;
			while ((newline = this.line.indexOf((byte) '\n')) >= 0) {
				if (this.skipping) {
					this.line.skip(newline + 1);
					this.skipping = false;
					continue;
				}
				String text = this.line.readUtf8(newline);
				this.line.skip(1);
				event(text);
			}
			if (this.line.size() > MAX_EVENT) {
				this.line.clear();
				this.skipping = true;
			}
		}

		private void event(String line) {
			if (line.startsWith(DATA)) {
				String data = line.substring(DATA.length()).strip();
				if (!data.isEmpty()) {
					TracedEventStreamBody.this.aggregation.chunk(data);
				}
			}
		}

		@Override
		public void close() throws IOException {
			TracedEventStreamBody.this.aggregation.cancel();
			super.close();
		}

	}

}
