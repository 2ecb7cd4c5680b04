package dev.braintrust.spring.boot.integrations.springai;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.observation.ChatModelObservationContext;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.document.Document;
import org.springframework.ai.document.MetadataMode;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.embedding.EmbeddingRequest;
import org.springframework.ai.embedding.EmbeddingResponse;
import org.springframework.ai.model.tool.ToolCallingChatOptions;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.definition.ToolDefinition;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link SpringAiApi} detects the Spring AI generation it runs on, and calls each
 * generation's own method: run on both lines, these tests fail if the detection or one of
 * the calls is wrong.
 */
class SpringAiApiTests {

	private static final boolean V2 = SpringAiLine.GENERATION == 2;

	@Test
	void theGenerationIsTheOneOfTheLine() {
		assertThat(SpringAiApi.V2).isEqualTo(V2);
	}

	@Test
	void defaultOptionsAreTheModelsOwnOnEachGeneration() {
		ChatOptions options = ChatOptions.builder().model("the-model").build();
		ChatOptions other = ChatOptions.builder().model("other").build();
		// getOptions() is 2.0's, getDefaultOptions() 1.1's (2.0's delegates to
		// getOptions()): each generation reads its own.
		ChatModel model = new ChatModel() {

			@Override
			public ChatResponse call(Prompt prompt) {
				throw new UnsupportedOperationException();
			}

			public ChatOptions getOptions() {
				return V2 ? options : other;
			}

			@Override
			public ChatOptions getDefaultOptions() {
				return V2 ? other : options;
			}

		};
		assertThat(SpringAiApi.defaultOptions(model)).isSameAs(options);
	}

	@Test
	void streamingIsWhatTheObservationSaysOn2AndUnknownOn11() {
		ChatModelObservationContext context = ChatModelObservationContext.builder()
			.prompt(new Prompt("hi"))
			.provider("openai")
			.build();
		assertThat(SpringAiApi.isStreaming(context)).isEqualTo(V2 ? Boolean.FALSE : null);
	}

	@Test
	void embeddingContentIsTheModelsOn2AndTheFormattedContentOn11() {
		EmbeddingModel model = new EmbeddingModel() {

			@Override
			public EmbeddingResponse call(EmbeddingRequest request) {
				throw new UnsupportedOperationException();
			}

			@Override
			public float[] embed(Document document) {
				throw new UnsupportedOperationException();
			}

			public String getEmbeddingContent(Document document) {
				return "the model's content";
			}

		};
		Document document = new Document("Paris is the capital of France.", Map.of("source", "atlas"));
		assertThat(SpringAiApi.embeddingContent(model, document))
			.isEqualTo(V2 ? "the model's content" : document.getFormattedContent(MetadataMode.EMBED));
	}

	@Test
	void cacheTokensAreReadWhereUsageHasThem() {
		Usage usage = new Usage() {

			@Override
			public Integer getPromptTokens() {
				return 10;
			}

			@Override
			public Integer getCompletionTokens() {
				return 5;
			}

			@Override
			public Object getNativeUsage() {
				return Map.of();
			}

			public Long getCacheReadInputTokens() {
				return 7L;
			}

			public Long getCacheWriteInputTokens() {
				return 3L;
			}

		};
		assertThat(SpringAiApi.cacheReadInputTokens(usage)).isEqualTo(V2 ? 7L : null);
		assertThat(SpringAiApi.cacheWriteInputTokens(usage)).isEqualTo(V2 ? 3L : null);
	}

	@Test
	void optionsWithOtherToolCallbacksAreACopyAndTheOriginalIsUntouched() {
		ToolCallback weather = tool("weather");
		ToolCallback traced = tool("weather-traced");
		ToolCallingChatOptions options = ToolCallingChatOptions.builder()
			.model("gpt-4o-mini")
			.temperature(0.3)
			.toolCallbacks(weather)
			.build();
		ToolCallingChatOptions copy = SpringAiApi.withToolCallbacks(options, List.of(traced));
		assertThat(copy).isNotSameAs(options);
		assertThat(copy.getToolCallbacks()).containsExactly(traced);
		assertThat(copy.getModel()).isEqualTo("gpt-4o-mini");
		assertThat(copy.getTemperature()).isEqualTo(0.3);
		assertThat(options.getToolCallbacks()).containsExactly(weather);
	}

	private static ToolCallback tool(String name) {
		ToolDefinition definition = ToolDefinition.builder().name(name).description(name).inputSchema("{}").build();
		return new ToolCallback() {

			@Override
			public ToolDefinition getToolDefinition() {
				return definition;
			}

			@Override
			public String call(String input) {
				return "sunny";
			}

		};
	}

}
