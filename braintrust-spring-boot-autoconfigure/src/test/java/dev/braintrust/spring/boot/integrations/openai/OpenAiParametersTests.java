package dev.braintrust.spring.boot.integrations.openai;

import java.util.List;
import java.util.Map;

import com.openai.core.Properties;
import com.openai.models.ChatModel;
import com.openai.models.FunctionDefinition;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.embeddings.EmbeddingCreateParams;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OpenAiParametersTests {

	@Test
	void parametersOfAChatRequestAreEveryPropertyButTheModelMessagesAndTools() {
		ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
			.model(ChatModel.GPT_4O_MINI)
			.addSystemMessage("s")
			.addUserMessage("u")
			.addTool(ChatCompletionFunctionTool.builder()
				.function(FunctionDefinition.builder().name("f").build())
				.build())
			.temperature(0.2)
			.maxCompletionTokens(256L)
			.stopOfStrings(List.of("END"))
			.putAdditionalBodyProperty("future_parameter", com.openai.core.JsonValue.from(Map.of("a", 1)))
			.build();
		assertThat(OpenAiParameters.of(params._body())).containsExactly(Map.entry("max_completion_tokens", 256L),
				Map.entry("stop", List.of("END")), Map.entry("temperature", 0.2),
				Map.entry("future_parameter", Map.of("a", 1L)));
	}

	@Test
	void theContentOfARequestIsNotWrittenToReadItsParameters() {
		ChatCompletionCreateParams chat = ChatCompletionCreateParams.builder()
			.model(ChatModel.GPT_4O_MINI)
			.addUserMessage("u")
			.temperature(0.2)
			.build();
		EmbeddingCreateParams embeddings = EmbeddingCreateParams.builder().model("e").input("one").build();
		String reason = "openai-java %s no longer writes its request bodies as Jackson beans whose properties a "
				+ "configuration override leaves out: OpenAiParameters converts the whole request, content included";
		assertThat(OpenAiParameters.tree(chat._body()).has("messages")).as(reason, Properties.getPackageVersion())
			.isFalse();
		assertThat(OpenAiParameters.tree(embeddings._body()).has("input")).as(reason, Properties.getPackageVersion())
			.isFalse();
	}

}
