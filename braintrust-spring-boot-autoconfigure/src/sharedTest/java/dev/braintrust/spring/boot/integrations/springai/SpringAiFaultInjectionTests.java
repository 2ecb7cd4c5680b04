package dev.braintrust.spring.boot.integrations.springai;

import java.util.List;

import dev.braintrust.spring.boot.integration.IntegrationInfo;
import dev.braintrust.spring.boot.integration.IntegrationRegistry;
import dev.braintrust.spring.boot.testsupport.Faults;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.publisher.Flux;

import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.metadata.ChatGenerationMetadata;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.observation.ChatModelObservationContext;
import org.springframework.ai.chat.observation.ChatModelObservationDocumentation;
import org.springframework.ai.chat.observation.DefaultChatModelObservationConvention;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static dev.braintrust.spring.boot.integrations.springai.SpringAiTestContext.ourSpans;
import static dev.braintrust.spring.boot.testsupport.Faults.faulty;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * Faults inside the instrumentation of Spring AI never reach the caller, whether the
 * model is proxied (blocking and reactive calls) or traced through its observation: the
 * caller gets exactly what the model returned, every chunk of a stream, and the failure
 * is counted.
 */
class SpringAiFaultInjectionTests {

	static List<Throwable> faults() {
		return Faults.linkageErrorAndBug("org.springframework.ai.chat.model.ChatResponse.getResults()");
	}

	@ParameterizedTest
	@MethodSource("faults")
	void callWhosePromptCannotBeReadProceedsUntraced(Throwable fault) {
		SpringAiTestContext.runner().withUserConfiguration(CannedModels.class).run((context) -> {
			CannedModel model = context.getBean(CannedModel.class);
			Prompt prompt = mock(Prompt.class);
			when(prompt.getInstructions()).thenThrow(fault);
			assertThat(model.call(prompt)).isSameAs(model.response());
			assertThat(ourSpans(context, "chat")).isEmpty();
			assertFailureCounted(context, "request");
		});
	}

	@ParameterizedTest
	@MethodSource("faults")
	void callWhoseResponseCannotBeReadReturnsTheModelsResponse(Throwable fault) {
		SpringAiTestContext.runner().withUserConfiguration(CannedModels.class).run((context) -> {
			CannedModel model = context.getBean(CannedModel.class);
			ChatResponse response = faulty(ChatResponse.class, fault);
			model.answer(response, List.of());
			assertThat(model.call(new Prompt("Hello"))).isSameAs(response);
			assertThat(ourSpans(context, "chat")).singleElement().satisfies((span) -> assertThat(span.hasEnded()));
			assertFailureCounted(context, "response");
		});
	}

	@ParameterizedTest
	@MethodSource("faults")
	void streamWhoseChunksCannotBeReadDeliversEveryChunk(Throwable fault) {
		SpringAiTestContext.runner().withUserConfiguration(CannedModels.class).run((context) -> {
			CannedModel model = context.getBean(CannedModel.class);
			List<ChatResponse> chunks = List.of(faulty(ChatResponse.class, fault), faulty(ChatResponse.class, fault),
					faulty(ChatResponse.class, fault));
			model.answer(model.response(), chunks);
			assertThat(model.stream(new Prompt("Hello")).collectList().block()).containsExactlyElementsOf(chunks);
			assertThat(ourSpans(context, "chat")).hasSize(1);
			assertFailureCounted(context, "chunk");
		});
	}

	@ParameterizedTest
	@MethodSource("faults")
	void observedCallWhosePromptCannotBeReadReturnsItsResult(Throwable fault) {
		SpringAiTestContext.runner().run((context) -> {
			Prompt prompt = mock(Prompt.class);
			when(prompt.getOptions()).thenReturn(ChatOptions.builder().model("gpt-4o-mini").build());
			when(prompt.getInstructions()).thenThrow(fault);
			ChatModelObservationContext observed = ChatModelObservationContext.builder()
				.prompt(prompt)
				.provider("openai")
				.build();
			String result = ChatModelObservationDocumentation.CHAT_MODEL_OPERATION
				.observation(null, new DefaultChatModelObservationConvention(), () -> observed,
						context.getBean(ObservationRegistry.class))
				.observe(() -> "answer");
			assertThat(result).isEqualTo("answer");
			assertFailureCounted(context, "observation-start");
		});
	}

	@ParameterizedTest
	@MethodSource("faults")
	void observedCallWhoseResponseCannotBeReadReturnsItsResult(Throwable fault) {
		SpringAiTestContext.runner().run((context) -> {
			// Spring AI's own convention reads the generations' metadata; the starter
			// reads their output too.
			Generation generation = mock(Generation.class);
			when(generation.getMetadata()).thenReturn(ChatGenerationMetadata.NULL);
			when(generation.getOutput()).thenThrow(fault);
			ChatResponse response = new ChatResponse(List.of(generation));
			ChatModelObservationContext observed = ChatModelObservationContext.builder()
				.prompt(new Prompt("Hello", ChatOptions.builder().model("gpt-4o-mini").build()))
				.provider("openai")
				.build();
			ChatResponse result = ChatModelObservationDocumentation.CHAT_MODEL_OPERATION
				.observation(null, new DefaultChatModelObservationConvention(), () -> observed,
						context.getBean(ObservationRegistry.class))
				.observe(() -> {
					observed.setResponse(response);
					return response;
				});
			assertThat(result).isSameAs(response);
			await().untilAsserted(() -> assertThat(ourSpans(context, "chat")).hasSize(1));
			assertFailureCounted(context, "response");
		});
	}

	private static void assertFailureCounted(ApplicationContext context, String step) {
		IntegrationInfo info = context.getBean(IntegrationRegistry.class).find("spring-ai").orElseThrow();
		assertThat(info.instrumentationFailures()).isEqualTo(1);
		assertThat(info.lastInstrumentationFailure()).startsWith(step + ": java.lang.");
	}

	@Configuration(proxyBeanMethods = false)
	static class CannedModels {

		@Bean
		CannedModel cannedModel() {
			return new CannedModel();
		}

	}

	/**
	 * A model of the application's that answers without reading its prompt.
	 */
	static class CannedModel implements ChatModel {

		private volatile ChatResponse response = new ChatResponse(List.of(new Generation(new AssistantMessage("Hi"))));

		private volatile List<ChatResponse> chunks = List.of(this.response);

		// Methods, not fields: the bean is a class proxy.
		public void answer(ChatResponse response, List<ChatResponse> chunks) {
			this.response = response;
			this.chunks = chunks;
		}

		public ChatResponse response() {
			return this.response;
		}

		@Override
		public ChatResponse call(Prompt prompt) {
			return this.response;
		}

		@Override
		public Flux<ChatResponse> stream(Prompt prompt) {
			return Flux.fromIterable(this.chunks);
		}

	}

}
