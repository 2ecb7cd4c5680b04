package dev.braintrust.spring.reliability;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.anthropic.client.AnthropicClient;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.openai.client.OpenAIClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the application under test and makes the calls the scenarios share.
 */
final class Apps {

	static final JsonMapper json = JsonMapper.builder().build();

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private Apps() {
	}

	/**
	 * Starts {@link ReliabilityApplication} on a random loopback port, exporting to the
	 * receiver (when given) with the given extra properties (which win).
	 */
	static ConfigurableApplicationContext start(MockModelServer models, FaultyOtlpReceiver receiver,
			String... properties) {
		List<String> all = new ArrayList<>(
				List.of("server.port=0", "server.address=127.0.0.1", "spring.main.banner-mode=off",
						"logging.level.root=WARN", "reliability.model-server.openai=" + models.openAiBaseUrl(),
						"reliability.model-server.anthropic=" + models.anthropicBaseUrl(),
						"management.endpoints.web.exposure.include=health,integrations"));
		if (receiver != null) {
			all.add("braintrust.api-key=bt-reliability-key");
			all.add("braintrust.api-url=" + receiver.baseUrl());
			all.add("braintrust.project=reliability");
		}
		all.addAll(Arrays.asList(properties));
		return new SpringApplicationBuilder(ReliabilityApplication.class).properties(all.toArray(String[]::new)).run();
	}

	static int port(ConfigurableApplicationContext context) {
		return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
	}

	static HttpResponse<String> get(ConfigurableApplicationContext context, String path) {
		return send(context, HttpRequest.newBuilder().GET(), path);
	}

	static HttpResponse<String> post(ConfigurableApplicationContext context, String path, String body) {
		return send(context,
				HttpRequest.newBuilder()
					.POST(HttpRequest.BodyPublishers.ofString(body))
					.header("Content-Type", "application/json"),
				path);
	}

	private static HttpResponse<String> send(ConfigurableApplicationContext context, HttpRequest.Builder builder,
			String path) {
		try {
			return http.send(builder.uri(URI.create("http://127.0.0.1:" + port(context) + path))
				.timeout(Duration.ofSeconds(10))
				.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The {@code calls} count of one integration, read from
	 * {@code /actuator/integrations}.
	 */
	static long integrationCalls(ConfigurableApplicationContext context, String name) {
		JsonNode integrations = json.readTree(get(context, "/actuator/integrations").body()).get("integrations");
		for (JsonNode integration : integrations) {
			if (name.equals(integration.get("name").asString())) {
				return integration.get("calls").asLong();
			}
		}
		throw new AssertionError("No integration " + name);
	}

	/** One chat completion whose prompt and model carry the marker {@code call-i}. */
	static ChatCompletion openAi(OpenAIClient client, int i) {
		return openAi(client, i, "gpt-load-" + i);
	}

	/** One chat completion of the given model whose prompt carries {@code call-i}. */
	static ChatCompletion openAi(OpenAIClient client, int i, String model) {
		return client.chat()
			.completions()
			.create(ChatCompletionCreateParams.builder()
				.model(model)
				.addSystemMessage("You answer briefly.")
				.addUserMessage("Question number call-" + i + ": what is " + i + " + 1?")
				.build());
	}

	/** One message whose prompt and model carry the marker {@code call-i}. */
	static Message anthropic(AnthropicClient client, int i) {
		return client.messages()
			.create(MessageCreateParams.builder()
				.model("claude-load-" + i)
				.maxTokens(64)
				.addUserMessage("Question number call-" + i + ": what is " + i + " + 1?")
				.build());
	}

	/**
	 * The model name of call {@code i}: even calls go to OpenAI, odd ones to Anthropic.
	 */
	static String model(int i) {
		return ((i % 2 == 0) ? "gpt-load-" : "claude-load-") + i;
	}

	/**
	 * Makes call {@code i} through the client its parity names and returns the response
	 * id.
	 */
	static String call(OpenAIClient openAi, AnthropicClient anthropic, int i) {
		return (i % 2 == 0) ? openAi(openAi, i).id() : anthropic(anthropic, i).id();
	}

}
