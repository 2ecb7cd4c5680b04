package dev.braintrust.spring.samples.langchain4j;

import dev.braintrust.spring.samples.langchain4j.offline.OfflineOpenAiServer;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.langchain4j.service.AiServices;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;

/**
 * LangChain4j's OpenAI models and the AiService, declared as beans: the starter
 * instruments beans. Without {@code OPENAI_API_KEY} the models talk to the built-in
 * offline server.
 */
@Configuration(proxyBeanMethods = false)
class ModelsConfiguration {

	@Bean
	OpenAiEndpoint openAiEndpoint(@Value("${sample.openai.api-key:}") String apiKey) {
		if (StringUtils.hasText(apiKey)) {
			return new OpenAiEndpoint("https://api.openai.com/v1", apiKey, null);
		}
		OfflineOpenAiServer server = OfflineOpenAiServer.start();
		LogFactory.getLog(ModelsConfiguration.class)
			.info("OPENAI_API_KEY is not set: the models use the built-in offline model server at " + server.baseUrl());
		return new OpenAiEndpoint(server.baseUrl(), "offline-demo-key", server);
	}

	@Bean
	OpenAiChatModel openAiChatModel(OpenAiEndpoint endpoint, @Value("${sample.openai.model}") String model) {
		return OpenAiChatModel.builder().baseUrl(endpoint.baseUrl()).apiKey(endpoint.apiKey()).modelName(model).build();
	}

	@Bean
	OpenAiStreamingChatModel openAiStreamingChatModel(OpenAiEndpoint endpoint,
			@Value("${sample.openai.model}") String model) {
		return OpenAiStreamingChatModel.builder()
			.baseUrl(endpoint.baseUrl())
			.apiKey(endpoint.apiKey())
			.modelName(model)
			.build();
	}

	@Bean
	WeatherTools weatherTools() {
		return new WeatherTools();
	}

	@Bean
	Assistant assistant(ChatModel chatModel, WeatherTools weatherTools) {
		return AiServices.builder(Assistant.class)
			.chatModel(chatModel)
			.tools(weatherTools)
			.chatMemoryProvider((user) -> MessageWindowChatMemory.withMaxMessages(20))
			.build();
	}

	/**
	 * Where the models send their requests.
	 *
	 * @param baseUrl the OpenAI-compatible base URL, {@code /v1} included
	 * @param apiKey the API key
	 * @param offlineServer the offline server, when it is the one
	 */
	record OpenAiEndpoint(String baseUrl, String apiKey,
			@Nullable OfflineOpenAiServer offlineServer) implements DisposableBean {

		@Override
		public void destroy() {
			if (this.offlineServer != null) {
				this.offlineServer.close();
			}
		}

	}

}
