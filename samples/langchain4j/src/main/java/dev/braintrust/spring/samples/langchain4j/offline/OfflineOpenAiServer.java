package dev.braintrust.spring.samples.langchain4j.offline;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A small OpenAI-compatible chat completions server, so that the sample runs without an
 * API key or network. Its answers are canned but shaped like OpenAI's (ids, usage,
 * server-sent events for streamed requests): a question about the weather in a city gets
 * a call of the {@code currentWeather} tool, the tool's result gets an answer quoting it,
 * anything else a short answer. It listens on a free loopback port.
 */
public final class OfflineOpenAiServer implements AutoCloseable {

	private static final Pattern CITY = Pattern.compile("(?i)weather in ([A-Z][\\p{L} -]*?)\\s*[?.!]");

	// One message of the request (messages hold no nested objects, but for tool calls).
	private static final Pattern MESSAGE = Pattern.compile("\\{[^{}]*\"role\"\\s*:\\s*\"(user|tool)\"[^{}]*}");

	private static final Pattern CONTENT = Pattern.compile("\"content\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

	private final AtomicLong ids = new AtomicLong();

	private final HttpServer server;

	private final ExecutorService executor;

	private OfflineOpenAiServer(HttpServer server, ExecutorService executor) {
		this.server = server;
		this.executor = executor;
	}

	/**
	 * Starts the server on a free loopback port.
	 * @return the running server
	 */
	public static OfflineOpenAiServer start() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			ExecutorService executor = Executors.newFixedThreadPool(2, (runnable) -> {
				Thread thread = new Thread(runnable, "offline-openai-server");
				thread.setDaemon(true);
				return thread;
			});
			OfflineOpenAiServer offline = new OfflineOpenAiServer(server, executor);
			server.createContext("/v1/chat/completions", offline::handle);
			server.setExecutor(executor);
			server.start();
			return offline;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start the offline model server", ex);
		}
	}

	/**
	 * The OpenAI-compatible base URL, {@code /v1} included.
	 * @return the base URL
	 */
	public String baseUrl() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/v1";
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
			String id = "chatcmpl-offline" + this.ids.incrementAndGet();
			int promptTokens = Math.max(1, body.length() / 4);
			if (body.contains("\"stream\":true") || body.contains("\"stream\" : true")) {
				stream(exchange, id, promptTokens);
				return;
			}
			// The last user or tool message decides the answer.
			String role = "";
			String content = "";
			Matcher messages = MESSAGE.matcher(body);
			while (messages.find()) {
				role = messages.group(1);
				Matcher text = CONTENT.matcher(messages.group());
				content = text.find() ? text.group(1) : "";
			}
			Matcher city = CITY.matcher(content);
			String message;
			String finishReason;
			if (role.equals("tool")) {
				message = "{\"role\":\"assistant\",\"content\":\"The weather tool says: " + content + "\"}";
				finishReason = "stop";
			}
			else if (city.find()) {
				String arguments = "{\\\"city\\\":\\\"" + city.group(1) + "\\\"}";
				message = "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_" + id
						+ "\",\"type\":\"function\",\"function\":{\"name\":\"currentWeather\",\"arguments\":\""
						+ arguments + "\"}}]}";
				finishReason = "tool_calls";
			}
			else {
				message = "{\"role\":\"assistant\",\"content\":\"This is an offline answer.\"}";
				finishReason = "stop";
			}
			String response = "{\"id\":\"" + id + "\",\"object\":\"chat.completion\",\"created\":"
					+ (System.currentTimeMillis() / 1000) + ",\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{"
					+ "\"index\":0,\"message\":" + message + ",\"finish_reason\":\"" + finishReason + "\"}],"
					+ usage(promptTokens, 12) + "}";
			respond(exchange, "application/json", response);
		}
	}

	private void stream(HttpExchange exchange, String id, int promptTokens) throws IOException {
		StringBuilder events = new StringBuilder();
		String prefix = "{\"id\":\"" + id + "\",\"object\":\"chat.completion.chunk\",\"created\":"
				+ (System.currentTimeMillis() / 1000) + ",\"model\":\"gpt-4o-mini-2024-07-18\",";
		String[] deltas = { "One", ", two", ", three", ", four", ", five." };
		for (String delta : deltas) {
			events.append("data: ")
				.append(prefix)
				.append("\"choices\":[{\"index\":0,\"delta\":{\"content\":\"")
				.append(delta)
				.append("\"},\"finish_reason\":null}]}\n\n");
		}
		events.append("data: ")
			.append(prefix)
			.append("\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],")
			.append(usage(promptTokens, deltas.length))
			.append("}\n\ndata: [DONE]\n\n");
		respond(exchange, "text/event-stream", events.toString());
	}

	private static String usage(int promptTokens, int completionTokens) {
		return "\"usage\":{\"prompt_tokens\":" + promptTokens + ",\"completion_tokens\":" + completionTokens
				+ ",\"total_tokens\":" + (promptTokens + completionTokens) + "}";
	}

	private static void respond(HttpExchange exchange, String contentType, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", contentType);
		exchange.sendResponseHeaders(200, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

}
