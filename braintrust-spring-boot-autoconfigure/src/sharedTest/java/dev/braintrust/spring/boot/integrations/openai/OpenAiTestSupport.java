package dev.braintrust.spring.boot.integrations.openai;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.openai.client.OpenAIClient;
import com.openai.client.OpenAIClientAsync;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.client.okhttp.OpenAIOkHttpClientAsync;
import dev.braintrust.spring.boot.autoconfigure.BraintrustAutoConfiguration;
import dev.braintrust.spring.boot.autoconfigure.BraintrustTracingAutoConfiguration;
import dev.braintrust.spring.boot.autoconfigure.integrations.OpenAiAutoConfiguration;
import dev.braintrust.spring.boot.trace.LlmCall;
import dev.braintrust.spring.boot.trace.LlmCallListener;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the OpenAI integration tests share: an application context with the starter's
 * auto-configurations, a real OpenTelemetry SDK exporting to memory, a listener that
 * records every call, and real OkHttp clients of the SDK declared as beans, pointed at
 * {@code test.openai.base-url}.
 */
final class OpenAiTestSupport {

	static final JsonMapper json = JsonMapper.builder().build();

	final InMemorySpanExporter exporter = InMemorySpanExporter.create();

	final OpenTelemetrySdk openTelemetry = OpenTelemetrySdk.builder()
		.setTracerProvider(
				SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(this.exporter)).build())
		.build();

	final RecordingListener listener = new RecordingListener();

	ApplicationContextRunner contextRunner(String baseUrl) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(BraintrustAutoConfiguration.class,
					BraintrustTracingAutoConfiguration.class, OpenAiAutoConfiguration.class))
			.withBean(OpenTelemetry.class, () -> this.openTelemetry)
			.withBean(RecordingListener.class, () -> this.listener)
			.withUserConfiguration(OpenAiClients.class)
			.withPropertyValues("test.openai.base-url=" + baseUrl);
	}

	List<SpanData> spans() {
		return this.exporter.getFinishedSpanItems();
	}

	SpanData onlySpan() {
		List<SpanData> spans = spans();
		assertThat(spans).hasSize(1);
		return spans.get(0);
	}

	static String string(SpanData span, String key) {
		return span.getAttributes().get(AttributeKey.stringKey(key));
	}

	static JsonNode jsonAttribute(SpanData span, String key) {
		String value = string(span, key);
		assertThat(value).as(key).isNotNull();
		return json.readTree(value);
	}

	static JsonNode parse(String text) {
		return json.readTree(text);
	}

	/**
	 * The SDK's clients as an application declares them.
	 */
	@Configuration(proxyBeanMethods = false)
	static class OpenAiClients {

		@Bean
		OpenAIClient openAIClient(@Value("${test.openai.base-url}") String baseUrl,
				@Value("${test.openai.timeout-millis:5000}") long timeoutMillis) {
			return OpenAIOkHttpClient.builder()
				.baseUrl(baseUrl)
				.apiKey("sk-test-key")
				.maxRetries(0)
				.timeout(Duration.ofMillis(timeoutMillis))
				.build();
		}

		@Bean
		OpenAIClientAsync openAIClientAsync(@Value("${test.openai.base-url}") String baseUrl) {
			return OpenAIOkHttpClientAsync.builder()
				.baseUrl(baseUrl)
				.apiKey("sk-test-key")
				.maxRetries(0)
				.timeout(Duration.ofSeconds(5))
				.build();
		}

	}

	/**
	 * Records the calls the tracer reports, to compare them with what the caller got.
	 */
	static final class RecordingListener implements LlmCallListener {

		final List<LlmCall> finished = new CopyOnWriteArrayList<>();

		final List<LlmCall> failed = new CopyOnWriteArrayList<>();

		@Override
		public void onFinish(LlmCall call) {
			this.finished.add(call);
		}

		@Override
		public void onError(LlmCall call) {
			this.failed.add(call);
		}

	}

}
