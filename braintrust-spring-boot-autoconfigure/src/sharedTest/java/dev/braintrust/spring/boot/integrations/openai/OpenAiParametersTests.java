package dev.braintrust.spring.boot.integrations.openai;

import java.util.List;
import java.util.Map;

import com.openai.core.JsonValue;
import com.openai.models.ChatModel;
import com.openai.models.FunctionDefinition;
import com.openai.models.ReasoningEffort;
import com.openai.models.ResponseFormatJsonSchema;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.embeddings.EmbeddingCreateParams;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OpenAiParametersTests {

	@Test
	void parametersOfAChatRequestAreTheListedOnesInWireOrderAndTheAdditionalProperties() {
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
			.reasoningEffort(ReasoningEffort.LOW)
			.serviceTier(ChatCompletionCreateParams.ServiceTier.FLEX)
			.user("user-1")
			.safetyIdentifier("person-1")
			.putAdditionalBodyProperty("future_parameter", JsonValue.from(Map.of("a", 1)))
			.build();
		assertThat(OpenAiParameters.of(params._body())).containsExactly(Map.entry("max_completion_tokens", 256L),
				Map.entry("reasoning_effort", "low"), Map.entry("service_tier", "flex"),
				Map.entry("stop", List.of("END")), Map.entry("temperature", 0.2),
				Map.entry("future_parameter", Map.of("a", 1L)));
	}

	@Test
	void objectAndUnionParametersAreReadAsTheSdkWritesThem() {
		ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
			.model(ChatModel.GPT_4O_MINI)
			.addUserMessage("u")
			.stop("END")
			.responseFormat(ResponseFormatJsonSchema.builder()
				.jsonSchema(ResponseFormatJsonSchema.JsonSchema.builder().name("answer").strict(true).build())
				.build())
			.toolChoice(com.openai.models.chat.completions.ChatCompletionToolChoiceOption.Auto.REQUIRED)
			.build();
		assertThat(OpenAiParameters.of(params._body())).containsExactly(
				Map.entry("response_format",
						Map.of("type", "json_schema", "json_schema", Map.of("name", "answer", "strict", true))),
				Map.entry("stop", "END"), Map.entry("tool_choice", "required"));
	}

	@Test
	void rawJsonValuesGivenForAListedParameterAreRead() {
		ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
			.model(ChatModel.GPT_4O_MINI)
			.addUserMessage("u")
			.temperature(JsonValue.from(1))
			.seed(JsonValue.from(List.of(1, "two")))
			.build();
		assertThat(OpenAiParameters.of(params._body())).containsExactly(Map.entry("seed", List.of(1L, "two")),
				Map.entry("temperature", 1L));
	}

	@Test
	void anAccessorAnOlderSdkDoesNotHaveLeavesItsParameterOut() {
		List<OpenAiParameters.Parameter<ChatCompletionCreateParams.Body>> parameters = OpenAiParameters.parameters(List
			.of(() -> OpenAiParameters.Parameter.of("temperature", ChatCompletionCreateParams.Body::_temperature),
					() -> {
						throw new NoSuchMethodError("ChatCompletionCreateParams$Body._verbosity()");
					}, () -> OpenAiParameters.Parameter.of("top_p", ChatCompletionCreateParams.Body::_topP)));
		assertThat(parameters).extracting((parameter) -> parameter.name).containsExactly("temperature", "top_p");
	}

	@Test
	void parametersOfAnEmbeddingsRequest() {
		EmbeddingCreateParams params = EmbeddingCreateParams.builder()
			.model("e")
			.input("one")
			.dimensions(256L)
			.encodingFormat(EmbeddingCreateParams.EncodingFormat.BASE64)
			.user("u")
			.build();
		assertThat(OpenAiParameters.of(params._body())).containsExactly(Map.entry("dimensions", 256L),
				Map.entry("encoding_format", "base64"));
	}

}
