package dev.braintrust.spring.boot.integrations.bedrock;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.braintrust.spring.boot.autoconfigure.BraintrustAutoConfiguration;
import dev.braintrust.spring.boot.autoconfigure.BraintrustTracingAutoConfiguration;
import dev.braintrust.spring.boot.autoconfigure.integrations.BedrockAutoConfiguration;
import dev.braintrust.spring.boot.integration.IntegrationInfo;
import dev.braintrust.spring.boot.integration.IntegrationRegistry;
import dev.braintrust.spring.boot.testsupport.Faults;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.publisher.Flux;
import software.amazon.awssdk.core.async.SdkPublisher;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlockDeltaEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamOutput;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.Message;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

import static dev.braintrust.spring.boot.testsupport.Faults.faulty;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * Faults inside the instrumentation of the Bedrock Runtime clients never reach the
 * caller. The SDK's objects are replaced by ones whose every accessor throws, as an SDK
 * version the integration does not know would (a {@link NoSuchMethodError}) or as a bug
 * would (a {@link RuntimeException}): the caller gets exactly what the client returned,
 * futures complete, streams deliver every event, and the failure is counted.
 */
class BedrockFaultInjectionTests {

	private final InMemorySpanExporter exporter = InMemorySpanExporter.create();

	private final OpenTelemetrySdk openTelemetry = OpenTelemetrySdk.builder()
		.setTracerProvider(
				SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(this.exporter)).build())
		.build();

	private final BedrockRuntimeClient client = mock(BedrockRuntimeClient.class);

	private final BedrockRuntimeAsyncClient asyncClient = mock(BedrockRuntimeAsyncClient.class);

	static List<Throwable> faults() {
		return Faults
			.linkageErrorAndBug("software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse.output()");
	}

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(BraintrustAutoConfiguration.class,
					BraintrustTracingAutoConfiguration.class, BedrockAutoConfiguration.class))
			.withBean(OpenTelemetry.class, () -> this.openTelemetry)
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withBean("bedrockClient", BedrockRuntimeClient.class, () -> this.client)
			.withBean("bedrockAsyncClient", BedrockRuntimeAsyncClient.class, () -> this.asyncClient);
	}

	@ParameterizedTest
	@MethodSource("faults")
	void callWhoseRequestCannotBeReadProceedsUntraced(Throwable fault) {
		ConverseResponse response = ConverseResponse.builder().stopReason("end_turn").build();
		ConverseRequest request = faulty(ConverseRequest.class, fault);
		when(this.client.converse(any(ConverseRequest.class))).thenReturn(response);
		runner().run((context) -> {
			assertThat(context.getBean(BedrockRuntimeClient.class).converse(request)).isSameAs(response);
			assertThat(this.exporter.getFinishedSpanItems()).isEmpty();
			assertFailureCounted(context, "request");
		});
	}

	@ParameterizedTest
	@MethodSource("faults")
	void callWhoseResponseCannotBeReadReturnsTheSdkResult(Throwable fault) {
		ConverseResponse response = faulty(ConverseResponse.class, fault);
		when(this.client.converse(any(ConverseRequest.class))).thenReturn(response);
		runner().run((context) -> {
			assertThat(context.getBean(BedrockRuntimeClient.class).converse(request())).isSameAs(response);
			SpanData span = onlySpan();
			assertThat(span.hasEnded()).isTrue();
			assertThat(span.getAttributes().get(AttributeKey.stringKey("braintrust.output_json"))).isNull();
			assertFailureCounted(context, "response");
		});
	}

	@ParameterizedTest
	@MethodSource("faults")
	void asyncCallWhoseResponseCannotBeReadCompletesTheCallersFuture(Throwable fault) throws Exception {
		ConverseResponse response = faulty(ConverseResponse.class, fault);
		CompletableFuture<ConverseResponse> sdkFuture = new CompletableFuture<>();
		when(this.asyncClient.converse(any(ConverseRequest.class))).thenReturn(sdkFuture);
		runner().run((context) -> {
			CompletableFuture<ConverseResponse> future = context.getBean(BedrockRuntimeAsyncClient.class)
				.converse(request());
			// Completed on another thread, as the SDK's HTTP client does.
			CompletableFuture.runAsync(() -> sdkFuture.complete(response));
			assertThat(future.get(10, TimeUnit.SECONDS)).isSameAs(response);
			assertThat(onlySpan().hasEnded()).isTrue();
			assertFailureCounted(context, "response");
		});
	}

	@ParameterizedTest
	@MethodSource("faults")
	void streamWhoseEventsCannotBeReadDeliversEveryEventAndCompletes(Throwable fault) throws Exception {
		List<ConverseStreamOutput> events = List.of(faulty(ContentBlockDeltaEvent.class, fault),
				faulty(ContentBlockDeltaEvent.class, fault));
		when(this.asyncClient.converseStream(any(ConverseStreamRequest.class),
				any(ConverseStreamResponseHandler.class)))
			.thenAnswer((invocation) -> {
				ConverseStreamResponseHandler handler = invocation.getArgument(1);
				return CompletableFuture.runAsync(() -> {
					handler.onEventStream(SdkPublisher.adapt(Flux.fromIterable(events)));
					handler.complete();
				});
			});
		runner().run((context) -> {
			List<ConverseStreamOutput> received = new CopyOnWriteArrayList<>();
			ConverseStreamResponseHandler handler = ConverseStreamResponseHandler.builder()
				.subscriber(received::add)
				.build();
			context.getBean(BedrockRuntimeAsyncClient.class)
				.converseStream(ConverseStreamRequest.builder().modelId("amazon.nova-lite-v1:0").build(), handler)
				.get(10, TimeUnit.SECONDS);
			assertThat(received).containsExactlyElementsOf(events);
			assertThat(onlySpan().hasEnded()).isTrue();
			assertFailureCounted(context, "chunk");
		});
	}

	private static void assertFailureCounted(ApplicationContext context, String step) {
		IntegrationInfo info = context.getBean(IntegrationRegistry.class).find("bedrock").orElseThrow();
		assertThat(info.instrumentationFailures()).isEqualTo(1);
		assertThat(info.lastInstrumentationFailure()).startsWith(step + ": java.lang.");
		assertThat(context.getBean(MeterRegistry.class)
			.get("braintrust.instrumentation.failures")
			.tag("integration", "bedrock")
			.tag("step", step)
			.counter()
			.count()).isEqualTo(1);
	}

	private SpanData onlySpan() {
		assertThat(this.exporter.getFinishedSpanItems()).hasSize(1);
		return this.exporter.getFinishedSpanItems().get(0);
	}

	private static ConverseRequest request() {
		return ConverseRequest.builder()
			.modelId("amazon.nova-lite-v1:0")
			.messages(Message.builder().role(ConversationRole.USER).content(ContentBlock.fromText("Hello")).build())
			.build();
	}

}
