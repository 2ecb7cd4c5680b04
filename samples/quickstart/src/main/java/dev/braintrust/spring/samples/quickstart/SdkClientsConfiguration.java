package dev.braintrust.spring.samples.quickstart;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The provider SDK clients the application uses directly, as plain beans: the starter
 * instruments them.
 */
@Configuration(proxyBeanMethods = false)
class SdkClientsConfiguration {

	@Bean
	OpenAIClient openAIClient(@Value("${spring.ai.openai.base-url}") String baseUrl,
			@Value("${spring.ai.openai.api-key}") String apiKey) {
		return OpenAIOkHttpClient.builder().baseUrl(baseUrl).apiKey(apiKey).build();
	}

	@Bean
	AnthropicClient anthropicClient(@Value("${quickstart.anthropic.base-url}") String baseUrl,
			@Value("${quickstart.anthropic.api-key}") String apiKey) {
		return AnthropicOkHttpClient.builder().baseUrl(baseUrl).apiKey(apiKey).build();
	}

}
