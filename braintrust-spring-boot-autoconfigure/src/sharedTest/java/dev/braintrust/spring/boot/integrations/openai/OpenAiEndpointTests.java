package dev.braintrust.spring.boot.integrations.openai;

import com.openai.client.okhttp.OpenAIOkHttpClient;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OpenAiEndpointTests {

	@Test
	void openAiItselfIsReportedWithoutServer() {
		assertThat(OpenAiEndpoint.fromBaseUrl("https://api.openai.com/v1"))
			.isEqualTo(new OpenAiEndpoint("openai", null, null));
	}

	@Test
	void otherHostIsReportedAsServerOfProviderOpenAi() {
		assertThat(OpenAiEndpoint.fromBaseUrl("http://localhost:11434/v1"))
			.isEqualTo(new OpenAiEndpoint("openai", "localhost", 11434));
		assertThat(OpenAiEndpoint.fromBaseUrl("https://gateway.example.com/openai"))
			.isEqualTo(new OpenAiEndpoint("openai", "gateway.example.com", 443));
	}

	@Test
	void azureHostsAreReportedAsAzureOpenAi() {
		assertThat(OpenAiEndpoint.fromBaseUrl("https://my-resource.openai.azure.com/openai/deployments/gpt-4o"))
			.isEqualTo(new OpenAiEndpoint("azure.ai.openai", "my-resource.openai.azure.com", 443));
		assertThat(OpenAiEndpoint.fromBaseUrl("https://my-resource.services.ai.azure.com/openai/v1").provider())
			.isEqualTo("azure.ai.openai");
		assertThat(OpenAiEndpoint.fromBaseUrl("https://my-resource.cognitiveservices.azure.com/").provider())
			.isEqualTo("azure.ai.openai");
	}

	@Test
	void endpointIsReadFromTheClientOptionsOfAClientOrService() {
		var client = OpenAIOkHttpClient.builder().baseUrl("http://127.0.0.1:9999/v1").apiKey("sk-test").build();
		try {
			assertThat(OpenAiEndpoint.of(client)).isEqualTo(new OpenAiEndpoint("openai", "127.0.0.1", 9999));
			assertThat(OpenAiEndpoint.of(client.chat().completions()))
				.isEqualTo(new OpenAiEndpoint("openai", "127.0.0.1", 9999));
			assertThat(OpenAiEndpoint.of(new Object())).isEqualTo(OpenAiEndpoint.OPENAI);
		}
		finally {
			client.close();
		}
	}

	@Test
	void unparsableBaseUrlIsReportedAsOpenAi() {
		assertThat(OpenAiEndpoint.fromBaseUrl("not a url")).isEqualTo(OpenAiEndpoint.OPENAI);
	}

}
