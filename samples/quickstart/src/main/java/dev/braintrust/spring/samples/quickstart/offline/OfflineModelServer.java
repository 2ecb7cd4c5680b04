package dev.braintrust.spring.samples.quickstart.offline;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A small OpenAI-, Anthropic- and Bedrock-compatible model server that lets the sample
 * run without API keys or network. Its answers are canned but shaped exactly like the
 * real APIs' (ids, usage, server-sent events), so the real SDK clients and Spring AI
 * models talk to it unchanged. It answers questions about the weather with a tool call,
 * and the follow-up with the tool's result.
 * <p>
 * Endpoints: {@code POST /openai/v1/chat/completions} (plain and streamed),
 * {@code POST /openai/v1/embeddings}, {@code POST /anthropic/v1/messages} (plain and
 * streamed), {@code POST /bedrock/model/{modelId}/converse}. It listens on a free
 * loopback port.
 */
public final class OfflineModelServer implements AutoCloseable {

	private static final Pattern CITY = Pattern.compile("(?i)\\bin ([A-Z][\\p{L} -]*?)\\s*[?.!]*$");

	private static final Pattern TEMPERATURE = Pattern.compile("\"temperature_c\"\\s*:\\s*(-?\\d+)");

	private static final int EMBEDDING_DIMENSIONS = 1536;

	private static final JsonMapper json = JsonMapper.builder().build();

	private final AtomicLong ids = new AtomicLong();

	private final HttpServer server;

	private final ExecutorService executor;

	private OfflineModelServer(HttpServer server, ExecutorService executor) {
		this.server = server;
		this.executor = executor;
	}

