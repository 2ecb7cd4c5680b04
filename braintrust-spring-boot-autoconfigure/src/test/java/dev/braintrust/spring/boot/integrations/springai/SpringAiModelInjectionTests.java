package dev.braintrust.spring.boot.integrations.springai;

import dev.braintrust.spring.boot.testsupport.MockLlmServer;
import io.opentelemetry.api.common.AttributeKey;
import org.aopalliance.intercept.MethodInterceptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.openai.autoconfigure.OpenAiChatAutoConfiguration;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.support.AopUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static dev.braintrust.spring.boot.integrations.springai.SpringAiTestContext.ourSpans;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Adding the starter changes no injection point of an application: Spring AI's final
 * {@code OpenAiChatModel} and a model class of the application's stay injectable by their
 * class, and their calls are traced.
 */
class SpringAiModelInjectionTests {

	private MockLlmServer server;

	@BeforeEach
	void startServer() {
		this.server = MockLlmServer.start();
	}

	@AfterEach
	void stopServer() {
		this.server.close();
	}

	@Test
	void applicationInjectingOpenAiChatModelByItsClassStartsAndIsTraced() {
		this.server.onPost("/v1/chat/completions").json("springai/openai/chat-basic.json");
		SpringAiTestContext.runner(OpenAiChatAutoConfiguration.class)
			.withPropertyValues("spring.ai.openai.api-key=sk-test",
					"spring.ai.openai.base-url=" + this.server.baseUrl() + "/v1", "spring.ai.openai.max-retries=0",
					"spring.ai.openai.chat.options.model=gpt-4o-mini")
			.withUserConfiguration(OpenAiController.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				ChatController controller = context.getBean(ChatController.class);
				assertThat(controller.model.getOptions().getModel()).isEqualTo("gpt-4o-mini");
				assertThat(controller.ask("What is the capital of France?"))
					.isEqualTo("The capital of France is Paris.");
				assertThat(ourSpans(context, "chat")).singleElement()
					.satisfies((span) -> assertThat(span.getName()).isEqualTo("chat gpt-4o-mini"));
			});
	}

	@Test
	void modelClassOfTheApplicationStaysInjectableByItsClass() {
		SpringAiTestContext.runner().withUserConfiguration(EchoModels.class).run((context) -> {
			assertThat(context).hasNotFailed();
			SpringAiChatModelProxyTests.EchoModel model = context.getBean(EchoConsumer.class).model;
			assertThat(model.call("hi")).isEqualTo("echo: hi");
			assertThat(ourSpans(context, "chat")).hasSize(1);
		});
	}

	@Test
	void convenienceOverloadOfAModelTheApplicationAlreadyProxiesThroughItsInterfaceIsTracedOnce() {
		SpringAiTestContext.runner().withUserConfiguration(InterfaceProxiedModels.class).run((context) -> {
			ChatModel model = context.getBean(ChatModel.class);
			assertThat(AopUtils.isJdkDynamicProxy(model)).isTrue();
			assertThat(model.call("one")).isEqualTo("echo: one");
			assertThat(model.stream(new Prompt("two")).collectList().block()).hasSize(1);
			assertThat(((SpringAiChatModelProxyTests.EchoModel) AopProxyUtils.getSingletonTarget(model)).calls)
				.hasValue(2);
			assertThat(ourSpans(context, "chat")).hasSize(2)
				.allSatisfy(
						(span) -> assertThat(span.getAttributes().get(AttributeKey.stringKey("gen_ai.provider.name")))
							.isEqualTo("spring-ai"));
			assertThat(context.getBean(CountingInterceptor.class).invocations).isPositive();
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class OpenAiController {

		@Bean
		ChatController chatController(OpenAiChatModel model) {
			return new ChatController(model);
		}

	}

	static class ChatController {

		final OpenAiChatModel model;

		ChatController(OpenAiChatModel model) {
			this.model = model;
		}

		String ask(String question) {
			return this.model.call(question);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class EchoModels {

		@Bean
		SpringAiChatModelProxyTests.EchoModel echoModel() {
			return new SpringAiChatModelProxyTests.EchoModel();
		}

		@Bean
		EchoConsumer echoConsumer(SpringAiChatModelProxyTests.EchoModel model) {
			return new EchoConsumer(model);
		}

	}

	static class EchoConsumer {

		final SpringAiChatModelProxyTests.EchoModel model;

		EchoConsumer(SpringAiChatModelProxyTests.EchoModel model) {
			this.model = model;
		}

	}

	/**
	 * The application proxies its model through its interfaces, before the starter sees
	 * it.
	 */
	@Configuration(proxyBeanMethods = false)
	static class InterfaceProxiedModels {

		@Bean
		ChatModel chatModel(CountingInterceptor interceptor) {
			ProxyFactory factory = new ProxyFactory(new SpringAiChatModelProxyTests.EchoModel());
			factory.setInterfaces(ChatModel.class);
			factory.addAdvice(interceptor);
			return (ChatModel) factory.getProxy();
		}

		@Bean
		CountingInterceptor countingInterceptor() {
			return new CountingInterceptor();
		}

	}

	static class CountingInterceptor implements MethodInterceptor {

		volatile int invocations;

		@Override
		public Object invoke(org.aopalliance.intercept.MethodInvocation invocation) throws Throwable {
			this.invocations++;
			return invocation.proceed();
		}

	}

}
