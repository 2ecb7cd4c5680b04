package dev.braintrust.spring.reliability;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;

/**
 * A loopback OTLP/HTTP receiver on raw sockets, so that it can fail the way a real
 * backend does: refuse connections (its listening socket closed, the port kept for
 * recovery), answer slowly, answer 429 with {@code Retry-After} or 503, or reset the
 * connection in the middle of a request. In {@link Mode#OK} it decodes the
 * {@link ExportTraceServiceRequest}s and keeps their spans.
 */
final class FaultyOtlpReceiver implements AutoCloseable {

	enum Mode {

		/** Accept and decode. */
		OK,
		/** Nothing listens on the port: connection refused. */
		REFUSE,
		/** Answer 200 after {@link #slowDelay}; never within the exporter's timeout. */
		SLOW,
		/** Answer {@code 429 Too Many Requests} with {@code Retry-After: 1}. */
		TOO_MANY_REQUESTS,
		/** Answer {@code 503 Service Unavailable}. */
		UNAVAILABLE,
		/**
		 * Read the request headers, then reset the connection (RST) without answering.
		 */
		RESET

	}

	private final int port;

	private final ExecutorService executor = Executors.newCachedThreadPool((runnable) -> {
		Thread thread = new Thread(runnable, "faulty-otlp-receiver");
		thread.setDaemon(true);
		return thread;
	});

	private final Set<Socket> connections = ConcurrentHashMap.newKeySet();

	private final ConcurrentLinkedQueue<Span> spans = new ConcurrentLinkedQueue<>();

	private final Set<String> spanIds = ConcurrentHashMap.newKeySet();

	private final ConcurrentLinkedQueue<Map<String, String>> requestHeaders = new ConcurrentLinkedQueue<>();

	private final Map<Mode, AtomicInteger> requestsByMode = new ConcurrentHashMap<>();

	private volatile ServerSocket server;

	private volatile Mode mode = Mode.OK;

	private volatile Duration slowDelay = Duration.ofSeconds(5);

	private volatile boolean closed;

	FaultyOtlpReceiver() {
		this.server = bind(0);
		this.port = this.server.getLocalPort();
		accept(this.server);
	}

	String baseUrl() {
		return "http://127.0.0.1:" + this.port;
	}

	int port() {
		return this.port;
	}

	Mode mode() {
		return this.mode;
	}

	void slowDelay(Duration delay) {
		this.slowDelay = delay;
	}

	/**
	 * Switches the behaviour for the requests to come. {@link Mode#REFUSE} closes the
	 * listening socket and every open connection; leaving it binds the same port again.
	 * @param mode the new mode
	 */
	synchronized void mode(Mode mode) {
		Mode previous = this.mode;
		this.mode = mode;
		if (mode == Mode.REFUSE && previous != Mode.REFUSE) {
			closeQuietly(this.server);
			this.connections.forEach(FaultyOtlpReceiver::closeQuietly);
		}
		else if (previous == Mode.REFUSE && mode != Mode.REFUSE) {
			this.server = bind(this.port);
			accept(this.server);
		}
	}

	/** Spans received in {@link Mode#OK} or answered late in {@link Mode#SLOW}. */
	List<Span> spans() {
		return new ArrayList<>(this.spans);
	}

	int spanCount() {
		return this.spans.size();
	}

	int uniqueSpanCount() {
		return this.spanIds.size();
	}

	List<Map<String, String>> requestHeaders() {
		return new ArrayList<>(this.requestHeaders);
	}

	int requests(Mode mode) {
		AtomicInteger count = this.requestsByMode.get(mode);
		return (count != null) ? count.get() : 0;
	}

	@Override
	public void close() {
		this.closed = true;
		closeQuietly(this.server);
		this.connections.forEach(FaultyOtlpReceiver::closeQuietly);
		this.executor.shutdownNow();
	}

