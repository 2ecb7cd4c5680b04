package dev.braintrust.spring.boot.benchmarks;

import com.openai.client.OpenAIClient;
import dev.braintrust.spring.boot.autoconfigure.BraintrustAutoConfiguration;
import dev.braintrust.spring.boot.autoconfigure.BraintrustTracingAutoConfiguration;
import dev.braintrust.spring.boot.autoconfigure.integrations.OpenAiAutoConfiguration;
import dev.braintrust.spring.boot.autoconfigure.integrations.SpringAiAutoConfiguration;
import io.opentelemetry.api.OpenTelemetry;
import org.jspecify.annotations.Nullable;

import org.springframework.ai.chat.model.ChatModel;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.support.GenericApplicationContext;

/**
 * An application context with the starter's tracing and the OpenAI and Spring AI
 * integrations, whose {@link OpenAIClient} and {@link ChatModel} beans are the in-memory
 * fakes; spans go to the given OpenTelemetry. The export auto-configuration is left out:
 * spans stay in memory.
 */
final class StarterContext {

	static final String EXTRA_OPENAI_CLIENT = "extraOpenAIClient";

	private StarterContext() {
	}

	static ConfigurableApplicationContext start(OpenTelemetry openTelemetry, boolean captureContent) {
		return start(openTelemetry, captureContent, Payloads.STREAM_CHUNKS);
	}

	/**
	 * Start the context.
	 * @param openTelemetry where spans go
	 * @param captureContent the value of {@code braintrust.trace.capture-content}
	 * @param streamChunks the number of chunks of the fakes' streams
	 * @return the context
	 */
	static ConfigurableApplicationContext start(OpenTelemetry openTelemetry, boolean captureContent, int streamChunks) {
		return start(openTelemetry, captureContent, streamChunks, null);
	}

	/**
	 * Start the context with one more {@link OpenAIClient} bean, named
	 * {@link #EXTRA_OPENAI_CLIENT}, which the starter wraps as any other.
	 * @param openTelemetry where spans go
	 * @param captureContent the value of {@code braintrust.trace.capture-content}
	 * @param streamChunks the number of chunks of the fakes' streams
	 * @param extraClient the client of that bean, or null for none
	 * @return the context
	 */
	static ConfigurableApplicationContext start(OpenTelemetry openTelemetry, boolean captureContent, int streamChunks,
			@Nullable OpenAIClient extraClient) {
		return new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.initializers((context) -> {
				context.getBeanFactory().registerSingleton("openTelemetry", openTelemetry);
				if (extraClient != null) {
					// A bean definition, not a singleton, so that post-processors see it.
					((GenericApplicationContext) context).registerBean(EXTRA_OPENAI_CLIENT, OpenAIClient.class,
							() -> extraClient);
				}
			})
			.properties("braintrust.trace.capture-content=" + captureContent, "logging.level.root=WARN",
					"benchmark.stream-chunks=" + streamChunks)
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
		OpenAIClient streamingOpenAIClient(@Value("${benchmark.stream-chunks}") int chunks) {
			return FakeOpenAiHttpClient.streams(chunks);
		}

		@Bean
		ChatModel chatModel(@Value("${benchmark.stream-chunks}") int chunks) {
			return new CannedChatModel(chunks);
		}

	}

}
