package dev.braintrust.spring.boot.integrations.langchain4j;

import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.service.AiServices;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link AiServiceTools} reads what LangChain4j keeps private: these tests fail on a
 * version that changes the shape of the services {@code AiServices} builds.
 */
class AiServiceToolsTests {

	private final ChatModel model = new ChatModel() {

		@Override
		public ChatResponse doChat(ChatRequest chatRequest) {
			throw new UnsupportedOperationException();
		}

	};

	@Test
	void servicesBuiltByAiServicesAreRecognisedAndTheirToolsFound() throws Exception {
		Assistant assistant = AiServices.builder(Assistant.class).chatModel(this.model).tools(new Tools()).build();
		assertThat(AiServiceTools.isAiService(assistant)).isTrue();
		assertThat(AiServiceTools.toolExecutors(assistant)).containsOnlyKeys("weather");
	}

	@Test
	void otherProxiesAndObjectsAreNotServices() {
		Runnable proxy = (Runnable) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
				new Class<?>[] { Runnable.class }, (instance, method, arguments) -> null);
		assertThat(AiServiceTools.isAiService(proxy)).isFalse();
		assertThat(AiServiceTools.isAiService(new Tools())).isFalse();
	}

	interface Assistant {

		String chat(String message);

	}

	static class Tools {

		@Tool(name = "weather")
		String weather(String location) {
			return "sunny";
		}

	}

}
