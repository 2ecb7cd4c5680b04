package dev.braintrust.spring.reliability;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A loopback model server for real OpenAI and Anthropic SDK clients. By default it echoes
 * each request's {@code call-N} marker and model into a well-formed chat completion
 * ({@code /v1/chat/completions}) or message ({@code /v1/messages}), so that a test can
 * tell every call's answer apart; {@link #respondWith(Function)} replaces the answer with
 * any raw bytes (malformed JSON, truncated event streams, binary content).
 */
final class MockModelServer implements AutoCloseable {

	static final Pattern MARKER = Pattern.compile("call-[0-9]+");

	private static final Pattern MODEL = Pattern.compile("\"model\"\\s*:\\s*\"([^\"]+)\"");

	private final HttpServer server;

	private final ExecutorService executor = Executors.newFixedThreadPool(16, (runnable) -> {
		Thread thread = new Thread(runnable, "mock-model-server");
		thread.setDaemon(true);
		return thread;
	});

	private volatile Function<Request, Response> answer = MockModelServer::echo;

	MockModelServer() {
		try {
			this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.server.setExecutor(this.executor);
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	String openAiBaseUrl() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/v1";
	}

	String anthropicBaseUrl() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	void respondWith(Function<Request, Response> answer) {
		this.answer = answer;
	}

	void echoCalls() {
		this.answer = MockModelServer::echo;
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			byte[] body = exchange.getRequestBody().readAllBytes();
			Request request = new Request(exchange.getRequestURI().getPath(), new String(body, StandardCharsets.UTF_8));
			Response response = this.answer.apply(request);
			exchange.getResponseHeaders().add("Content-Type", response.contentType());
			exchange.sendResponseHeaders(response.status(),
					(response.body().length == 0) ? -1 : response.body().length);
			if (response.body().length > 0) {
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(response.body());
				}
			}
		}
		catch (IOException ex) {
			// the client went away
		}
	}

	static Response echo(Request request) {
		String marker = request.marker();
		String model = request.model();
		if (request.path().endsWith("/messages")) {
			return Response.json(200, """
					{"id":"msg_%s","type":"message","role":"assistant","model":"%s",
					 "content":[{"type":"text","text":"answer to %s"}],"stop_reason":"end_turn","stop_sequence":null,
					 "usage":{"input_tokens":11,"output_tokens":5}}""".formatted(marker, model, marker));
		}
		return Response.json(200, """
				{"id":"chatcmpl-%s","object":"chat.completion","created":1700000000,"model":"%s",
				 "choices":[{"index":0,"message":{"role":"assistant","content":"answer to %s","refusal":null},
				   "logprobs":null,"finish_reason":"stop"}],
				 "usage":{"prompt_tokens":11,"completion_tokens":5,"total_tokens":16}}""".formatted(marker, model,
				marker));
	}

	/**
	 * A request the server got.
	 *
	 * @param path the path
	 * @param body the body as UTF-8 text
	 */
	record Request(String path, String body) {

		String marker() {
			Matcher matcher = MARKER.matcher(this.body);
			return matcher.find() ? matcher.group() : "call-none";
		}

		String model() {
			Matcher matcher = MODEL.matcher(this.body);
			return matcher.find() ? matcher.group(1) : "unknown";
		}

	}

	/**
	 * What the server answers.
	 *
	 * @param status the status code
	 * @param contentType the content type
	 * @param body the raw body
	 */
	record Response(int status, String contentType, byte[] body) {

		static Response json(int status, String json) {
			return new Response(status, "application/json", json.getBytes(StandardCharsets.UTF_8));
		}

		static Response sse(String events) {
			return new Response(200, "text/event-stream", events.getBytes(StandardCharsets.UTF_8));
		}

	}

}
