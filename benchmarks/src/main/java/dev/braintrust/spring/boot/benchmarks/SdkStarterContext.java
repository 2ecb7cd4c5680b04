package dev.braintrust.spring.boot.benchmarks;

import java.util.Map;

import dev.braintrust.spring.boot.autoconfigure.BraintrustAutoConfiguration;
import dev.braintrust.spring.boot.autoconfigure.BraintrustTracingAutoConfiguration;
import dev.braintrust.spring.boot.autoconfigure.integrations.BedrockAutoConfiguration;
import dev.braintrust.spring.boot.autoconfigure.integrations.GoogleGenAiAutoConfiguration;
import io.opentelemetry.api.OpenTelemetry;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.support.GenericApplicationContext;

/**
 * An application context with the starter's tracing and the integrations of the
 * providers' own SDKs benchmarked here (Bedrock, Google GenAI), whose client beans are
 * the given in-memory fakes; spans go to the given OpenTelemetry. The export
 * auto-configuration is left out: spans stay in memory.
 */
final class SdkStarterContext {

	private SdkStarterContext() {
	}

	/**
	 * Start the context.
	 * @param <T> the client type
	 * @param openTelemetry where spans go
	 * @param captureContent the value of {@code braintrust.trace.capture-content}
	 * @param type the client type
	 * @param clients the client beans, by bean name
	 * @return the context
	 */
	static <T> ConfigurableApplicationContext start(OpenTelemetry openTelemetry, boolean captureContent, Class<T> type,
			Map<String, T> clients) {
		return new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.initializers((context) -> {
				context.getBeanFactory().registerSingleton("openTelemetry", openTelemetry);
				// Bean definitions, not singletons, so that post-processors see them.
				clients.forEach(
						(name, client) -> ((GenericApplicationContext) context).registerBean(name, type, () -> client));
			})
			.properties("braintrust.trace.capture-content=" + captureContent, "logging.level.root=WARN")
			.run();
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ BraintrustAutoConfiguration.class, BraintrustTracingAutoConfiguration.class,
			BedrockAutoConfiguration.class, GoogleGenAiAutoConfiguration.class })
	static class App {

	}

}
