package dev.braintrust.spring.samples.quickstart;

import java.net.URI;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClientBuilder;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;

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

	// Offline, the client talks to the built-in server (which ignores the signature);
	// otherwise to Bedrock in the region, with the SDK's default credentials.
	@Bean
	BedrockRuntimeClient bedrockRuntimeClient(@Value("${quickstart.bedrock.endpoint:}") String endpoint,
			@Value("${quickstart.bedrock.region:us-east-1}") String region) {
		BedrockRuntimeClientBuilder builder = BedrockRuntimeClient.builder().region(Region.of(region));
		if (StringUtils.hasText(endpoint)) {
			builder.endpointOverride(URI.create(endpoint))
				.credentialsProvider(
						StaticCredentialsProvider.create(AwsBasicCredentials.create("offline", "offline")));
		}
		return builder.build();
	}

	@Bean
	AnthropicClient anthropicClient(@Value("${quickstart.anthropic.base-url}") String baseUrl,
			@Value("${quickstart.anthropic.api-key}") String apiKey) {
		return AnthropicOkHttpClient.builder().baseUrl(baseUrl).apiKey(apiKey).build();
	}

}