	/**
	 * Starts the server on a free loopback port.
	 * @return the running server
	 */
	public static OfflineModelServer start() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			ExecutorService executor = Executors.newFixedThreadPool(4, (runnable) -> {
				Thread thread = new Thread(runnable, "offline-model-server");
				thread.setDaemon(true);
				return thread;
			});
			OfflineModelServer offline = new OfflineModelServer(server, executor);
			server.createContext("/", offline::handle);
			server.setExecutor(executor);
			server.start();
			return offline;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start the offline model server", ex);
		}
	}

	/**
	 * Base URL of the OpenAI-compatible API, {@code /v1} included as OpenAI's own base
	 * URL has it.
	 * @return the base URL
	 */
	public String openAiBaseUrl() {
		return baseUrl() + "/openai/v1";
	}

	/**
	 * Endpoint of the Bedrock-Runtime-compatible API (Converse only; the SDK adds
	 * {@code /model/{modelId}/converse}).
	 * @return the endpoint
	 */
	public String bedrockEndpoint() {
		return baseUrl() + "/bedrock";
	}

	/**
	 * Base URL of the Anthropic-compatible API (the SDK adds {@code /v1/messages}).
	 * @return the base URL
	 */
	public String anthropicBaseUrl() {
		return baseUrl() + "/anthropic";
	}

	private String baseUrl() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			String path = exchange.getRequestURI().getPath();
			JsonNode request = json.readTree(exchange.getRequestBody());
			if (path.startsWith("/bedrock/model/") && path.endsWith("/converse")) {
				bedrockConverse(exchange, request);
				return;
			}
			switch (path) {
				case "/openai/v1/chat/completions" -> openAiChat(exchange, request);
				case "/openai/v1/embeddings" -> openAiEmbeddings(exchange, request);
				case "/anthropic/v1/messages" -> anthropicMessages(exchange, request);
				default -> send(exchange, 404, "application/json",
						"{\"error\":{\"message\":\"Unknown path " + path + "\",\"type\":\"invalid_request_error\"}}");
			}
		}
		catch (RuntimeException ex) {
			// A malformed request from a client under development: answer it like the
			// real APIs would.
			send(exchange, 400, "application/json", "{\"error\":{\"message\":\"" + ex.getClass().getSimpleName()
					+ "\",\"type\":\"invalid_request_error\"}}");
		}
	}

	private void openAiChat(HttpExchange exchange, JsonNode request) throws IOException {
		String model = request.path("model").asString("gpt-4o-mini");
		JsonNode messages = request.path("messages");
		JsonNode last = messages.isEmpty() ? json.createObjectNode() : messages.get(messages.size() - 1);
		int promptTokens = tokens(messages.toString());
		String id = "chatcmpl-offline" + this.ids.incrementAndGet();
		String city = last.path("role").asString().equals("user") && hasTools(request.path("tools"))
				? city(text(last.path("content"))) : null;
		if (city != null) {
			openAiToolCall(exchange, request, id, model, city, promptTokens);
			return;
		}
		String answer = last.path("role").asString().equals("tool") ? weatherAnswer(last.path("content").asString())
				: answer(text(last.path("content")));
		if (request.path("stream").asBoolean(false)) {
			List<String> events = new ArrayList<>();
			events.add(chunk(id, model, "{\"role\":\"assistant\",\"content\":\"\"}", null));
			for (String piece : pieces(answer)) {
				events.add(chunk(id, model, "{\"content\":" + quote(piece) + "}", null));
			}
			events.add(chunk(id, model, "{}", "stop"));
			if (request.path("stream_options").path("include_usage").asBoolean(false)) {
				events.add("{\"id\":\"" + id + "\",\"object\":\"chat.completion.chunk\",\"created\":" + now()
						+ ",\"model\":\"" + model + "\",\"system_fingerprint\":\"fp_offline\",\"choices\":[],"
						+ "\"usage\":" + openAiUsage(promptTokens, tokens(answer)) + "}");
			}
			sendEvents(exchange, events.stream().map((event) -> "data: " + event + "\n\n").toList(),
					"data: [DONE]\n\n");
			return;
		}
		send(exchange, 200, "application/json",
				"{\"id\":\"" + id + "\",\"object\":\"chat.completion\",\"created\":" + now() + ",\"model\":\"" + model
						+ "\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":"
						+ quote(answer) + ",\"refusal\":null,\"annotations\":[]},\"logprobs\":null,"
						+ "\"finish_reason\":\"stop\"}],\"usage\":" + openAiUsage(promptTokens, tokens(answer))
						+ ",\"service_tier\":\"default\",\"system_fingerprint\":\"fp_offline\"}");
	}

	private void openAiToolCall(HttpExchange exchange, JsonNode request, String id, String model, String city,
			int promptTokens) throws IOException {
		String toolName = request.path("tools").get(0).path("function").path("name").asString();
		String callId = "call_offline" + this.ids.incrementAndGet();
		String arguments = "{\"city\":" + quote(city) + "}";
		if (request.path("stream").asBoolean(false)) {
			List<String> events = List.of(
					chunk(id, model,
							"{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"index\":0,\"id\":\"" + callId
									+ "\",\"type\":\"function\",\"function\":{\"name\":\"" + toolName
									+ "\",\"arguments\":\"\"}}]}",
							null),
					chunk(id, model,
							"{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":" + quote(arguments) + "}}]}",
							null),
					chunk(id, model, "{}", "tool_calls"));
			sendEvents(exchange, events.stream().map((event) -> "data: " + event + "\n\n").toList(),
					"data: [DONE]\n\n");
			return;
		}
		send(exchange, 200, "application/json", "{\"id\":\"" + id + "\",\"object\":\"chat.completion\",\"created\":"
				+ now() + ",\"model\":\"" + model + "\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
				+ "\"content\":null,\"tool_calls\":[{\"id\":\"" + callId + "\",\"type\":\"function\",\"function\":{"
				+ "\"name\":\"" + toolName + "\",\"arguments\":" + quote(arguments) + "}}],\"refusal\":null,"
				+ "\"annotations\":[]},\"logprobs\":null,\"finish_reason\":\"tool_calls\"}],\"usage\":"
				+ openAiUsage(promptTokens, 18)
				+ ",\"service_tier\":\"default\",\"system_fingerprint\":\"fp_offline\"}");
	}

	private void openAiEmbeddings(HttpExchange exchange, JsonNode request) throws IOException {
		JsonNode input = request.path("input");
		List<String> texts = new ArrayList<>();
		if (input.isArray()) {
			input.forEach((text) -> texts.add(text.asString()));
		}
		else {
			texts.add(input.asString());
		}
		ObjectNode response = json.createObjectNode();
		response.put("object", "list");
		ArrayNode data = response.putArray("data");
		int promptTokens = 0;
		for (int i = 0; i < texts.size(); i++) {
			ObjectNode embedding = data.addObject();
			embedding.put("object", "embedding");
			embedding.put("index", i);
			ArrayNode vector = embedding.putArray("embedding");
			java.util.Random random = new java.util.Random(texts.get(i).hashCode());
			for (int d = 0; d < EMBEDDING_DIMENSIONS; d++) {
				vector.add(Math.round((random.nextFloat() * 2 - 1) * 1e6) / 1e6);
			}
			promptTokens += tokens(texts.get(i));
		}
		response.put("model", request.path("model").asString("text-embedding-ada-002"));
		ObjectNode usage = response.putObject("usage");
		usage.put("prompt_tokens", promptTokens);
		usage.put("total_tokens", promptTokens);
		send(exchange, 200, "application/json", response.toString());
	}

	private void anthropicMessages(HttpExchange exchange, JsonNode request) throws IOException {
		String model = request.path("model").asString("claude-haiku-4-5");
		JsonNode messages = request.path("messages");
		JsonNode last = messages.isEmpty() ? json.createObjectNode() : messages.get(messages.size() - 1);
		String answer = answer(text(last.path("content")));
		int inputTokens = tokens(messages.toString() + request.path("system").toString());
		int outputTokens = tokens(answer);
		String id = "msg_offline" + this.ids.incrementAndGet();
		if (request.path("stream").asBoolean(false)) {
			List<String> events = new ArrayList<>();
			events.add(event("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"" + id
					+ "\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"" + model + "\",\"content\":[],"
					+ "\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":" + inputTokens
					+ ",\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0,\"output_tokens\":1}}}"));
			events.add(event("content_block_start",
					"{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"));
			events.add(event("ping", "{\"type\":\"ping\"}"));
			for (String piece : pieces(answer)) {
				events.add(event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{"
						+ "\"type\":\"text_delta\",\"text\":" + quote(piece) + "}}"));
			}
			events.add(event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"));
			events.add(event("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\","
					+ "\"stop_sequence\":null},\"usage\":{\"output_tokens\":" + outputTokens + "}}"));
			events.add(event("message_stop", "{\"type\":\"message_stop\"}"));
			sendEvents(exchange, events, null);
			return;
		}
		send(exchange, 200, "application/json", "{\"id\":\"" + id + "\",\"type\":\"message\",\"role\":\"assistant\","
				+ "\"model\":\"" + model + "\",\"content\":[{\"type\":\"text\",\"text\":" + quote(answer) + "}],"
				+ "\"stop_reason\":\"end_turn\",\"stop_sequence\":null,\"usage\":{\"input_tokens\":" + inputTokens
				+ ",\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0,\"output_tokens\":" + outputTokens
				+ ",\"service_tier\":\"standard\"}}");
	}

	// Bedrock's Converse: the answer to the last user message's text blocks.
	private void bedrockConverse(HttpExchange exchange, JsonNode request) throws IOException {
		JsonNode messages = request.path("messages");
		JsonNode last = messages.isEmpty() ? json.createObjectNode() : messages.get(messages.size() - 1);
		String answer = answer(text(last.path("content")));
		int inputTokens = tokens(messages.toString() + request.path("system").toString());
		int outputTokens = tokens(answer);
		send(exchange, 200, "application/json",
				"{\"output\":{\"message\":{\"role\":\"assistant\",\"content\":[{" + "\"text\":" + quote(answer)
						+ "}]}},\"stopReason\":\"end_turn\",\"usage\":{\"inputTokens\":" + inputTokens
						+ ",\"outputTokens\":" + outputTokens + ",\"totalTokens\":" + (inputTokens + outputTokens)
						+ "},\"metrics\":{\"latencyMs\":42}}");
	}

	private static boolean hasTools(JsonNode tools) {
		return tools.isArray() && !tools.isEmpty();
	}

	private static String answer(String question) {
		String q = question.toLowerCase(Locale.ROOT);
		if (q.contains("capital of france")) {
			return "The capital of France is Paris.";
		}
		if (q.contains("count")) {
			return "One, two, three, four, five.";
		}
		if (q.contains("hello")) {
			return "Hello! This answer comes from the offline model server, so no API key was needed.";
		}
		return "This is an offline answer to: " + question.strip();
	}

	private static String weatherAnswer(String toolResult) {
		Matcher matcher = TEMPERATURE.matcher(toolResult);
		String temperature = matcher.find() ? matcher.group(1) : "?";
		return "It is " + temperature + " °C and partly cloudy.";
	}

	private static String city(String question) {
		if (!question.toLowerCase(Locale.ROOT).contains("weather")) {
			return null;
		}
		Matcher matcher = CITY.matcher(question.strip());
		return matcher.find() ? matcher.group(1).strip() : "Paris";
	}

	private static String text(JsonNode content) {
		if (content.isArray()) {
			StringBuilder text = new StringBuilder();
			content.forEach((part) -> text.append(part.path("text").asString("")));
			return text.toString();
		}
		return content.asString("");
	}

	private static List<String> pieces(String answer) {
		List<String> pieces = new ArrayList<>();
		Matcher words = Pattern.compile("\\S+\\s*").matcher(answer);
		while (words.find()) {
			pieces.add(words.group());
		}
		return pieces;
	}

	private static int tokens(String text) {
		return Math.max(1, text.length() / 4);
	}

	private static long now() {
		return System.currentTimeMillis() / 1000;
	}

	private static String openAiUsage(int promptTokens, int completionTokens) {
		return "{\"prompt_tokens\":" + promptTokens + ",\"completion_tokens\":" + completionTokens
				+ ",\"total_tokens\":" + (promptTokens + completionTokens)
				+ ",\"prompt_tokens_details\":{\"cached_tokens\":0,\"audio_tokens\":0},"
				+ "\"completion_tokens_details\":{\"reasoning_tokens\":0,\"audio_tokens\":0,"
				+ "\"accepted_prediction_tokens\":0,\"rejected_prediction_tokens\":0}}";
	}

	private static String chunk(String id, String model, String delta, String finishReason) {
		return "{\"id\":\"" + id + "\",\"object\":\"chat.completion.chunk\",\"created\":" + now() + ",\"model\":\""
				+ model + "\",\"system_fingerprint\":\"fp_offline\",\"choices\":[{\"index\":0,\"delta\":" + delta
				+ ",\"logprobs\":null,\"finish_reason\":" + ((finishReason != null) ? quote(finishReason) : "null")
				+ "}]}";
	}

	private static String event(String name, String data) {
		return "event: " + name + "\ndata: " + data + "\n\n";
	}

	private static String quote(String text) {
		return json.writeValueAsString(text);
	}

	private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", contentType);
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	private static void sendEvents(HttpExchange exchange, List<String> events, String last) throws IOException {
		exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
		exchange.sendResponseHeaders(200, 0);
		try (OutputStream out = exchange.getResponseBody()) {
			for (String event : events) {
				out.write(event.getBytes(StandardCharsets.UTF_8));
				out.flush();
			}
			if (last != null) {
				out.write(last.getBytes(StandardCharsets.UTF_8));
			}
		}
	}

}
