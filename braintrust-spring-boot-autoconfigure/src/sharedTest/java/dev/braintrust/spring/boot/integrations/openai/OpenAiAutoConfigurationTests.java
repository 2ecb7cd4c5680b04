package dev.braintrust.spring.boot.integrations.openai;

import com.openai.client.OpenAIClient;
import com.openai.client.OpenAIClientAsync;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.braintrust.spring.boot.integration.BraintrustInstrumented;
import dev.braintrust.spring.boot.integration.IntegrationInfo;
import dev.braintrust.spring.boot.integration.IntegrationRegistry;
import dev.braintrust.spring.boot.integration.IntegrationStatus;
import dev.braintrust.spring.boot.integration.PatchedBean;
import dev.braintrust.spring.boot.testsupport.MockLlmServer;
import dev.braintrust.spring.boot.trace.ErrorClassifier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.aop.support.AopUtils;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the integration is switched on and off, and how it reports itself.
 */
class OpenAiAutoConfigurationTests {

	private final MockLlmServer server = MockLlmServer.start();

	private final OpenAiTestSupport support = new OpenAiTestSupport();

	@AfterEach
	void close() {
		this.server.close();
		this.support.openTelemetry.close();
	}

	private static ChatCompletionCreateParams params() {
		return ChatCompletionCreateParams.builder().model("gpt-4o-mini").addUserMessage("Hello").build();
	}

	@Test
	void integrationIsActiveAndReportsBothClientBeans() {
		this.support.contextRunner(this.server.baseUrl() + "/v1").run((context) -> {
			IntegrationInfo info = context.getBean(IntegrationRegistry.class).find("openai").orElseThrow();
			assertThat(info.status()).isEqualTo(IntegrationStatus.ACTIVE);
			assertThat(info.displayName()).isEqualTo("OpenAI Java SDK");
			assertThat(info.library().coordinates()).isEqualTo("com.openai:openai-java");
			assertThat(info.library().version()).isEqualTo(com.openai.core.Properties.getPackageVersion());
			assertThat(info.library().supportedVersions()).isEqualTo("[4.0.0,5.0.0)");
			assertThat(info.library().tested()).isEqualTo("4.101.0");
			assertThat(info.compatible()).isTrue();
			assertThat(info.patchedBeans()).containsExactlyInAnyOrder(
					new PatchedBean("openAIClient", "com.openai.client.OpenAIClient"),
					new PatchedBean("openAIClientAsync", "com.openai.client.OpenAIClientAsync"));
			assertThat(context).hasSingleBean(ErrorClassifier.class);
		});
	}

	@Test
	void clientBeanStaysInjectableAsOpenAIClientAndUnwrappable() {
		this.support.contextRunner(this.server.baseUrl() + "/v1")
			.withUserConfiguration(ClientConsumer.class)
			.run((context) -> {
				OpenAIClient client = context.getBean(ClientConsumer.class).client;
				assertThat(client).isSameAs(context.getBean(OpenAIClient.class));
				assertThat(client).isInstanceOf(BraintrustInstrumented.class);
				assertThat(AopUtils.isAopProxy(client)).isTrue();
				assertThat(context.getBean(OpenAIClientAsync.class)).isInstanceOf(BraintrustInstrumented.class);
			});
	}

	@Test
	void disabledIntegrationWrapsNoBean() {
		this.server.onPost("/v1/chat/completions").json("openai/chat-basic.json");
		this.support.contextRunner(this.server.baseUrl() + "/v1")
			.withPropertyValues("braintrust.integrations.openai.enabled=false")
			.run((context) -> {
				OpenAIClient client = context.getBean(OpenAIClient.class);
				assertThat(client).isNotInstanceOf(BraintrustInstrumented.class);
				assertThat(AopUtils.isAopProxy(client)).isFalse();
				IntegrationInfo info = context.getBean(IntegrationRegistry.class).find("openai").orElseThrow();
				assertThat(info.status()).isEqualTo(IntegrationStatus.DISABLED);
				assertThat(info.enabledBy()).isEqualTo("braintrust.integrations.openai.enabled");
				assertThat(info.patchedBeans()).isEmpty();
				client.chat().completions().create(params());
				assertThat(this.support.spans()).isEmpty();
			});
	}

	@Test
	void integrationSwitchedOffAtRuntimeRecordsNoSpanUntilSwitchedOnAgain() {
		this.server.onPost("/v1/chat/completions").json("openai/chat-basic.json");
		this.support.contextRunner(this.server.baseUrl() + "/v1").run((context) -> {
			IntegrationRegistry registry = context.getBean(IntegrationRegistry.class);
			OpenAIClient client = context.getBean(OpenAIClient.class);
			assertThat(registry.setEnabled("openai", false)).isEqualTo(IntegrationRegistry.Toggle.UPDATED);
			client.chat().completions().create(params());
			assertThat(this.support.spans()).isEmpty();
			assertThat(registry.setEnabled("openai", true)).isEqualTo(IntegrationRegistry.Toggle.UPDATED);
			client.chat().completions().create(params());
			assertThat(this.support.spans()).hasSize(1);
			assertThat(registry.find("openai").orElseThrow().calls()).isOne();
		});
	}

	@Test
	void serviceHeldWhileSwitchedOnFollowsTheRuntimeSwitch() {
		this.server.onPost("/v1/chat/completions").json("openai/chat-basic.json");
		this.support.contextRunner(this.server.baseUrl() + "/v1").run((context) -> {
			var completions = context.getBean(OpenAIClient.class).chat().completions();
			context.getBean(IntegrationRegistry.class).setEnabled("openai", false);
			completions.create(params());
			assertThat(this.support.spans()).isEmpty();
		});
	}

	@Test
	void integrationIsNotAvailableWithoutTheSdk() {
		this.support.contextRunner(this.server.baseUrl() + "/v1")
			.withClassLoader(new FilteredClassLoader(OpenAIClient.class))
			.run((context) -> {
				IntegrationInfo info = context.getBean(IntegrationRegistry.class).find("openai").orElseThrow();
				assertThat(info.status()).isEqualTo(IntegrationStatus.NOT_AVAILABLE);
				assertThat(info.available()).isFalse();
				assertThat(context).doesNotHaveBean(ErrorClassifier.class);
			});
	}

	@Test
	void starterSwitchedOffDeclaresNoIntegration() {
		this.support.contextRunner(this.server.baseUrl() + "/v1")
			.withPropertyValues("braintrust.enabled=false")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(IntegrationRegistry.class);
				assertThat(context).doesNotHaveBean(ErrorClassifier.class);
				assertThat(context.getBean(OpenAIClient.class)).isNotInstanceOf(BraintrustInstrumented.class);
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class ClientConsumer {

		final OpenAIClient client;

		ClientConsumer(OpenAIClient client) {
			this.client = client;
		}

		@Bean
		String consumerMarker() {
			return "consumer";
		}

	}

}
