package dev.braintrust.spring.testapp.langchain4j;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * An application built with LangChain4j's Spring Boot starter: its package is where the
 * starter looks for {@code @AiService} interfaces; its model talks to
 * {@code test.openai.base-url}.
 */
@Configuration(proxyBeanMethods = false)
@AutoConfigurationPackage
public class StarterApplication {

	@Bean
	ChatModel chatModel(@Value("${test.openai.base-url}") String baseUrl) {
		return OpenAiChatModel.builder()
			.baseUrl(baseUrl)
			.apiKey("sk-test")
			.modelName("gpt-4o-mini")
			.maxRetries(0)
			.build();
	}

}
