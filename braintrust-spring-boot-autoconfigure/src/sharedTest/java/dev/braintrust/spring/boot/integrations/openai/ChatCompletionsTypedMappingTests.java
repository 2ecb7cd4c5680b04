package dev.braintrust.spring.boot.integrations.openai;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.openai.core.JsonValue;
import com.openai.core.ObjectMappers;
import com.openai.models.ChatModel;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.ReasoningEffort;
import com.openai.models.ResponseFormatJsonObject;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionAssistantMessageParam;
import com.openai.models.chat.completions.ChatCompletionContentPart;
import com.openai.models.chat.completions.ChatCompletionContentPartImage;
import com.openai.models.chat.completions.ChatCompletionContentPartInputAudio;
import com.openai.models.chat.completions.ChatCompletionContentPartRefusal;
import com.openai.models.chat.completions.ChatCompletionContentPartText;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionDeveloperMessageParam;
import com.openai.models.chat.completions.ChatCompletionFunctionMessageParam;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionMessageParam;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionSystemMessageParam;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import com.openai.models.chat.completions.ChatCompletionUserMessageParam;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.embeddings.EmbeddingModel;
import dev.braintrust.spring.boot.trace.ChatMessage;
import dev.braintrust.spring.boot.trace.LlmRequest;
import dev.braintrust.spring.boot.trace.LlmResponse;
import dev.braintrust.spring.boot.trace.ToolDefinition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests and completions are read through the SDK's public typed accessors; they must
 * give exactly what their wire JSON gives ({@link WireJson}), for what the SDK's types
 * model as for what they do not.
 */
class ChatCompletionsTypedMappingTests {

	private static final OpenAiEndpoint ENDPOINT = new OpenAiEndpoint("openai", "localhost", 8080);

