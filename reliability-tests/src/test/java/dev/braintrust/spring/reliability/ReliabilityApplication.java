package dev.braintrust.spring.reliability;

import java.time.Duration;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The application under test: a Spring Boot application with the starter, declaring the
 * OpenAI and Anthropic SDK clients as beans (as applications do), pointed at
 * {@code reliability.model-server.*}, and a span recorder.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
class ReliabilityApplication {

	@Bean
	OpenAIClient openAIClient(@Value("${reliability.model-server.openai}") String baseUrl,
			@Value("${reliability.keys.openai:sk-openai-test}") String apiKey) {
		return OpenAIOkHttpClient.builder()
			.baseUrl(baseUrl)
			.apiKey(apiKey)
			.maxRetries(0)
			.timeout(Duration.ofSeconds(30))
			.build();
	}

	@Bean
	AnthropicClient anthropicClient(@Value("${reliability.model-server.anthropic}") String baseUrl,
			@Value("${reliability.keys.anthropic:sk-ant-test}") String apiKey) {
		return AnthropicOkHttpClient.builder()
			.baseUrl(baseUrl)
			.apiKey(apiKey)
			.maxRetries(0)
			.timeout(Duration.ofSeconds(30))
			.build();
	}

	@Bean
	RecordingSpanProcessor recordingSpanProcessor() {
		return new RecordingSpanProcessor();
	}

}
