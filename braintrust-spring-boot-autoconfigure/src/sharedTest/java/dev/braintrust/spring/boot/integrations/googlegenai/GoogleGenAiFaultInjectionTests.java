package dev.braintrust.spring.boot.integrations.googlegenai;

import java.util.List;

import com.google.genai.Client;
import com.google.genai.ResponseStream;
import com.google.genai.types.GenerateContentResponse;
import dev.braintrust.spring.boot.autoconfigure.BraintrustAutoConfiguration;
import dev.braintrust.spring.boot.autoconfigure.BraintrustTracingAutoConfiguration;
import dev.braintrust.spring.boot.autoconfigure.integrations.GoogleGenAiAutoConfiguration;
import dev.braintrust.spring.boot.integration.IntegrationInfo;
import dev.braintrust.spring.boot.integration.IntegrationRegistry;
import dev.braintrust.spring.boot.testsupport.Faults;
import dev.braintrust.spring.boot.testsupport.MockLlmServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mockito.MockedStatic;
import org.mockito.Mockito;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

import static dev.braintrust.spring.boot.integrations.googlegenai.GoogleGenAiIntegrationTests.GENERATE_PATH;
import static dev.braintrust.spring.boot.integrations.googlegenai.GoogleGenAiIntegrationTests.MODEL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;

/**
 * Every step of the mapping throwing (a linkage error, as a version of the SDK the
 * integration does not know could give, and a bug): the caller gets what the SDK gives
 * uninstrumented, the span ends, and the failure is counted.
 */
class GoogleGenAiFaultInjectionTests {

	private final InMemorySpanExporter exporter = InMemorySpanExporter.create();

	private final OpenTelemetrySdk openTelemetry = OpenTelemetrySdk.builder()
		.setTracerProvider(
				SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(this.exporter)).build())
		.build();

	private final MockLlmServer server = MockLlmServer.start();

	@AfterEach
	void stop() {
		this.server.close();
		this.openTelemetry.close();
	}

	static List<Throwable> faults() {
		return Faults.linkageErrorAndBug("com.google.genai.types.GenerateContentResponse.candidates()");
	}

	private ApplicationContextRunner runner() {
		Client client = GoogleGenAiIntegrationTests.geminiClient(this.server);
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(BraintrustAutoConfiguration.class,
					BraintrustTracingAutoConfiguration.class, GoogleGenAiAutoConfiguration.class))
			.withBean(OpenTelemetry.class, () -> this.openTelemetry)
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withBean("genAiClient", Client.class, () -> client);
	}

	@ParameterizedTest
	@MethodSource("faults")
	void aCallWhoseRequestCannotBeReadProceedsUntraced(Throwable fault) {
		this.server.onPost(GENERATE_PATH).json("googlegenai/generate-content-basic.json");
		runner().run((context) -> {
			try (MockedStatic<GenerateContentMapping> mapping = Mockito.mockStatic(GenerateContentMapping.class,
					Mockito.CALLS_REAL_METHODS)) {
				mapping
					.when(() -> GenerateContentMapping.request(any(), any(), any(), any(), Mockito.anyBoolean(), any(),
							Mockito.anyInt()))
					.thenThrow(fault);
				assertThat(context.getBean(Client.class).models.generateContent(MODEL, "Hello", null).text())
					.isEqualTo("The capital of France is Paris.");
			}
			assertThat(this.exporter.getFinishedSpanItems()).isEmpty();
			assertFailureCounted(context, "request");
		});
	}

	@ParameterizedTest
	@MethodSource("faults")
	void aCallWhoseResponseCannotBeReadReturnsTheSdksResult(Throwable fault) {
		this.server.onPost(GENERATE_PATH).json("googlegenai/generate-content-basic.json");
		runner().run((context) -> {
			try (MockedStatic<GenerateContentMapping> mapping = Mockito.mockStatic(GenerateContentMapping.class,
					Mockito.CALLS_REAL_METHODS)) {
				mapping.when(() -> GenerateContentMapping.response(any())).thenThrow(fault);
				assertThat(context.getBean(Client.class).models.generateContent(MODEL, "Hello", null).text())
					.isEqualTo("The capital of France is Paris.");
			}
			SpanData span = onlySpan();
			assertThat(span.getAttributes().get(AttributeKey.stringKey("braintrust.output_json"))).isNull();
			assertFailureCounted(context, "response");
		});
	}

	@ParameterizedTest
	@MethodSource("faults")
	void aStreamWhoseChunksCannotBeReadDeliversEveryChunkAndEnds(Throwable fault) {
		this.server.onPost("/v1beta/models/" + MODEL + ":streamGenerateContent")
			.sse("googlegenai/generate-content-stream.sse");
		runner().run((context) -> {
			StringBuilder text = new StringBuilder();
			try (MockedStatic<GenerateContentMapping> mapping = Mockito.mockStatic(GenerateContentMapping.class,
					Mockito.CALLS_REAL_METHODS)) {
				mapping.when(() -> GenerateContentMapping.chunk(any(), any(), any())).thenThrow(fault);
				try (ResponseStream<GenerateContentResponse> stream = context.getBean(Client.class).models
					.generateContentStream(MODEL, "Hello", null)) {
					for (GenerateContentResponse chunk : stream) {
						text.append(chunk.text());
					}
				}
			}
			assertThat(text).hasToString("The capital of France is Paris.");
			assertThat(onlySpan().hasEnded()).isTrue();
			assertFailureCounted(context, "chunk");
		});
	}

	private SpanData onlySpan() {
		assertThat(this.exporter.getFinishedSpanItems()).hasSize(1);
		return this.exporter.getFinishedSpanItems().get(0);
	}

	private static void assertFailureCounted(ApplicationContext context, String step) {
		IntegrationInfo info = context.getBean(IntegrationRegistry.class).find("google-genai").orElseThrow();
		assertThat(info.instrumentationFailures()).isEqualTo(1);
		assertThat(info.lastInstrumentationFailure()).startsWith(step + ": java.lang.");
		assertThat(context.getBean(MeterRegistry.class)
			.get("braintrust.instrumentation.failures")
			.tag("integration", "google-genai")
			.tag("step", step)
			.counter()
			.count()).isEqualTo(1);
	}

}