	private static ServerSocket bind(int port) {
		try {
			ServerSocket socket = new ServerSocket();
			socket.setReuseAddress(true);
			socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
			return socket;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void accept(ServerSocket server) {
		this.executor.execute(() -> {
			while (!server.isClosed()) {
				try {
					Socket socket = server.accept();
					this.connections.add(socket);
					this.executor.execute(() -> serve(socket));
				}
				catch (IOException ex) {
					return;
				}
			}
		});
	}

	private void serve(Socket socket) {
		try (socket) {
			InputStream in = socket.getInputStream();
			OutputStream out = socket.getOutputStream();
			while (!this.closed) {
				Map<String, String> headers = readHeaders(in);
				if (headers == null) {
					return;
				}
				Mode current = this.mode;
				this.requestsByMode.computeIfAbsent(current, (key) -> new AtomicInteger()).incrementAndGet();
				if (this.requestHeaders.size() < 64) {
					this.requestHeaders.add(headers);
				}
				if (current == Mode.RESET || current == Mode.REFUSE) {
					socket.setSoLinger(true, 0);
					return;
				}
				byte[] body = readBody(in, headers);
				switch (current) {
					case TOO_MANY_REQUESTS -> respond(out, "429 Too Many Requests", "Retry-After: 1\r\n", new byte[0]);
					case UNAVAILABLE -> respond(out, "503 Service Unavailable", "", new byte[0]);
					case SLOW -> {
						Thread.sleep(this.slowDelay.toMillis());
						record(body, headers);
						respond(out, "200 OK", "Content-Type: application/x-protobuf\r\n",
								ExportTraceServiceResponse.getDefaultInstance().toByteArray());
					}
					default -> {
						record(body, headers);
						respond(out, "200 OK", "Content-Type: application/x-protobuf\r\n",
								ExportTraceServiceResponse.getDefaultInstance().toByteArray());
					}
				}
			}
		}
		catch (IOException ex) {
			// The exporter gave up on the request (timeout) or the connection was reset
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			this.connections.remove(socket);
		}
	}

	private void record(byte[] body, Map<String, String> headers) throws IOException {
		InputStream in = new ByteArrayInputStream(body);
		if ("gzip".equalsIgnoreCase(headers.get("content-encoding"))) {
			in = new GZIPInputStream(in);
		}
		ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(in);
		for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
			for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
				for (Span span : scopeSpans.getSpansList()) {
					this.spans.add(span);
					this.spanIds.add(HexFormat.of().formatHex(span.getSpanId().toByteArray()));
				}
			}
		}
	}

	private static void respond(OutputStream out, String status, String extraHeaders, byte[] body) throws IOException {
		String head = "HTTP/1.1 " + status + "\r\n" + extraHeaders + "Content-Length: " + body.length + "\r\n\r\n";
		out.write(head.getBytes(StandardCharsets.ISO_8859_1));
		out.write(body);
		out.flush();
	}

	private static Map<String, String> readHeaders(InputStream in) throws IOException {
		String requestLine = readLine(in);
		if (requestLine == null) {
			return null;
		}
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put(":request-line", requestLine);
		String line;
		while ((line = readLine(in)) != null && !line.isEmpty()) {
			int colon = line.indexOf(':');
			if (colon > 0) {
				headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
			}
		}
		return headers;
	}

	private static byte[] readBody(InputStream in, Map<String, String> headers) throws IOException {
		String length = headers.get("content-length");
		if (length != null) {
			return in.readNBytes(Integer.parseInt(length));
		}
		if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
			ByteArrayOutputStream body = new ByteArrayOutputStream();
			while (true) {
				String sizeLine = readLine(in);
				if (sizeLine == null) {
					throw new IOException("Truncated chunked body");
				}
				int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
				if (size == 0) {
					while (true) {
						String trailer = readLine(in);
						if (trailer == null || trailer.isEmpty()) {
							return body.toByteArray();
						}
					}
				}
				body.write(in.readNBytes(size));
				readLine(in);
			}
		}
		return new byte[0];
	}

	private static String readLine(InputStream in) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		int b;
		while ((b = in.read()) != -1) {
			if (b == '\n') {
				byte[] bytes = line.toByteArray();
				int length = (bytes.length > 0 && bytes[bytes.length - 1] == '\r') ? bytes.length - 1 : bytes.length;
				return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
			}
			line.write(b);
		}
		return (line.size() > 0) ? line.toString(StandardCharsets.ISO_8859_1) : null;
	}

	private static void closeQuietly(AutoCloseable closeable) {
		try {
			closeable.close();
		}
		catch (Exception ex) {
			// closing anyway
		}
	}

}
