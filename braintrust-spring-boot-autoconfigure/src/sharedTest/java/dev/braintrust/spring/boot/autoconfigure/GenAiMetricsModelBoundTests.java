package dev.braintrust.spring.boot.autoconfigure;

import dev.braintrust.spring.boot.testsupport.BootLine;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.braintrust.spring.boot.autoconfigure.integrations.OpenAiAutoConfiguration;
import dev.braintrust.spring.boot.testsupport.MockLlmServer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The GenAI client metrics are tagged with the request model; an application that passes
 * its callers' model names through would otherwise create meters without end.
 */
@ExtendWith(OutputCaptureExtension.class)
class GenAiMetricsModelBoundTests {

	private static final String WARNING = "Reached the maximum number of 'gen_ai.request.model' tags";

	private final MockLlmServer server = MockLlmServer.start();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(BootLine.METRICS, BootLine.COMPOSITE_METER_REGISTRY,
				BootLine.SIMPLE_METRICS_EXPORT, BraintrustAutoConfiguration.class,
				BraintrustTracingAutoConfiguration.class, OpenAiAutoConfiguration.class))
		.withBean(OpenAIClient.class,
				() -> OpenAIOkHttpClient.builder()
					.baseUrl(this.server.baseUrl() + "/v1")
					.apiKey("sk-test-key")
					.maxRetries(0)
					.timeout(Duration.ofSeconds(5))
					.build());

	@AfterEach
	void stopServer() {
		this.server.close();
	}

	@Test
	void modelsPastTheBoundCreateNoMeterAndAreReportedOnce(CapturedOutput output) {
		this.server.onPost("/v1/chat/completions").json("openai/chat-basic.json");
		this.runner.withPropertyValues("braintrust.metrics.max-models=2").run((context) -> {
			OpenAIClient client = context.getBean(OpenAIClient.class);
			for (String model : new String[] { "model-a", "model-b", "model-c", "model-d", "model-a", "model-e" }) {
				chat(client, model);
			}
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(models(registry, "gen_ai.client.operation.duration")).containsExactlyInAnyOrder("model-a",
					"model-b");
			assertThat(models(registry, "gen_ai.client.token.usage")).containsExactlyInAnyOrder("model-a", "model-b");
			assertThat(models(registry, "gen_ai.client.operation.time_to_first_chunk"))
				.containsExactlyInAnyOrder("model-a", "model-b");
			assertThat(registry.get("gen_ai.client.operation.duration")
				.tag("gen_ai.request.model", "model-a")
				.timer()
				.count()).isEqualTo(2);
		});
		assertThat(output.getOut().lines().filter((line) -> line.contains(WARNING))).singleElement()
			.satisfies((line) -> assertThat(line).contains("braintrust.metrics.max-models (2)"));
	}

	@Test
	void aHundredModelsAreRecordedByDefault() {
		this.server.onPost("/v1/chat/completions").json("openai/chat-basic.json");
		this.runner.run((context) -> {
			OpenAIClient client = context.getBean(OpenAIClient.class);
			for (int i = 0; i < 3; i++) {
				chat(client, "model-" + i);
			}
			assertThat(models(context.getBean(MeterRegistry.class), "gen_ai.client.operation.duration")).hasSize(3);
			assertThat(context.getBean(BraintrustProperties.class).getMetrics().getMaxModels()).isEqualTo(100);
		});
	}

	private static void chat(OpenAIClient client, String model) {
		client.chat()
			.completions()
			.create(ChatCompletionCreateParams.builder().model(model).addUserMessage("Hello").build());
	}

	private static Set<String> models(MeterRegistry registry, String name) {
		return registry.find(name)
			.meters()
			.stream()
			.map(Meter::getId)
			.map((id) -> id.getTag("gen_ai.request.model"))
			.collect(Collectors.toSet());
	}

}
