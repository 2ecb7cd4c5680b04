package dev.braintrust.spring.boot.integrations.langchain4j;

import dev.braintrust.spring.boot.trace.LlmRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@link LangChain4jChatMapping} makes of a request's tool specifications.
 */
class LangChain4jChatMappingTests {

	@Test
	void aToolsSchemaIsWrittenOnceForEveryCallThatOffersIt() {
		LlmRequest first = LangChain4jChatMapping.request("openai", request(weatherTool()), null, false, null);
		// A ToolProvider builds its specifications anew for each call: equal ones share
		// the schema too.
		LlmRequest second = LangChain4jChatMapping.request("openai", request(weatherTool()), null, false, null);
		String schema = first.tools().get(0).parameters();
		assertThat(schema).isEqualTo(
				"{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\",\"description\":\"The city\"}},\"required\":[\"city\"]}");
		assertThat(second.tools().get(0).parameters()).isSameAs(schema);
	}

	@Test
	void aToolWithoutParametersHasNoSchema() {
		ToolSpecification tool = ToolSpecification.builder().name("now").description("The time").build();
		LlmRequest request = LangChain4jChatMapping.request("openai", request(tool), null, false, null);
		assertThat(request.tools().get(0).name()).isEqualTo("now");
		assertThat(request.tools().get(0).parameters()).isNull();
	}

	private static ChatRequest request(ToolSpecification tool) {
		return ChatRequest.builder()
			.messages(UserMessage.from("What is the weather in Paris?"))
			.toolSpecifications(tool)
			.build();
	}

	private static ToolSpecification weatherTool() {
		return ToolSpecification.builder()
			.name("currentWeather")
			.description("The weather of a city")
			.parameters(JsonObjectSchema.builder().addStringProperty("city", "The city").required("city").build())
			.build();
	}

}
