package dev.braintrust.spring.boot.trace;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.braintrust.spring.testapp.ChatCaller;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OpenTelemetrySpanWriterTests {

	private static final AttributeKey<String> SPAN_ATTRIBUTES = AttributeKey.stringKey("braintrust.span_attributes");

	private static final AttributeKey<String> CONTEXT_JSON = AttributeKey.stringKey("braintrust.context_json");

	private final TestTracing tracing = new TestTracing();

	@AfterEach
	void close() {
		this.tracing.close();
	}

	@Test
	void braintrustNameIsTheIntegrationsDisplayNameWhileTheSpanNameStaysOperationAndModel() {
		LlmCallDispatcher tracer = this.tracing.handler().build();
		LlmRequest request = LlmRequest.builder("openai", "openai", LlmOperation.CHAT)
			.displayName("Chat Completion")
			.model("gpt-4o-mini")
			.build();
		tracer.start(request).end(LlmCallDispatcherTests.openAiExampleResponse());
		assertThat(this.tracing.onlySpan().getName()).isEqualTo("chat gpt-4o-mini");
		assertThat(this.tracing.onlySpan().getAttributes().get(SPAN_ATTRIBUTES))
			.isEqualTo("{\"type\":\"llm\",\"name\":\"Chat Completion\"}");
	}

	@Test
	void toolSpansAreNamedAfterTheirToolAndNamesAreEscaped() {
		LlmCallDispatcher tracer = this.tracing.handler().build();
		tracer
			.start(LlmRequest.builder("spring-ai", "spring-ai", LlmOperation.EXECUTE_TOOL)
				.toolExecution("weather \"now\"", "call_1", "{}")
				.build())
			.end(LlmResponse.output(null, "sunny", null));
		assertThat(this.tracing.onlySpan().getAttributes().get(SPAN_ATTRIBUTES))
			.isEqualTo("{\"type\":\"tool\",\"name\":\"weather \\\"now\\\"\"}");
	}

	@Test
	void everySpanCarriesItsOriginWithTheIntegrationThatObservedIt() {
		SpanOrigin origin = new SpanOrigin(SpanOrigin.STARTER, "1.2.3", "ci", "github_actions");
		LlmCallDispatcher tracer = LlmCallDispatcher
			.builder(OpenTelemetrySpanWriter.builder(this.tracing.openTelemetry).origin(origin).build())
			.build();
		tracer.start(LlmCallDispatcherTests.openAiExampleRequest()).end(LlmCallDispatcherTests.openAiExampleResponse());
		tracer.start(LlmRequest.builder("anthropic", "anthropic", LlmOperation.CHAT).model("claude").build())
			.end(LlmCallDispatcherTests.openAiExampleResponse());
		List<String> contexts = this.tracing.spans()
			.stream()
			.map((span) -> span.getAttributes().get(CONTEXT_JSON))
			.toList();
		assertThat(contexts).containsExactly(
				"{\"span_origin\":{\"name\":\"braintrust-spring-boot-starter\",\"version\":\"1.2.3\","
						+ "\"instrumentation\":{\"name\":\"openai\"},"
						+ "\"environment\":{\"type\":\"ci\",\"name\":\"github_actions\"}}}",
				"{\"span_origin\":{\"name\":\"braintrust-spring-boot-starter\",\"version\":\"1.2.3\","
						+ "\"instrumentation\":{\"name\":\"anthropic\"},"
						+ "\"environment\":{\"type\":\"ci\",\"name\":\"github_actions\"}}}");
	}

	@Test
	void theSystemAttributeOfOlderConventionsIsWrittenOnlyWhenAskedFor() {
		LlmCallDispatcher current = this.tracing.handler().build();
		current.start(LlmCallDispatcherTests.openAiExampleRequest())
			.end(LlmCallDispatcherTests.openAiExampleResponse());
		LlmCallDispatcher legacy = LlmCallDispatcher
			.builder(OpenTelemetrySpanWriter.builder(this.tracing.openTelemetry).legacyAttributes(true).build())
			.build();
		legacy.start(LlmCallDispatcherTests.openAiExampleRequest()).end(LlmCallDispatcherTests.openAiExampleResponse());
		AttributeKey<String> system = AttributeKey.stringKey("gen_ai.system");
		assertThat(this.tracing.spans()).extracting((span) -> span.getAttributes().get(system))
			.containsExactly(null, "openai");
		assertThat(this.tracing.spans())
			.allSatisfy((span) -> assertThat(span.getAttributes().get(AttributeKey.stringKey("gen_ai.provider.name")))
				.isEqualTo("openai"));
	}

	@Test
	void callerLocationIsTheFirstApplicationFrameWhenAskedFor() throws IOException {
		LlmCallDispatcher located = LlmCallDispatcher
			.builder(OpenTelemetrySpanWriter.builder(this.tracing.openTelemetry).callerLocation(true).build())
			.build();
		LlmCallDispatcher plain = this.tracing.handler().build();
		for (LlmCallDispatcher tracer : List.of(located, plain)) {
			ChatCaller.askTheModel(() -> {
				tracer.start(LlmCallDispatcherTests.openAiExampleRequest())
					.end(LlmCallDispatcherTests.openAiExampleResponse());
			});
		}
		Attributes attributes = this.tracing.spans().get(0).getAttributes();
		assertThat(attributes.get(AttributeKey.stringKey("code.function.name")))
			.isEqualTo("dev.braintrust.spring.testapp.ChatCaller.askTheModel");
		assertThat(attributes.get(AttributeKey.stringKey("code.file.path")))
			.isEqualTo("dev/braintrust/spring/testapp/ChatCaller.java");
		assertThat(attributes.get(AttributeKey.longKey("code.line.number"))).isEqualTo(lineOf("// the call's line"));
		assertThat(this.tracing.spans().get(1).getAttributes().get(AttributeKey.stringKey("code.function.name")))
			.isNull();
	}

	private static long lineOf(String marker) throws IOException {
		List<String> lines = Files.readAllLines(Path.of("src/test/java/dev/braintrust/spring/testapp/ChatCaller.java"),
				StandardCharsets.UTF_8);
		for (int i = 0; i < lines.size(); i++) {
			if (lines.get(i).contains(marker)) {
				return i + 1;
			}
		}
		throw new IllegalStateException(marker);
	}

}
