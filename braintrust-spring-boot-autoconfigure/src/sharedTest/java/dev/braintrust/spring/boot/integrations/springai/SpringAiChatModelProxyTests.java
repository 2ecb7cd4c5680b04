package dev.braintrust.spring.boot.integrations.springai;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.client.advisor.MessageChatMemoryAdvisor;
import org.springframework.ai.chat.memory.ChatMemory;
import org.springframework.ai.chat.memory.MessageWindowChatMemory;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.aop.support.AopUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static dev.braintrust.spring.boot.integrations.springai.SpringAiTestContext.ourSpans;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Every entry point of a chat model is traced exactly once, whether the model gets a
 * class proxy (a non-final model, as here) or an interface proxy (Spring AI's final
 * models, see {@link SpringAiOpenAiTests}).
 */
class SpringAiChatModelProxyTests {

	@Test
	void convenienceOverloadsOfANonFinalModelAreTracedOnce() {
		SpringAiTestContext.runner().withUserConfiguration(Models.class).run((context) -> {
			ChatModel model = context.getBean(ChatModel.class);
			assertThat(AopUtils.isCglibProxy(model)).isTrue();
			assertThat(model.call("one")).isEqualTo("echo: one");
			assertThat(model.call(new UserMessage("two"))).isEqualTo("echo: two");
			assertThat(model.call(new Prompt("three")).getResult().getOutput().getText()).isEqualTo("echo: three");
			assertThat(model.stream("four").collectList().block()).containsExactly("echo: four");
			// The proxy passes each call to the model once.
			assertThat(((EchoModel) AopProxyUtils.getSingletonTarget(model)).calls).hasValue(4);
			assertThat(ourSpans(context, "chat")).hasSize(4)
				.allSatisfy((span) -> assertThat(span.getAttributes()
					.get(io.opentelemetry.api.common.AttributeKey.stringKey("gen_ai.provider.name")))
					.isEqualTo("spring-ai"));
			// A proxied model's stream tells when its first chunk arrived.
			assertThat(ourSpans(context, "chat"))
				.filteredOn((span) -> Boolean.TRUE.equals(span.getAttributes()
					.get(io.opentelemetry.api.common.AttributeKey.booleanKey("gen_ai.request.stream"))))
				.singleElement()
				.satisfies((span) -> assertThat(span.getAttributes()
					.get(io.opentelemetry.api.common.AttributeKey.doubleKey("gen_ai.response.time_to_first_chunk")))
					.isPositive());
		});
	}

	@Test
	void chatClientConversationIsOnTheProxiedModelsCallsBlockingAndStreamed() {
		SpringAiTestContext.runner().withUserConfiguration(Models.class).run((context) -> {
			ChatClient client = context.getBean(ChatClient.Builder.class)
				.defaultAdvisors(MessageChatMemoryAdvisor.builder(MessageWindowChatMemory.builder().build()).build())
				.build();
			assertThat(client.prompt()
				.user("one")
				.advisors((advisors) -> advisors.param(ChatMemory.CONVERSATION_ID, "bob"))
				.call()
				.content()).isEqualTo("echo: one");
			assertThat(client.prompt()
				.user("two")
				.advisors((advisors) -> advisors.param(ChatMemory.CONVERSATION_ID, "bob"))
				.stream()
				.content()
				.collectList()
				.block()).singleElement().asString().startsWith("echo:");
			assertThat(ourSpans(context, "chat")).hasSize(2).allSatisfy((span) -> {
				assertThat(span.getAttributes()
					.get(io.opentelemetry.api.common.AttributeKey.stringKey("gen_ai.conversation.id")))
					.isEqualTo("bob");
				assertThat(span.getAttributes()
					.get(io.opentelemetry.api.common.AttributeKey.stringKey("braintrust.metadata")))
					.contains("\"conversation_id\":\"bob\"");
			});
		});
	}

	@Test
	void modelWithoutStreamingThrowsAsItDoesUntraced() {
		SpringAiTestContext.runner().withUserConfiguration(NonStreamingModels.class).run((context) -> {
			ChatModel model = context.getBean(ChatModel.class);
			assertThatExceptionOfType(UnsupportedOperationException.class)
				.isThrownBy(() -> model.stream(new Prompt("hi")));
			assertThat(ourSpans(context, "chat")).isEmpty();
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class Models {

		@Bean
		EchoModel echoModel() {
			return new EchoModel();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class NonStreamingModels {

		@Bean
		ChatModel nonStreamingModel() {
			return (prompt) -> new ChatResponse(List.of());
		}

	}

	static class EchoModel implements ChatModel {

		final AtomicInteger calls = new AtomicInteger();

		@Override
		public ChatResponse call(Prompt prompt) {
			this.calls.incrementAndGet();
			return new ChatResponse(List.of(new Generation(new AssistantMessage("echo: " + prompt.getContents()))));
		}

		@Override
		public Flux<ChatResponse> stream(Prompt prompt) {
			return Flux.defer(() -> Flux.just(call(prompt)));
		}

	}

}
