package dev.braintrust.spring.samples.langchain4j;

import java.util.List;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Boots the sample as a new user would run it (no OpenAI or Braintrust key, so offline
 * and in local mode) and checks the demo's spans: each question to the assistant is one
 * trace (model call, tool, model call), with the conversation on every span, and the
 * streamed answer has its time to first token.
 */
@SpringBootTest(properties = { "sample.openai.api-key=", "braintrust.api-key=",
		"braintrust.trace.content-to-other-exporters=true" })
class LangChain4jSampleApplicationTests {

	private static final AttributeKey<String> OPERATION = AttributeKey.stringKey("gen_ai.operation.name");

	private static final AttributeKey<String> CONVERSATION = AttributeKey.stringKey("gen_ai.conversation.id");

	@Autowired
	private InMemorySpanExporter exporter;

	@Autowired
	private SdkTracerProvider tracerProvider;

	@Test
	void demoQuestionsAreOneTraceEachWithTheConversationOnEverySpan() {
		// The demo ran before the test: its spans are all there once flushed.
		this.tracerProvider.forceFlush().join(10, java.util.concurrent.TimeUnit.SECONDS);
		List<SpanData> llm = this.exporter.getFinishedSpanItems()
			.stream()
			.filter((span) -> span.getAttributes().get(OPERATION) != null)
			.toList();
		List<SpanData> firstQuestion = llm.stream()
			.filter((span) -> span.getTraceId().equals(llm.get(0).getTraceId()))
			.toList();
		assertThat(firstQuestion).extracting(SpanData::getName)
			.containsExactly("chat gpt-4o-mini", "execute_tool currentWeather", "chat gpt-4o-mini",
					"invoke_agent Assistant.chat");
		assertThat(firstQuestion.subList(0, 3))
			.allSatisfy((span) -> assertThat(span.getParentSpanId()).isEqualTo(firstQuestion.get(3).getSpanId()));
		assertThat(firstQuestion)
			.allSatisfy((span) -> assertThat(span.getAttributes().get(CONVERSATION)).isEqualTo("alice"));
		assertThat(firstQuestion.get(2).getAttributes().get(AttributeKey.stringKey("braintrust.output_json")))
			.contains("The weather tool says");
		SpanData streamed = llm.get(llm.size() - 1);
		assertThat(streamed.getAttributes().get(AttributeKey.booleanKey("gen_ai.request.stream"))).isTrue();
		assertThat(streamed.getAttributes().get(AttributeKey.stringKey("braintrust.metrics")))
			.contains("time_to_first_token");
		assertThat(streamed.getAttributes().get(AttributeKey.stringKey("braintrust.output_json")))
			.contains("One, two, three, four, five.");
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Exporter {

		@Bean
		InMemorySpanExporter inMemorySpanExporter() {
			return InMemorySpanExporter.create();
		}

	}

}
