package dev.braintrust.spring.boot.benchmarks;

import com.openai.client.OpenAIClient;
import dev.braintrust.spring.boot.autoconfigure.BraintrustAutoConfiguration;
import dev.braintrust.spring.boot.autoconfigure.BraintrustTracingAutoConfiguration;
import dev.braintrust.spring.boot.integrations.openai.OpenAiAutoConfiguration;
import dev.braintrust.spring.boot.integrations.springai.SpringAiAutoConfiguration;
import io.opentelemetry.api.OpenTelemetry;

import org.springframework.ai.chat.model.ChatModel;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * An application context with the starter's tracing and the OpenAI and Spring AI
 * integrations, whose {@link OpenAIClient} and {@link ChatModel} beans are the in-memory
 * fakes; spans go to the given OpenTelemetry. The export auto-configuration is left out:
 * spans stay in memory.
 */
final class StarterContext {

	private StarterContext() {
	}

	static ConfigurableApplicationContext start(OpenTelemetry openTelemetry, boolean captureContent) {
		return new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.initializers((context) -> context.getBeanFactory().registerSingleton("openTelemetry", openTelemetry))
			.properties("braintrust.trace.capture-content=" + captureContent, "logging.level.root=WARN")
			.run();
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ BraintrustAutoConfiguration.class, BraintrustTracingAutoConfiguration.class,
			OpenAiAutoConfiguration.class, SpringAiAutoConfiguration.class })
	static class App {

		@Bean
		OpenAIClient openAIClient() {
			return FakeOpenAiHttpClient.completions();
		}

		@Bean
		OpenAIClient streamingOpenAIClient() {
			return FakeOpenAiHttpClient.streams(Payloads.STREAM_CHUNKS);
		}

		@Bean
		ChatModel chatModel() {
			return new CannedChatModel(Payloads.STREAM_CHUNKS);
		}

	}

}
