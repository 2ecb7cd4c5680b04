package dev.braintrust.spring.boot.autoconfigure;

import dev.braintrust.spring.boot.testsupport.BootLine;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.ResponseFormatJsonSchema;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.braintrust.spring.boot.autoconfigure.integrations.OpenAiAutoConfiguration;
import dev.braintrust.spring.boot.export.OtlpReceiver;
import dev.braintrust.spring.boot.testsupport.MockLlmServer;
import dev.braintrust.spring.boot.trace.ContentStrippingSpanExporter;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * The application's other exporters (here a {@code SpanExporter} bean of the user's,
 * which Spring Boot's tracing auto-configuration exports to, as it would to Zipkin or an
 * APM's OTLP endpoint) get the LLM spans without their content; Braintrust gets them
 * whole.
 */
@ExtendWith(OutputCaptureExtension.class)
class OtherExportersContentTests {

	private static final String PROMPT = "What is the capital of France?";

	private static final List<String> CONTENT = List.of("braintrust.input_json", "braintrust.output_json",
			"gen_ai.input.messages", "gen_ai.output.messages");

	private final MockLlmServer models = MockLlmServer.start();

	private OtlpReceiver braintrust;

	private ApplicationContextRunner runner;

	@BeforeEach
	void setUp() throws Exception {
		this.braintrust = new OtlpReceiver();
		this.runner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(BootLine.OPEN_TELEMETRY_SDK, BootLine.OPEN_TELEMETRY_TRACING,
					BraintrustAutoConfiguration.class, BraintrustTracingAutoConfiguration.class,
					BraintrustExportAutoConfiguration.class, BraintrustOtherExportersAutoConfiguration.class,
					OpenAiAutoConfiguration.class))
			.withPropertyValues("management.tracing.sampling.probability=1.0",
					"braintrust.api-url=" + this.braintrust.baseUrl(), "braintrust.export.schedule-delay=50ms",
					"braintrust.trace.gen-ai-content=true")
			.withBean(InMemorySpanExporter.class, InMemorySpanExporter::create)
			.withBean(OpenAIClient.class,
					() -> OpenAIOkHttpClient.builder()
						.baseUrl(this.models.baseUrl() + "/v1")
						.apiKey("sk-test-key")
						.maxRetries(0)
						.timeout(Duration.ofSeconds(5))
						.build());
	}

	@AfterEach
	void tearDown() {
		this.braintrust.close();
		this.models.close();
	}

	@Test
	void otherExportersGetLlmSpansWithoutContentAndBraintrustWithIt() {
		this.models.onPost("/v1/chat/completions").json("openai/chat-basic.json");
		this.runner.withPropertyValues("braintrust.api-key=sk-test-braintrust").run((context) -> {
			chat(context);
			context.getBean(OpenTelemetry.class).getTracer("test").spanBuilder("GET /hello").startSpan().end();
			List<SpanData> other = otherExporterSpans(context, 2);
			SpanData llm = llmSpan(other);
			for (String name : CONTENT) {
				assertThat(llm.getAttributes().get(AttributeKey.stringKey(name))).as(name).isNull();
			}
			assertThat(llm.getAttributes().get(AttributeKey.stringKey("gen_ai.request.model")))
				.isEqualTo("gpt-4o-mini");
			assertThat(llm.getAttributes().get(AttributeKey.longKey("gen_ai.usage.input_tokens"))).isEqualTo(23);
			assertThat(llm.getAttributes().get(AttributeKey.stringKey("braintrust.metadata")))
				.isEqualTo("{\"provider\":\"openai\",\"model\":\"gpt-4o-mini-2024-07-18\","
						+ "\"response_format\":{\"type\":\"json_schema\"},\"temperature\":0.2}");
			assertThat(other.toString()).doesNotContain("capital").doesNotContain("alice");
			assertThat(other).extracting(SpanData::getName).contains("GET /hello");

			Span sent = await().atMost(Duration.ofSeconds(10))
				.until(() -> this.braintrust.spans()
					.stream()
					.filter((span) -> span.getName().equals("chat gpt-4o-mini"))
					.findFirst(), java.util.Optional::isPresent)
				.orElseThrow();
			Map<String, String> attributes = attributes(sent);
			assertThat(attributes.get("braintrust.input_json")).contains(PROMPT);
			assertThat(attributes.get("braintrust.output_json")).contains("Paris");
			assertThat(attributes.get("gen_ai.input.messages")).contains(PROMPT);
			assertThat(attributes.get("braintrust.metadata")).contains("\"name\":\"alice\"");
		});
	}

	@Test
	void otherExportersGetTheTypeButNotTheMessageOfAnError() {
		this.models.onPost("/v1/chat/completions")
			.status(400)
			.jsonBody(
					"{\"error\":{\"message\":\"Invalid value for 'user': 'alice'\",\"type\":\"invalid_request_error\","
							+ "\"param\":\"user\",\"code\":null}}");
		this.runner.withPropertyValues("braintrust.api-key=sk-test-braintrust").run((context) -> {
			assertThat(catchThrowable(() -> chat(context))).hasMessageContaining("alice");
			SpanData llm = llmSpan(otherExporterSpans(context, 1));
			assertThat(llm.getAttributes().get(AttributeKey.stringKey("error.type"))).isEqualTo("bad_request");
			assertThat(llm.getEvents()).singleElement().satisfies((event) -> {
				assertThat(event.getName()).isEqualTo("exception");
				assertThat(event.getAttributes().get(AttributeKey.stringKey("exception.type"))).isNotNull();
				assertThat(event.getAttributes().get(AttributeKey.stringKey("exception.message"))).isNull();
				assertThat(event.getAttributes().get(AttributeKey.stringKey("exception.stacktrace"))).isNull();
			});
			Span sent = await().atMost(Duration.ofSeconds(10))
				.until(() -> this.braintrust.spans(), (spans) -> !spans.isEmpty())
				.get(0);
			assertThat(sent.getEvents(0).getAttributesList()).extracting(KeyValue::getKey)
				.contains("exception.message");
		});
	}

	@Test
	void inLocalModeOtherExportersGetNoContentEither(CapturedOutput output) {
		this.models.onPost("/v1/chat/completions").json("openai/chat-basic.json");
		this.runner.run((context) -> {
			chat(context);
			SpanData llm = llmSpan(otherExporterSpans(context, 1));
			for (String name : CONTENT) {
				assertThat(llm.getAttributes().get(AttributeKey.stringKey(name))).as(name).isNull();
			}
		});
		assertThat(output.getOut()).contains("LLM chat gpt-4o-mini [openai] tokens in=23 out=7");
	}

	@Test
	void contentGoesToOtherExportersWhenAskedFor() {
		this.models.onPost("/v1/chat/completions").json("openai/chat-basic.json");
		this.runner
			.withPropertyValues("braintrust.api-key=sk-test-braintrust",
					"braintrust.trace.content-to-other-exporters=true")
			.run((context) -> {
				assertThat(BootLine.spanExporters(context)).singleElement().isInstanceOf(InMemorySpanExporter.class);
				chat(context);
				SpanData llm = llmSpan(otherExporterSpans(context, 1));
				assertThat(llm.getAttributes().get(AttributeKey.stringKey("braintrust.input_json"))).contains(PROMPT);
				assertThat(llm.getAttributes().get(AttributeKey.stringKey("braintrust.metadata")))
					.contains("\"name\":\"alice\"");
				await().atMost(Duration.ofSeconds(10)).until(() -> !this.braintrust.spans().isEmpty());
				assertThat(attributes(this.braintrust.spans().get(0)).get("braintrust.input_json")).contains(PROMPT);
			});
	}

	@Test
	void exporterBeansKeepTheirClassOnlyBootsExportPathIsWrapped() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(InMemorySpanExporter.class);
			assertThat(BootLine.spanExporters(context)).singleElement()
				.isInstanceOfSatisfying(ContentStrippingSpanExporter.class,
						(exporter) -> assertThat(exporter.getDelegate())
							.isSameAs(context.getBean(InMemorySpanExporter.class)));
		});
	}

	private void chat(AssertableApplicationContext context) {
		context.getBean(OpenAIClient.class)
			.chat()
			.completions()
			.create(ChatCompletionCreateParams.builder()
				.model("gpt-4o-mini")
				.addUserMessage(PROMPT)
				.temperature(0.2)
				.responseFormat(ResponseFormatJsonSchema.builder()
					.jsonSchema(ResponseFormatJsonSchema.JsonSchema.builder().name("alice").build())
					.build())
				.build());
	}

	private static List<SpanData> otherExporterSpans(AssertableApplicationContext context, int count) {
		InMemorySpanExporter exporter = context.getBean(InMemorySpanExporter.class);
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			context.getBean(SdkTracerProvider.class).forceFlush().join(5, TimeUnit.SECONDS);
			assertThat(exporter.getFinishedSpanItems()).hasSizeGreaterThanOrEqualTo(count);
		});
		return exporter.getFinishedSpanItems();
	}

	private static SpanData llmSpan(List<SpanData> spans) {
		return spans.stream()
			.filter((span) -> span.getName().equals("chat gpt-4o-mini"))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no LLM span in " + spans));
	}

	private static Map<String, String> attributes(Span span) {
		return span.getAttributesList()
			.stream()
			.collect(Collectors.toMap(KeyValue::getKey, (attribute) -> attribute.getValue().getStringValue(),
					(first, second) -> first));
	}

}