	@ParameterizedTest
	@ValueSource(strings = { "openai/chat-basic.json", "openai/chat-after-tool.json", "openai/chat-reasoning.json",
			"openai/chat-structured.json", "openai/chat-tool-calls.json", "openai/chat-two-choices.json" })
	void typedAccessorsReadCompletionsExactlyAsTheirWireJson(String resource) throws IOException {
		ChatCompletion completion = ObjectMappers.jsonMapper().readValue(read(resource), ChatCompletion.class);
		LlmResponse typed = ChatCompletionsMapping.response(completion);
		assertThat(typed).isEqualTo(WireJson.response(completion));
		assertThat(typed.choices()).isNotEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "openai/chat-basic.json", "openai/chat-after-tool.json", "openai/chat-reasoning.json",
			"openai/chat-structured.json", "openai/chat-tool-calls.json", "openai/chat-two-choices.json" })
	void typedAccessorsReadTheRequestOfEachCompletionExactlyAsItsWireJson(String resource) throws IOException {
		ChatCompletion completion = ObjectMappers.jsonMapper().readValue(read(resource), ChatCompletion.class);
		ChatCompletionCreateParams.Builder builder = ChatCompletionCreateParams.builder()
			.model(ChatModel.GPT_4O_MINI)
			.addUserMessage("Hello");
		completion.choices().forEach((choice) -> builder.addMessage(choice.message()));
		assertEquivalent(builder.build());
	}

	@Test
	void everyMessageRoleAndContentPartIsReadExactlyAsItsWireJson() {
		ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
			.model("my-model")
			.addSystemMessage("You are terse.")
			.addMessage(ChatCompletionSystemMessageParam.builder()
				.contentOfArrayOfContentParts(List.of(ChatCompletionContentPartText.builder().text("sys").build()))
				.name("policy")
				.build())
			.addDeveloperMessage("Answer in French.")
			.addMessage(ChatCompletionDeveloperMessageParam.builder()
				.contentOfArrayOfContentParts(List.of(ChatCompletionContentPartText.builder().text("dev").build()))
				.build())
			.addUserMessage("What is \"this\"?\nA picture.")
			.addMessage(ChatCompletionUserMessageParam.builder()
				.contentOfArrayOfContentParts(List.of(
						ChatCompletionContentPart.ofText(ChatCompletionContentPartText.builder().text("Look").build()),
						ChatCompletionContentPart.ofImageUrl(ChatCompletionContentPartImage.builder()
							.imageUrl(ChatCompletionContentPartImage.ImageUrl.builder()
								.url("https://example.com/a.png")
								.build())
							.build()),
						ChatCompletionContentPart.ofInputAudio(ChatCompletionContentPartInputAudio.builder()
							.inputAudio(ChatCompletionContentPartInputAudio.InputAudio.builder()
								.data("AAAA")
								.format(ChatCompletionContentPartInputAudio.InputAudio.Format.WAV)
								.build())
							.build()),
						ChatCompletionContentPart.ofFile(ChatCompletionContentPart.File.builder()
							.file(ChatCompletionContentPart.File.FileObject.builder()
								.fileId("file-1")
								.filename("a.pdf")
								.build())
							.build())))
				.name("alice")
				.build())
			.addMessage(ChatCompletionAssistantMessageParam.builder()
				.content("Calling tools")
				.addToolCall(ChatCompletionMessageFunctionToolCall.builder()
					.id("call_1")
					.function(ChatCompletionMessageFunctionToolCall.Function.builder()
						.name("weather")
						.arguments("{\"city\":\"Paris\"}")
						.build())
					.build())
				.build())
			.addMessage(ChatCompletionAssistantMessageParam.builder()
				.contentOfArrayOfContentParts(List.of(
						ChatCompletionAssistantMessageParam.Content.ChatCompletionRequestAssistantMessageContentPart
							.ofText(ChatCompletionContentPartText.builder().text("partly").build()),
						ChatCompletionAssistantMessageParam.Content.ChatCompletionRequestAssistantMessageContentPart
							.ofRefusal(ChatCompletionContentPartRefusal.builder().refusal("no").build())))
				.refusal("no")
				.functionCall(ChatCompletionAssistantMessageParam.FunctionCall.builder()
					.name("legacy")
					.arguments("{}")
					.build())
				.name("bot")
				.build())
			.addMessage(ChatCompletionToolMessageParam.builder().toolCallId("call_1").content("22 C").build())
			.addMessage(ChatCompletionToolMessageParam.builder()
				.toolCallId("call_2")
				.contentOfArrayOfContentParts(List.of(ChatCompletionContentPartText.builder().text("ok").build()))
				.build())
			.addMessage(ChatCompletionFunctionMessageParam.builder().name("legacy").content("done").build())
			.addTool(ChatCompletionFunctionTool.builder()
				.function(FunctionDefinition.builder()
					.name("weather")
					.description("Weather of a city")
					.parameters(FunctionParameters.builder()
						.putAdditionalProperty("type", JsonValue.from("object"))
						.putAdditionalProperty("properties", JsonValue.from(Map.of("city", Map.of("type", "string"))))
						.build())
					.strict(true)
					.build())
				.build())
			.addTool(ChatCompletionFunctionTool.builder()
				.function(FunctionDefinition.builder().name("noargs").build())
				.build())
			.temperature(0.2)
			.topP(1.0)
			.maxCompletionTokens(256L)
			.n(2L)
			.seed(42L)
			.presencePenalty(0.5)
			.frequencyPenalty(-0.5)
			.stopOfStrings(List.of("END", "STOP"))
			.parallelToolCalls(false)
			.reasoningEffort(ReasoningEffort.LOW)
			.responseFormat(ResponseFormatJsonObject.builder().build())
			.toolChoice(com.openai.models.chat.completions.ChatCompletionToolChoiceOption.Auto.REQUIRED)
			.streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
			.user("user-1")
			.store(true)
			.metadata(ChatCompletionCreateParams.Metadata.builder()
				.putAdditionalProperty("team", JsonValue.from("a"))
				.build())
			.logprobs(true)
			.topLogprobs(3L)
			.build();
		LlmRequest typed = assertEquivalent(params);
		assertThat(typed.messages()).hasSize(11);
		assertThat(typed.tools()).hasSize(2);
		assertThat(typed.parameters()).containsOnlyKeys("temperature", "top_p", "max_completion_tokens", "n", "seed",
				"presence_penalty", "frequency_penalty", "stop", "parallel_tool_calls", "reasoning_effort",
				"response_format", "tool_choice", "stream_options", "store", "logprobs", "top_logprobs");
	}

	@Test
	void requestBodiesParsedFromJsonAreReadExactlyAsTheirWireJson() throws IOException {
		ChatCompletionCreateParams.Body body = ObjectMappers.jsonMapper().readValue("""
				{"model":"gpt-4o","messages":[
				  {"role":"system","content":"s"},
				  {"role":"developer","content":[{"type":"text","text":"d"}]},
				  {"role":"user","content":[{"type":"text","text":"u"},
				    {"type":"image_url","image_url":{"url":"data:image/png;base64,AAA","detail":"low"}},
				    {"type":"file","file":{"file_data":"AAA","filename":"x.txt"}}]},
				  {"role":"assistant","content":null,"tool_calls":[
				    {"id":"c1","type":"function","function":{"name":"f","arguments":"{}"}},
				    {"id":"c2","type":"custom","custom":{"name":"g","input":"raw"}}]},
				  {"role":"tool","tool_call_id":"c1","content":"r"},
				  {"role":"function","name":"f","content":null}],
				 "tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object","properties":{}}}},
				   {"type":"custom","custom":{"name":"g","description":"grammar"}}],
				 "temperature":1,"max_tokens":10,"stop":"x","logit_bias":{"50256":-100},
				 "modalities":["text"],"service_tier":"auto","functions":[{"name":"h"}],
				 "function_call":"auto","web_search_options":{}}
				""", ChatCompletionCreateParams.Body.class);
		ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().body(body).build();
		LlmRequest typed = assertEquivalent(params);
		assertThat(typed.messages()).hasSize(6);
		assertThat(typed.tools()).hasSize(2);
	}

	@Test
	void whatTheSdkTypesDoNotModelIsReadFromItsWireJson() throws IOException {
		ChatCompletionCreateParams.Body body = ObjectMappers.jsonMapper().readValue("""
				{"model":"m","messages":[{"role":"user","content":"u","extra":"x"},
				  {"role":"critic","content":"c"},{"role":"tool","content":"r","name":"t"}],
				 "tools":[{"type":"function","function":{"name":"f","strict":"yes"}},{"type":"mcp","server":"s"}],
				 "future_parameter":{"a":1}}
				""", ChatCompletionCreateParams.Body.class);
		ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().body(body).build();
		LlmRequest request = assertEquivalent(params);
		assertThat(request.parameters()).containsEntry("future_parameter", Map.of("a", 1L));
		assertThat(request.messages()).extracting(ChatMessage::role).containsExactly("user", "critic", "tool");
		assertThat(request.messages().get(2).name()).isEqualTo("t");
		assertThat(request.tools()).extracting(ToolDefinition::name).containsExactly("f", "mcp");

		ChatCompletion completion = ObjectMappers.jsonMapper().readValue("""
				{"id":"x","object":"chat.completion","created":1,"model":"m","choices":[
				  {"index":0,"finish_reason":null,"message":{"role":"assistant","content":"hi","name":"n"}},
				  {"index":1,"message":null}],
				 "usage":{"prompt_tokens":"3","completion_tokens":2,"total_tokens":5}}
				""", ChatCompletion.class);
		LlmResponse response = ChatCompletionsMapping.response(completion);
		assertThat(response).isEqualTo(WireJson.response(completion));
		assertThat(response.choices()).first()
			.satisfies((choice) -> assertThat(choice.message().name()).isEqualTo("n"));
	}

	@Test
	void embeddingRequestsAreReadExactlyAsTheirWireJson() {
		List<EmbeddingCreateParams> requests = List
			.of(EmbeddingCreateParams.builder().model(EmbeddingModel.TEXT_EMBEDDING_3_SMALL).input("one").build(),
					EmbeddingCreateParams.builder()
						.model("e")
						.inputOfArrayOfStrings(List.of("a", "b"))
						.dimensions(256L)
						.encodingFormat(EmbeddingCreateParams.EncodingFormat.FLOAT)
						.user("u")
						.build(),
					EmbeddingCreateParams.builder().model("e").inputOfArrayOfTokens(List.of(1L, 2L)).build(),
					EmbeddingCreateParams.builder()
						.model("e")
						.inputOfArrayOfTokenArrays(List.of(List.of(1L), List.of(2L, 3L)))
						.build());
		for (EmbeddingCreateParams params : requests) {
			LlmRequest typed = EmbeddingsMapping.request(params, ENDPOINT);
			assertThat(typed).isEqualTo(WireJson.embeddingsRequest(params, ENDPOINT));
		}
	}

	private static LlmRequest assertEquivalent(ChatCompletionCreateParams params) {
		for (boolean stream : new boolean[] { false, true }) {
			LlmRequest typed = ChatCompletionsMapping.request(params, stream, ENDPOINT);
			LlmRequest json = WireJson.chatRequest(params, stream, ENDPOINT);
			assertThat(typed).isEqualTo(json);
			assertThat(List.copyOf(typed.parameters().keySet())).isEqualTo(List.copyOf(json.parameters().keySet()));
		}
		return ChatCompletionsMapping.request(params, false, ENDPOINT);
	}

	private static String read(String resource) throws IOException {
		return new ClassPathResource(resource).getContentAsString(StandardCharsets.UTF_8);
	}

}
