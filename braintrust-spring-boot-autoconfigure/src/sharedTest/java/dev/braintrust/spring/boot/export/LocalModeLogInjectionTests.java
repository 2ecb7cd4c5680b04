package dev.braintrust.spring.boot.export;

import dev.braintrust.spring.boot.testsupport.BootLine;
import java.time.Duration;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.braintrust.spring.boot.autoconfigure.BraintrustAutoConfiguration;
import dev.braintrust.spring.boot.autoconfigure.BraintrustExportAutoConfiguration;
import dev.braintrust.spring.boot.autoconfigure.BraintrustTracingAutoConfiguration;
import dev.braintrust.spring.boot.autoconfigure.integrations.OpenAiAutoConfiguration;
import dev.braintrust.spring.boot.testsupport.MockLlmServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Local mode logs one line per LLM call; a model name chosen by a caller (a gateway
 * passing its users' model names through) or sent back by the server cannot add lines of
 * its own to the application's log.
 */
@ExtendWith(OutputCaptureExtension.class)
class LocalModeLogInjectionTests {

	private static final String FORGED = "LLM chat gpt-4o [openai] tokens in=1 out=1 latency=1ms status=OK trace=forged";

	private final MockLlmServer server = MockLlmServer.start();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(BootLine.OPEN_TELEMETRY_SDK, BootLine.OPEN_TELEMETRY_TRACING,
				BraintrustAutoConfiguration.class, BraintrustTracingAutoConfiguration.class,
				BraintrustExportAutoConfiguration.class, OpenAiAutoConfiguration.class))
		.withPropertyValues("management.tracing.sampling.probability=1.0")
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
	void aModelNameWithALineBreakStaysOnTheCallsOwnLine(CapturedOutput output) {
		this.server.onPost("/v1/chat/completions")
			.jsonBody(
					"{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hi\"},"
							+ "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1,\"total_tokens\":2}}");
		this.runner.run((context) -> {
			assertThat(context.getBean(BraintrustExportStatus.class).getMode()).isEqualTo(ExportMode.LOCAL);
			OpenAIClient client = context.getBean(OpenAIClient.class);
			client.chat()
				.completions()
				.create(ChatCompletionCreateParams.builder()
					.model("gpt-4o\n" + FORGED)
					.addUserMessage("Hello")
					.build());
		});
		assertThat(output.getOut().lines()).noneMatch((line) -> line.startsWith("LLM chat gpt-4o [openai]"));
		assertThat(output.getOut().lines().filter((line) -> line.contains("LLM chat"))).singleElement()
			.satisfies((line) -> assertThat(line).contains("LLM chat gpt-4o\\n" + FORGED + " [openai]"));
	}

}
