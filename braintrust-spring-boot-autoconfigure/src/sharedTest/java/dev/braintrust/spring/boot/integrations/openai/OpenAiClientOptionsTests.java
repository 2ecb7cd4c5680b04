package dev.braintrust.spring.boot.integrations.openai;

import java.util.LinkedHashMap;
import java.util.Map;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.ClientOptions;
import com.openai.core.Properties;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link OpenAiClientOptions} reads what the SDK does not expose. These tests fail on the
 * first SDK version whose client or services stop holding their options the way it reads
 * them.
 */
class OpenAiClientOptionsTests {

	private static final String BASE_URL = "http://127.0.0.1:9999/v1";

	@Test
	void optionsAreReadFromTheClientAndEveryServiceOnTheWayToATracedCall() {
		OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(BASE_URL).apiKey("sk-test").build();
		try {
			Map<String, Object> implementations = new LinkedHashMap<>();
			implementations.put("client", client);
			implementations.put("chat()", client.chat());
			implementations.put("chat().completions()", client.chat().completions());
			implementations.put("responses()", client.responses());
			implementations.put("embeddings()", client.embeddings());
			implementations.put("async()", client.async());
			implementations.put("async().chat().completions()", client.async().chat().completions());
			implementations.put("withRawResponse().chat().completions()",
					client.withRawResponse().chat().completions());
			implementations.forEach((name, implementation) -> {
				ClientOptions options = OpenAiClientOptions.of(implementation);
				assertThat(options)
					.as("openai-java %s: %s (%s) no longer holds its ClientOptions in a field; OpenAiClientOptions "
							+ "must read them another way, or server.address and the Azure provider are lost",
							Properties.getPackageVersion(), name, implementation.getClass().getName())
					.isNotNull();
				assertThat(options.baseUrl()).isEqualTo(BASE_URL);
			});
		}
		finally {
			client.close();
		}
	}

	@Test
	void anObjectWithoutOptionsHasNone() {
		assertThat(OpenAiClientOptions.of(new Object())).isNull();
	}

}
