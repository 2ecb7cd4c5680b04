package dev.braintrust.spring.boot.autoconfigure;

import dev.braintrust.spring.boot.testsupport.BootLine;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.braintrust.spring.boot.autoconfigure.integrations.OpenAiAutoConfiguration;
import dev.braintrust.spring.boot.testsupport.MockLlmServer;
import dev.braintrust.spring.boot.trace.BraintrustSpans;
import dev.braintrust.spring.boot.trace.ChatMessage;
import dev.braintrust.spring.boot.trace.Choice;
import dev.braintrust.spring.boot.trace.LlmOperation;
import dev.braintrust.spring.boot.trace.LlmRequest;
import dev.braintrust.spring.boot.trace.LlmResponse;
import dev.braintrust.spring.boot.trace.LlmTracer;
import dev.braintrust.spring.boot.trace.TokenUsage;
import dev.braintrust.spring.boot.trace.Traced;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The span API in a Spring Boot application: metadata and tags on a {@link Traced}
 * method's span and on a model call's span in progress, nothing outside a span, another
 * Braintrust parent for a block, and a bean that records nothing when the starter is off.
 */
class BraintrustSpansTests {

	static final JsonMapper json = JsonMapper.builder().build();

	private final MockLlmServer server = MockLlmServer.start();

	private final InMemorySpanExporter exporter = InMemorySpanExporter.create();

