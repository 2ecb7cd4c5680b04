package dev.braintrust.spring.boot.integrations.openai;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.openai.core.ClientOptions;
import dev.braintrust.spring.boot.internal.ServerEndpoint;
import dev.braintrust.spring.boot.trace.LlmOperation;
import dev.braintrust.spring.boot.trace.LlmRequest;
import org.jspecify.annotations.Nullable;

/**
 * Where a service of the SDK sends its calls: {@code gen_ai.provider.name} is
 * {@code openai}, or {@code azure.ai.openai} for an Azure OpenAI host; a base URL other
 * than OpenAI's own also gives {@code server.address} and {@code server.port}.
 * <p>
 * The SDK does not expose a service's options: {@link OpenAiClientOptions} reads them;
 * when it cannot, the call is reported as OpenAI's without a server.
 *
 * @param provider the provider name
 * @param address the host, when not OpenAI's
 * @param port the port, when not OpenAI's
 */
record OpenAiEndpoint(String provider, @Nullable String address, @Nullable Integer port) {

	static final OpenAiEndpoint OPENAI = new OpenAiEndpoint("openai", null, null);

	private static final String OPENAI_HOST = "api.openai.com";

	private static final String[] AZURE_HOST_SUFFIXES = { ".openai.azure.com", ".services.ai.azure.com",
			".cognitiveservices.azure.com", ".azure-api.net" };

	// By base URL: parsed once (a client's options keep theirs), up to a few distinct
	// ones; beyond, parsed on every call.
	private static final int MAX_CACHED = 64;

	private static final Map<String, OpenAiEndpoint> byBaseUrl = new ConcurrentHashMap<>();

	LlmRequest.Builder request(LlmOperation operation) {
		return LlmRequest.builder(OpenAiIntegration.NAME, this.provider, operation).server(this.address, this.port);
	}

	/**
	 * The endpoint of an SDK service or client implementation.
	 * @param service the implementation (the target of a proxy)
	 * @return its endpoint
	 */
	static OpenAiEndpoint of(@Nullable Object service) {
		ClientOptions options = (service != null) ? OpenAiClientOptions.of(service) : null;
		return (options != null) ? ofBaseUrl(options.baseUrl()) : OPENAI;
	}

	private static OpenAiEndpoint ofBaseUrl(String baseUrl) {
		OpenAiEndpoint endpoint = byBaseUrl.get(baseUrl);
		if (endpoint == null) {
			endpoint = fromBaseUrl(baseUrl);
			if (byBaseUrl.size() < MAX_CACHED) {
				byBaseUrl.put(baseUrl, endpoint);
			}
		}
		return endpoint;
	}

	static OpenAiEndpoint fromBaseUrl(String baseUrl) {
		ServerEndpoint server = ServerEndpoint.of(baseUrl.strip());
		if (server == null || server.address().equalsIgnoreCase(OPENAI_HOST)) {
			return OPENAI;
		}
		return new OpenAiEndpoint(isAzure(server.address()) ? "azure.ai.openai" : "openai", server.address(),
				server.port());
	}

	private static boolean isAzure(String host) {
		String lower = host.toLowerCase(Locale.ROOT);
		for (String suffix : AZURE_HOST_SUFFIXES) {
			if (lower.endsWith(suffix)) {
				return true;
			}
		}
		return false;
	}

}
