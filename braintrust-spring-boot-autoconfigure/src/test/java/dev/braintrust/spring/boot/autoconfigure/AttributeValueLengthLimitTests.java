package dev.braintrust.spring.boot.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.FunctionDefinition;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import dev.braintrust.spring.boot.autoconfigure.integrations.OpenAiAutoConfiguration;
import dev.braintrust.spring.boot.testsupport.MockLlmServer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Spring Boot's span limit
 * ({@code management.opentelemetry.tracing.limits.max-attribute-value-length}) cuts every
 * longer string attribute wherever it falls; the starter's JSON attributes are bounded by
 * it too, so that they arrive as valid JSON.
 */
class AttributeValueLengthLimitTests {

	private static final List<String> JSON_ATTRIBUTES = List.of("braintrust.input_json", "braintrust.output_json",
			"braintrust.metadata", "gen_ai.input.messages", "gen_ai.output.messages");

	private final MockLlmServer server = MockLlmServer.start();

	private final InMemorySpanExporter exporter = InMemorySpanExporter.create();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(OpenTelemetrySdkAutoConfiguration.class,
				OpenTelemetryTracingAutoConfiguration.class, BraintrustAutoConfiguration.class,
				BraintrustTracingAutoConfiguration.class, OpenAiAutoConfiguration.class))
		.withPropertyValues("management.tracing.sampling.probability=1.0", "braintrust.trace.gen-ai-content=true")
		// Sees the spans as the starter's own export does: through a span processor.
		.withBean(SpanProcessor.class, () -> SimpleSpanProcessor.create(this.exporter))
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

	// Spring Boot 4.1 brought the limit; before it nothing cuts the attributes.
	@Test
	@EnabledIf("bootLimitsAttributeValues")
	void jsonAttributesStayValidUnderBootsAttributeValueLengthLimit() {
		this.server.onPost("/v1/chat/completions").json("openai/chat-basic.json");
		this.runner.withPropertyValues("management.opentelemetry.tracing.limits.max-attribute-value-length=200")
			.run((context) -> {
				call(context.getBean(OpenAIClient.class));
				SpanData span = onlySpan();
				for (String name : JSON_ATTRIBUTES) {
					String value = span.getAttributes().get(AttributeKey.stringKey(name));
					assertThat(value).as(name).isNotNull().hasSizeLessThanOrEqualTo(200);
					assertThatNoException().as(name).isThrownBy(() -> JsonMapper.builder().build().readTree(value));
				}
				assertThat(span.getAttributes().get(AttributeKey.stringKey("braintrust.input_json")))
					.contains("[truncated ");
				assertThat(span.getAttributes().get(AttributeKey.stringKey("braintrust.metadata")))
					.contains("\"model\":\"gpt-4o-mini-2024-07-18\"");
			});
	}

	@Test
	void maxContentLengthBelowTheLimitStillApplies() {
		this.server.onPost("/v1/chat/completions").json("openai/chat-basic.json");
		this.runner
			.withPropertyValues("management.opentelemetry.tracing.limits.max-attribute-value-length=2000",
					"braintrust.trace.max-content-length=300")
			.run((context) -> {
				call(context.getBean(OpenAIClient.class));
				String input = onlySpan().getAttributes().get(AttributeKey.stringKey("braintrust.input_json"));
				assertThat(input).hasSizeLessThanOrEqualTo(300).hasSizeGreaterThan(200);
			});
	}

	private SpanData onlySpan() {
		List<SpanData> spans = new ArrayList<>(this.exporter.getFinishedSpanItems());
		assertThat(spans).hasSize(1);
		return spans.get(0);
	}

	static boolean bootLimitsAttributeValues() {
		return ClassUtils.isPresent(
				"org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingProperties$Limits",
				null);
	}

	private static void call(OpenAIClient client) {
		ChatCompletionCreateParams.Builder params = ChatCompletionCreateParams.builder()
			.model("gpt-4o-mini")
			.addSystemMessage("You summarize documents.")
			.addUserMessage("Summarize: " + "a long document ".repeat(200))
			.temperature(0.2);
		for (String name : List.of("search", "fetch", "summarize")) {
			params.addTool(ChatCompletionFunctionTool.builder()
				.function(FunctionDefinition.builder()
					.name(name)
					.description("A tool whose description is long: " + "more words ".repeat(30))
					.build())
				.build());
		}
		client.chat().completions().create(params.build());
	}

}
