package dev.braintrust.spring.boot.benchmarks;

import java.util.concurrent.TimeUnit;

import com.openai.client.OpenAIClient;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

import org.springframework.ai.chat.model.ChatModel;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Starting and closing the same Spring Boot application (full auto-configuration, an
 * {@link OpenAIClient} bean and a {@link ChatModel} bean) with and without the starter's
 * auto-configurations. "without" excludes the starter's auto-configurations, so the
 * difference is what the starter's own configuration, registry and proxies cost; the
 * libraries the starter depends on (Actuator, Micrometer Tracing, OpenTelemetry) are on
 * the classpath in both cases. Run in SingleShotTime: each sample is one fresh context.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class StartupBenchmark {

	private static final String STARTER_AUTO_CONFIGURATIONS = String.join(",",
			"dev.braintrust.spring.boot.actuate.IntegrationsEndpointAutoConfiguration",
			"dev.braintrust.spring.boot.autoconfigure.BraintrustAutoConfiguration",
			"dev.braintrust.spring.boot.autoconfigure.BraintrustExportAutoConfiguration",
			"dev.braintrust.spring.boot.autoconfigure.BraintrustTracingAutoConfiguration",
			"dev.braintrust.spring.boot.autoconfigure.integrations.AnthropicAutoConfiguration",
			"dev.braintrust.spring.boot.autoconfigure.integrations.OpenAiAutoConfiguration",
			"dev.braintrust.spring.boot.autoconfigure.integrations.SpringAiAutoConfiguration");

	@Param({ "without", "with" })
	public String starter;

	@Benchmark
	public void startAndClose() {
		SpringApplicationBuilder builder = new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.properties("logging.level.root=WARN", "spring.jmx.enabled=false");
		if (this.starter.equals("without")) {
			builder.properties("spring.autoconfigure.exclude=" + STARTER_AUTO_CONFIGURATIONS);
		}
		try (ConfigurableApplicationContext context = builder.run()) {
			context.getBean(OpenAIClient.class).chat();
		}
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class App {

		@Bean
		OpenAIClient openAIClient() {
			return FakeOpenAiHttpClient.completions();
		}

		@Bean
		ChatModel chatModel() {
			return new CannedChatModel(Payloads.STREAM_CHUNKS);
		}

	}

}
