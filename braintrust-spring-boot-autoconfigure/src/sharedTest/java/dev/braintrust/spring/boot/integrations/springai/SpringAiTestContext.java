package dev.braintrust.spring.boot.integrations.springai;

import dev.braintrust.spring.boot.testsupport.BootLine;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.braintrust.spring.boot.autoconfigure.BraintrustAutoConfiguration;
import dev.braintrust.spring.boot.autoconfigure.BraintrustTracingAutoConfiguration;
import dev.braintrust.spring.boot.autoconfigure.integrations.SpringAiAutoConfiguration;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;

import org.springframework.ai.model.chat.client.autoconfigure.ChatClientAutoConfiguration;
import org.springframework.ai.model.chat.observation.autoconfigure.ChatObservationAutoConfiguration;
import org.springframework.ai.model.embedding.observation.autoconfigure.EmbeddingObservationAutoConfiguration;
import org.springframework.ai.model.tool.autoconfigure.ToolCallingAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What the Spring AI integration tests share: Boot's real observation to OpenTelemetry
 * chain with an in-memory exporter, Spring AI's own auto-configurations, ours, and
 * readers of the exported spans.
 */
final class SpringAiTestContext {

	static final AttributeKey<String> OPERATION = AttributeKey.stringKey("gen_ai.operation.name");

	static final AttributeKey<String> SPAN_ATTRIBUTES = AttributeKey.stringKey("braintrust.span_attributes");

	private SpringAiTestContext() {
	}

	/**
	 * A runner with Boot's OpenTelemetry and Micrometer chain, Spring AI's tool, chat
	 * client and observation auto-configurations, ours, and the given model
	 * auto-configurations.
	 * @param models Spring AI's model auto-configurations
	 * @return the runner
	 */
	static ApplicationContextRunner runner(Class<?>... models) {
		Class<?>[] common = { BootLine.OPEN_TELEMETRY_SDK, BootLine.OPEN_TELEMETRY_TRACING, BootLine.MICROMETER_TRACING,
				BootLine.OBSERVATION, BootLine.METRICS, BootLine.SIMPLE_METRICS_EXPORT,
				BraintrustAutoConfiguration.class, BraintrustTracingAutoConfiguration.class,
				SpringAiAutoConfiguration.class, ToolCallingAutoConfiguration.class, ChatClientAutoConfiguration.class,
				ChatObservationAutoConfiguration.class, EmbeddingObservationAutoConfiguration.class };
		Class<?>[] support = SpringAiLine.modelSupport();
		Class<?>[] all = Arrays.copyOf(common, common.length + support.length + models.length);
		System.arraycopy(support, 0, all, common.length, support.length);
		System.arraycopy(models, 0, all, common.length + support.length, models.length);
		return new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(all))
			.withUserConfiguration(Exporter.class)
			.withPropertyValues("management.tracing.sampling.probability=1.0")
			.withPropertyValues(SpringAiLine.NO_RETRY);
	}

	/**
	 * Every span exported so far, after flushing Boot's batch span processor.
	 * @param context the application context
	 * @return the spans, in the order they ended
	 */
	static List<SpanData> spans(ApplicationContext context) {
		context.getBean(SdkTracerProvider.class).forceFlush().join(10, TimeUnit.SECONDS);
		return context.getBean(InMemorySpanExporter.class).getFinishedSpanItems();
	}

	/**
	 * The spans of one operation written by the starter ({@code chat},
	 * {@code embeddings}, {@code execute_tool}).
	 * @param context the application context
	 * @param operation the operation
	 * @return the spans
	 */
	static List<SpanData> ourSpans(ApplicationContext context, String operation) {
		return spans(context).stream()
			.filter((span) -> span.getAttributes().get(SPAN_ATTRIBUTES) != null)
			.filter((span) -> operation.equals(span.getAttributes().get(OPERATION)))
			.toList();
	}

	/**
	 * Spring AI's own model spans (its {@code gen_ai.client.operation} observation).
	 * @param context the application context
	 * @return the spans
	 */
	static List<SpanData> nativeModelSpans(ApplicationContext context) {
		return spans(context).stream()
			.filter((span) -> span.getAttributes().get(SPAN_ATTRIBUTES) == null)
			.filter((span) -> {
				String operation = span.getAttributes().get(OPERATION);
				return "chat".equals(operation) || "embeddings".equals(operation);
			})
			.toList();
	}

	@Configuration(proxyBeanMethods = false)
	static class Exporter {

		@Bean
		InMemorySpanExporter inMemorySpanExporter() {
			return InMemorySpanExporter.create();
		}

	}

}
