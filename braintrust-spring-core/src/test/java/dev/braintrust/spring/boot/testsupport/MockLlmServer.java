package dev.braintrust.spring.boot.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.jspecify.annotations.Nullable;

import org.springframework.core.io.ClassPathResource;
import org.springframework.util.StreamUtils;

/**
 * A local HTTP server that plays an LLM provider's API for real SDK clients: it answers
 * requests with JSON or server-sent-event payloads kept under {@code src/test/resources},
 * with chosen status codes, headers and delays, and records every request it received.
 * <p>
 * Answers are matched by method and path prefix, in the order they were added; an answer
 * added with {@link Answer#once()} is used for one request only. Requests that match no
 * answer get a 404 with an OpenAI-style error body. Use it with try-with-resources or
 * close it after the test.
 */
public final class MockLlmServer implements AutoCloseable {

	private final HttpServer server;

	private final ConcurrentLinkedDeque<Answer> answers = new ConcurrentLinkedDeque<>();

	private final BlockingQueue<RecordedRequest> requests = new LinkedBlockingQueue<>();

	private MockLlmServer(HttpServer server) {
		this.server = server;
	}

	/**
	 * Starts a server on a free loopback port.
	 * @return the running server
	 */
	public static MockLlmServer start() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			MockLlmServer mock = new MockLlmServer(server);
			server.createContext("/", mock::handle);
			server.setExecutor(Executors.newCachedThreadPool((runnable) -> {
				Thread thread = new Thread(runnable, "mock-llm-server");
				thread.setDaemon(true);
				return thread;
			}));
			server.start();
			return mock;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Base URL of the server, without a trailing slash, such as
	 * {@code http://127.0.0.1:41234}.
	 * @return the base URL
	 */
	public String baseUrl() {
		return "http://127.0.0.1:" + port();
	}

	/**
	 * Port the server listens on.
	 * @return the port
	 */
	public int port() {
		return this.server.getAddress().getPort();
	}

	/**
	 * Adds an answer for {@code POST} requests whose path starts with {@code pathPrefix}.
	 * @param pathPrefix the path prefix, such as {@code /v1/chat/completions}
	 * @return the answer, to configure
	 */
	public Answer onPost(String pathPrefix) {
		return on("POST", pathPrefix);
	}

	/**
	 * Adds an answer for requests with this method whose path starts with
	 * {@code pathPrefix}.
	 * @param method the HTTP method
	 * @param pathPrefix the path prefix
	 * @return the answer, to configure
	 */
	public Answer on(String method, String pathPrefix) {
		Answer answer = new Answer(
				(request) -> request.method().equals(method) && request.path().startsWith(pathPrefix));
		this.answers.add(answer);
		return answer;
	}

	/**
	 * Takes the next recorded request, waiting up to five seconds for it.
	 * @return the request
	 * @throws AssertionError if none arrived
	 */
	public RecordedRequest takeRequest() {
		try {
			RecordedRequest request = this.requests.poll(5, TimeUnit.SECONDS);
			if (request == null) {
				throw new AssertionError("No request reached the mock LLM server");
			}
			return request;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError(ex);
		}
	}

	/**
	 * Number of requests received and not yet taken.
	 * @return the count
	 */
	public int pendingRequests() {
		return this.requests.size();
	}

	@Override
	public void close() {
		this.server.stop(0);
		((java.util.concurrent.ExecutorService) this.server.getExecutor()).shutdownNow();
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			byte[] body = exchange.getRequestBody().readAllBytes();
			Map<String, String> headers = new LinkedHashMap<>();
			exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values.get(0)));
			RecordedRequest request = new RecordedRequest(exchange.getRequestMethod(),
					exchange.getRequestURI().getPath(), exchange.getRequestURI().getRawQuery(), headers,
					new String(body, StandardCharsets.UTF_8));
			this.requests.add(request);
			Answer answer = next(request);
			if (answer == null) {
				respond(exchange, 404, Map.of("Content-Type", "application/json"),
						"{\"error\":{\"message\":\"No mock answer for " + request.method() + " " + request.path()
								+ "\",\"type\":\"invalid_request_error\"}}");
				return;
			}
			answer.write(exchange);
		}
		catch (IOException ex) {
			// The client went away (a stream closed early, a timeout): nothing left to
			// answer.
		}
	}

	private @Nullable Answer next(RecordedRequest request) {
		for (Answer answer : this.answers) {
			if (answer.matcher.test(request)) {
				if (answer.once) {
					this.answers.remove(answer);
				}
				return answer;
			}
		}
		return null;
	}

	private static void respond(HttpExchange exchange, int status, Map<String, String> headers, String body)
			throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		headers.forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
		exchange.sendResponseHeaders(status, (bytes.length == 0) ? -1 : bytes.length);
		if (bytes.length > 0) {
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(bytes);
			}
		}
	}

	/**
	 * A request the server received.
	 *
	 * @param method the HTTP method
	 * @param path the path
	 * @param query the raw query, or {@code null}
	 * @param headers the headers, names in lower case, first value only
	 * @param body the body as UTF-8 text
	 */
	public record RecordedRequest(String method, String path, @Nullable String query, Map<String, String> headers,
			String body) {

		/**
		 * A header value.
		 * @param name the header name, in any case
		 * @return the first value, or {@code null}
		 */
		public @Nullable String header(String name) {
			return this.headers.get(name.toLowerCase());
		}

	}

	/**
	 * How the server answers matching requests.
	 */
	public static final class Answer {

		private final Predicate<RecordedRequest> matcher;

		private volatile boolean once;

		private volatile int status = 200;

		private final Map<String, String> headers = Collections.synchronizedMap(new LinkedHashMap<>());

		private volatile String body = "";

		private volatile List<String> events = List.of();

		private volatile Duration delay = Duration.ZERO;

		private volatile Duration eventDelay = Duration.ZERO;

		private volatile boolean dropConnection;

		private volatile List<byte[]> frames = List.of();

		private Answer(Predicate<RecordedRequest> matcher) {
			this.matcher = matcher;
		}

		/**
		 * Use this answer for one request only.
		 * @return this answer
		 */
		public Answer once() {
			this.once = true;
			return this;
		}

		/**
		 * Answers with a JSON body read from a classpath resource.
		 * @param resource the resource path, such as {@code openai/chat-basic.json}
		 * @return this answer
		 */
		public Answer json(String resource) {
			return jsonBody(read(resource));
		}

		/**
		 * Answers with a JSON body.
		 * @param json the body
		 * @return this answer
		 */
		public Answer jsonBody(String json) {
			this.headers.put("Content-Type", "application/json");
			this.body = json;
			return this;
		}

		/**
		 * Answers with server-sent events read from a classpath resource holding the raw
		 * event stream (events separated by blank lines, exactly as the provider sends
		 * them).
		 * @param resource the resource path, such as {@code openai/chat-stream.sse}
		 * @return this answer
		 */
		public Answer sse(String resource) {
			String raw = read(resource).replace("\r\n", "\n");
			List<String> events = new ArrayList<>();
			for (String event : raw.split("\n\n")) {
				if (!event.isBlank()) {
					events.add(event.strip() + "\n\n");
				}
			}
			this.headers.put("Content-Type", "text/event-stream");
			this.events = List.copyOf(events);
			return this;
		}

		/**
		 * Answers with a binary stream of frames written one by one, such as the AWS
		 * event-stream messages of a Bedrock {@code ConverseStream} response.
		 * @param contentType the content type
		 * @param frames the frames, in order
		 * @return this answer
		 */
		public Answer frames(String contentType, List<byte[]> frames) {
			this.headers.put("Content-Type", contentType);
			this.frames = List.copyOf(frames);
			return this;
		}

		/**
		 * Sets the status code.
		 * @param status the status
		 * @return this answer
		 */
		public Answer status(int status) {
			this.status = status;
			return this;
		}

		/**
		 * Adds a response header.
		 * @param name the name
		 * @param value the value
		 * @return this answer
		 */
		public Answer header(String name, String value) {
			this.headers.put(name, value);
			return this;
		}

		/**
		 * Waits before answering, to provoke client timeouts.
		 * @param delay the delay
		 * @return this answer
		 */
		public Answer delay(Duration delay) {
			this.delay = delay;
			return this;
		}

		/**
		 * Waits between two server-sent events.
		 * @param delay the delay
		 * @return this answer
		 */
		public Answer eventDelay(Duration delay) {
			this.eventDelay = delay;
			return this;
		}

		/**
		 * Closes the connection without answering.
		 * @return this answer
		 */
		public Answer dropConnection() {
			this.dropConnection = true;
			return this;
		}

		private void write(HttpExchange exchange) throws IOException {
			sleep(this.delay);
			if (this.dropConnection) {
				exchange.getResponseBody().close();
				exchange.close();
				return;
			}
			if (!this.frames.isEmpty()) {
				this.headers.forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
				exchange.sendResponseHeaders(this.status, 0);
				try (OutputStream out = exchange.getResponseBody()) {
					for (byte[] frame : this.frames) {
						out.write(frame);
						out.flush();
						sleep(this.eventDelay);
					}
				}
				return;
			}
			if (this.events.isEmpty()) {
				respond(exchange, this.status, Map.copyOf(this.headers), this.body);
				return;
			}
			this.headers.forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
			exchange.sendResponseHeaders(this.status, 0);
			try (OutputStream out = exchange.getResponseBody()) {
				for (String event : this.events) {
					out.write(event.getBytes(StandardCharsets.UTF_8));
					out.flush();
					sleep(this.eventDelay);
				}
			}
		}

		private static void sleep(Duration duration) {
			if (duration.isZero()) {
				return;
			}
			try {
				Thread.sleep(duration.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

		private static String read(String resource) {
			try (InputStream in = new ClassPathResource(resource).getInputStream()) {
				return StreamUtils.copyToString(in, StandardCharsets.UTF_8);
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot read test payload " + resource, ex);
			}
		}

	}

}