	private final OpenTelemetrySdk openTelemetry = OpenTelemetrySdk.builder()
		.setTracerProvider(
				SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(this.exporter)).build())
		.build();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, BootLine.JACKSON,
				BraintrustAutoConfiguration.class, BraintrustTracingAutoConfiguration.class,
				BraintrustTracedAutoConfiguration.class, OpenAiAutoConfiguration.class))
		.withBean(OpenTelemetry.class, () -> this.openTelemetry)
		.withUserConfiguration(Beans.class)
		.withPropertyValues("test.openai.base-url=" + this.server.baseUrl() + "/v1");

	@AfterEach
	void close() {
		this.server.close();
		this.openTelemetry.close();
	}

	@Test
	void metadataAndTagsGoToTheTracedMethodsSpan() {
		this.runner.run((context) -> {
			context.getBean(Support.class).handle("ticket-7");
			SpanData span = onlySpan();
			assertThat(jsonAttribute(span, "braintrust.metadata")).isEqualTo(
					parse("{\"ticket\":\"ticket-7\",\"priority\":2,\"customer\":{\"id\":\"c-1\",\"tier\":\"gold\"}}"));
			assertThat(span.getAttributes().get(AttributeKey.stringArrayKey("braintrust.tags")))
				.containsExactly("support", "gold");
		});
	}

	@Test
	void metadataAddedDuringAModelCallIsMergedIntoItsMetadata() {
		this.runner.run((context) -> {
			BraintrustSpans spans = context.getBean(BraintrustSpans.class);
			LlmRequest request = LlmRequest.builder("openai", "openai", LlmOperation.CHAT)
				.model("gpt-4o-mini")
				.parameter("temperature", 0.2)
				.message(ChatMessage.user("What is the capital of France?"))
				.build();
			// What runs while a model call's span is current: code of the call itself, a
			// callback of its library
			String answer = context.getBean(LlmTracer.class).call(request, () -> {
				assertThat(spans.isRecording()).isTrue();
				spans.metadata("experiment_arm", "b");
				spans.metadata("model", "not-the-model");
				spans.metadata("temperature", 1.0);
				spans.tags("inner");
				return "Paris";
			}, (result) -> LlmResponse.chat("id", "gpt-4o-mini-2024-07-18",
					List.of(new Choice(0, ChatMessage.assistant(result), "stop")), TokenUsage.of(10, 1)));
			assertThat(answer).isEqualTo("Paris");
			SpanData span = onlySpan();
			assertThat(jsonAttribute(span, "braintrust.metadata")).isEqualTo(parse(
					"{\"provider\":\"openai\",\"model\":\"gpt-4o-mini-2024-07-18\",\"temperature\":0.2,\"experiment_arm\":\"b\"}"));
			assertThat(span.getAttributes().get(AttributeKey.stringArrayKey("braintrust.tags")))
				.containsExactly("inner");
			assertThat(spans.metadata("late", "ignored")).isFalse();
		});
	}

	@Test
	void outsideASpanNothingIsRecorded() {
		this.runner.run((context) -> {
			BraintrustSpans spans = context.getBean(BraintrustSpans.class);
			assertThat(spans.isRecording()).isFalse();
			assertThat(spans.metadata("key", "value")).isFalse();
			assertThat(spans.tags("tag")).isFalse();
			assertThat(this.exporter.getFinishedSpanItems()).isEmpty();
		});
	}

	@Test
	void spansStartedInAWithParentBlockGoToThatParent() throws Exception {
		this.server.onPost("/v1/chat/completions").json("openai/chat-basic.json");
		this.runner.run((context) -> {
			BraintrustSpans spans = context.getBean(BraintrustSpans.class);
			Support support = context.getBean(Support.class);
			String answer = spans.withParent("experiment_id:exp-123", () -> support.ask("What is the capital?"));
			assertThat(answer).isEqualTo("The capital of France is Paris.");
			support.ask("Again?");
			List<SpanData> all = this.exporter.getFinishedSpanItems();
			assertThat(all).hasSize(4);
			assertThat(all.subList(0, 2))
				.allSatisfy((span) -> assertThat(span.getAttributes().get(AttributeKey.stringKey("braintrust.parent")))
					.isEqualTo("experiment_id:exp-123"));
			assertThat(all.subList(2, 4))
				.allSatisfy((span) -> assertThat(span.getAttributes().get(AttributeKey.stringKey("braintrust.parent")))
					.isNull());
			assertThatIllegalArgumentException().isThrownBy(() -> spans.withParent("my-project", () -> {
			}));
		});
	}

	@Test
	void withTheStarterOffTheBeanRecordsNothingAndStillRunsBlocks() throws Exception {
		this.runner.withPropertyValues("braintrust.enabled=false").run((context) -> {
			BraintrustSpans spans = context.getBean(BraintrustSpans.class);
			assertThat(spans).isSameAs(BraintrustSpans.noop());
			assertThat(spans.withParent("project_name:other", () -> context.getBean(Support.class).handle("t")))
				.isEqualTo("handled t");
			assertThat(this.exporter.getFinishedSpanItems()).isEmpty();
		});
	}

	private SpanData onlySpan() {
		List<SpanData> spans = this.exporter.getFinishedSpanItems();
		assertThat(spans).hasSize(1);
		return spans.get(0);
	}

	static JsonNode jsonAttribute(SpanData span, String key) {
		String value = span.getAttributes().get(AttributeKey.stringKey(key));
		assertThat(value).as(key).isNotNull();
		return json.readTree(value);
	}

	static JsonNode parse(String text) {
		return json.readTree(text);
	}

	record Customer(String id, String tier) {
	}

	static class Support {

		private final BraintrustSpans spans;

		private final OpenAIClient client;

		Support(BraintrustSpans spans, OpenAIClient client) {
			this.spans = spans;
			this.client = client;
		}

		@Traced
		public String handle(String ticket) {
			this.spans.metadata("ticket", ticket);
			this.spans.metadata(Map.of("priority", 2));
			this.spans.metadata("customer", new Customer("c-1", "gold"));
			this.spans.tags("support", "gold", "support");
			return "handled " + ticket;
		}

		@Traced
		public String ask(String question) {
			return this.client.chat()
				.completions()
				.create(ChatCompletionCreateParams.builder().model("gpt-4o-mini").addUserMessage(question).build())
				.choices()
				.get(0)
				.message()
				.content()
				.orElse("");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Beans {

		@Bean
		Support support(BraintrustSpans spans, OpenAIClient client) {
			return new Support(spans, client);
		}

		@Bean
		OpenAIClient openAIClient(@Value("${test.openai.base-url}") String baseUrl) {
			return OpenAIOkHttpClient.builder()
				.baseUrl(baseUrl)
				.apiKey("sk-test-key")
				.maxRetries(0)
				.timeout(Duration.ofSeconds(5))
				.build();
		}

	}

}
