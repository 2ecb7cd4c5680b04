package dev.braintrust.spring.boot.autoconfigure;

import dev.braintrust.spring.boot.testsupport.BootLine;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.braintrust.spring.boot.integration.FakeIntegration;
import dev.braintrust.spring.boot.integration.Integration;
import dev.braintrust.spring.boot.integration.IntegrationInfo;
import dev.braintrust.spring.boot.integration.IntegrationRegistry;
import dev.braintrust.spring.boot.trace.ChatMessage;
import dev.braintrust.spring.boot.trace.Choice;
import dev.braintrust.spring.boot.trace.ContentCapture;
import dev.braintrust.spring.boot.trace.ErrorClassifier;
import dev.braintrust.spring.boot.trace.LlmCall;
import dev.braintrust.spring.boot.trace.LlmCallDispatcher;
import dev.braintrust.spring.boot.trace.LlmCallListener;
import dev.braintrust.spring.boot.trace.LlmOperation;
import dev.braintrust.spring.boot.trace.LlmRequest;
import dev.braintrust.spring.boot.trace.LlmResponse;
import dev.braintrust.spring.boot.trace.LlmSpanWriter;
import dev.braintrust.spring.boot.trace.LlmTracer;
import dev.braintrust.spring.boot.trace.OpenTelemetrySpanWriter;
import dev.braintrust.spring.boot.trace.SpanContentRedactor;
import dev.braintrust.spring.boot.trace.TokenUsage;
import dev.braintrust.spring.testapp.ChatCaller;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class BraintrustTracingAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(BraintrustAutoConfiguration.class, BraintrustTracingAutoConfiguration.class));

	private static LlmRequest request(String integration) {
		return LlmRequest.builder(integration, "openai", LlmOperation.CHAT)
			.model("gpt-4o-mini")
			.message(ChatMessage.user("What is the capital of France?"))
			.build();
	}

	private static LlmResponse response() {
		return LlmResponse.chat("id", "gpt-4o-mini",
				List.of(new Choice(0, ChatMessage.assistant("The capital of France is Paris."), "stop")),
				TokenUsage.of(23, 7));
	}

	@Test
	void tracerIsAvailableWithoutOpenTelemetryOrMeterRegistry() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(LlmTracer.class).hasSingleBean(LlmCallDispatcher.class);
			LlmTracer tracer = context.getBean(LlmTracer.class);
			tracer.start(request("openai")).end(response());
		});
	}

	@Test
	void tracerWritesThroughTheApplicationsOpenTelemetryAndMeterRegistry() {
		this.runner.withUserConfiguration(InMemoryTracing.class, Meters.class).run((context) -> {
			context.getBean(LlmTracer.class).start(request("openai")).end(response());
			InMemorySpanExporter exporter = context.getBean(InMemorySpanExporter.class);
			assertThat(exporter.getFinishedSpanItems()).singleElement()
				.satisfies((span) -> assertThat(span.getName()).isEqualTo("chat gpt-4o-mini"));
			assertThat(context.getBean(MeterRegistry.class).get("gen_ai.client.operation.duration").timer().count())
				.isEqualTo(1);
		});
	}

	@Test
	void disabledStarterDefinesNoTracer() {
		this.runner.withPropertyValues("braintrust.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(LlmTracer.class));
	}

	@Test
	void userTracerWins() {
		this.runner.withUserConfiguration(UserTracer.class).run((context) -> {
			assertThat(context).hasSingleBean(LlmTracer.class).doesNotHaveBean(LlmCallDispatcher.class);
			assertThat(context.getBean(LlmTracer.class)).isSameAs(context.getBean("myTracer"));
		});
	}

	@Test
	void userSpanWriterReplacesTheSpansOnlyAndEveryOtherHandlerStillWorks() {
		this.runner.withUserConfiguration(InMemoryTracing.class, Meters.class, Extensions.class, UserSpanWriter.class)
			.run((context) -> {
				assertThat(context).hasSingleBean(LlmSpanWriter.class).doesNotHaveBean(OpenTelemetrySpanWriter.class);
				LlmTracer tracer = context.getBean(LlmTracer.class);
				tracer.start(request("fake")).end(response());
				tracer.start(request("fake")).error(new IllegalStateException("teapot"));
				UserSpanWriter writer = context.getBean(UserSpanWriter.class);
				assertThat(writer.ended).extracting(LlmCall::errorType).containsExactly(null, "teapot-error");
				assertThat(context.getBean(InMemorySpanExporter.class).getFinishedSpanItems())
					.as("the starter's own span writer is gone")
					.isEmpty();
				MeterRegistry meters = context.getBean(MeterRegistry.class);
				assertThat(meters.get("gen_ai.client.operation.duration").timers())
					.extracting((timer) -> timer.getId().getTag("error.type"))
					.containsExactlyInAnyOrder("none", "teapot-error");
				assertThat(context.getBean(Extensions.class).calls).hasSize(1);
				IntegrationInfo fake = context.getBean(IntegrationRegistry.class).find("fake").orElseThrow();
				assertThat(fake.calls()).isEqualTo(2);
				assertThat(fake.errors()).isEqualTo(1);
			});
	}

	@Test
	void captureContentIsReadPerIntegrationThenGlobally() {
		this.runner.withUserConfiguration(InMemoryTracing.class)
			.withPropertyValues("braintrust.trace.capture-content=false",
					"braintrust.integrations.openai.capture-content=true")
			.run((context) -> {
				LlmTracer tracer = context.getBean(LlmTracer.class);
				tracer.start(request("openai")).end(response());
				tracer.start(request("anthropic")).end(response());
				List<SpanData> spans = context.getBean(InMemorySpanExporter.class).getFinishedSpanItems();
				assertThat(spans.get(0).getAttributes().get(AttributeKey.stringKey("braintrust.input_json")))
					.isNotNull();
				assertThat(spans.get(1).getAttributes().get(AttributeKey.stringKey("braintrust.input_json"))).isNull();
			});
	}

	@Test
	void integrationMayTurnContentOffWhileGloballyOn() {
		this.runner.withUserConfiguration(InMemoryTracing.class)
			.withPropertyValues("braintrust.integrations.spring-ai.capture-content=false")
			.run((context) -> {
				LlmTracer tracer = context.getBean(LlmTracer.class);
				tracer.start(request("spring-ai")).end(response());
				tracer.start(request("openai")).end(response());
				List<SpanData> spans = context.getBean(InMemorySpanExporter.class).getFinishedSpanItems();
				assertThat(spans.get(0).getAttributes().get(AttributeKey.stringKey("braintrust.input_json"))).isNull();
				assertThat(spans.get(1).getAttributes().get(AttributeKey.stringKey("braintrust.input_json")))
					.isNotNull();
			});
	}

	@Test
	void traceSettingsListenersAndRedactorAreApplied() {
		this.runner.withUserConfiguration(InMemoryTracing.class, Extensions.class)
			.withPropertyValues("braintrust.trace.max-content-length=100", "braintrust.trace.gen-ai-content=true")
			.run((context) -> {
				context.getBean(LlmTracer.class)
					.start(LlmRequest.builder("openai", "openai", LlmOperation.CHAT)
						.model("m")
						.message(ChatMessage.user("France ".repeat(100)))
						.build())
					.end(response());
				SpanData span = context.getBean(InMemorySpanExporter.class).getFinishedSpanItems().get(0);
				String input = span.getAttributes().get(AttributeKey.stringKey("braintrust.input_json"));
				assertThat(input).hasSizeLessThanOrEqualTo(100).contains("[COUNTRY]").doesNotContain("France");
				assertThat(span.getAttributes().get(AttributeKey.stringKey("gen_ai.input.messages"))).isNotNull();
				assertThat(context.getBean(Extensions.class).calls).hasSize(1);
			});
	}

	@Test
	void spanContractSettingsAreApplied() {
		this.runner.withUserConfiguration(InMemoryTracing.class)
			.withPropertyValues("braintrust.environment.type=server", "braintrust.environment.name=Kubernetes",
					"braintrust.trace.gen-ai-legacy-attributes=true", "braintrust.trace.caller-location=true")
			.run((context) -> {
				ChatCaller.askTheModel(() -> context.getBean(LlmTracer.class)
					.start(LlmRequest.builder("openai", "openai", LlmOperation.CHAT).model("m").build())
					.end(response()));
				SpanData span = context.getBean(InMemorySpanExporter.class).getFinishedSpanItems().get(0);
				assertThat(span.getAttributes().get(AttributeKey.stringKey("braintrust.context_json")))
					.contains("\"instrumentation\":{\"name\":\"openai\"}")
					.endsWith("\"environment\":{\"type\":\"server\",\"name\":\"kubernetes\"}}}");
				assertThat(span.getAttributes().get(AttributeKey.stringKey("gen_ai.system"))).isEqualTo("openai");
				assertThat(span.getAttributes().get(AttributeKey.stringKey("code.function.name")))
					.isEqualTo("dev.braintrust.spring.testapp.ChatCaller.askTheModel");
			});
		this.runner.withUserConfiguration(InMemoryTracing.class)
			.withPropertyValues("braintrust.environment.type=none")
			.run((context) -> {
				ChatCaller.askTheModel(() -> context.getBean(LlmTracer.class)
					.start(LlmRequest.builder("openai", "openai", LlmOperation.CHAT).model("m").build())
					.end(response()));
				SpanData span = context.getBean(InMemorySpanExporter.class).getFinishedSpanItems().get(0);
				assertThat(span.getAttributes().get(AttributeKey.stringKey("braintrust.context_json")))
					.doesNotContain("environment");
				assertThat(span.getAttributes().get(AttributeKey.stringKey("gen_ai.system"))).isNull();
				assertThat(span.getAttributes().get(AttributeKey.stringKey("code.function.name"))).isNull();
			});
	}

	@Test
	void llmSpanStartedInsideAnObservationIsItsChildThroughBootsOpenTelemetryChain() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(BootLine.OPEN_TELEMETRY_SDK, BootLine.OPEN_TELEMETRY_TRACING,
					BootLine.MICROMETER_TRACING, BootLine.OBSERVATION, BraintrustAutoConfiguration.class,
					BraintrustTracingAutoConfiguration.class))
			.withUserConfiguration(Exporter.class)
			.withPropertyValues("management.tracing.sampling.probability=1.0")
			.run((context) -> {
				assertThat(context).hasSingleBean(OpenTelemetry.class).hasSingleBean(LlmTracer.class);
				ObservationRegistry observations = context.getBean(ObservationRegistry.class);
				LlmTracer tracer = context.getBean(LlmTracer.class);
				Observation.createNotStarted("user.request", observations)
					.observe(() -> tracer.start(request("openai")).end(response()));
				InMemorySpanExporter exporter = context.getBean(InMemorySpanExporter.class);
				await().untilAsserted(() -> assertThat(exporter.getFinishedSpanItems()).hasSize(2));
				Map<String, SpanData> spans = exporter.getFinishedSpanItems()
					.stream()
					.collect(java.util.stream.Collectors.toMap(SpanData::getName, (span) -> span));
				SpanData observation = spans.get("user.request");
				SpanData llm = spans.get("chat gpt-4o-mini");
				assertThat(observation).isNotNull();
				assertThat(llm).isNotNull();
				assertThat(llm.getTraceId()).isEqualTo(observation.getTraceId());
				assertThat(llm.getParentSpanId()).isEqualTo(observation.getSpanId());
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class InMemoryTracing {

		@Bean
		InMemorySpanExporter inMemorySpanExporter() {
			return InMemorySpanExporter.create();
		}

		@Bean(destroyMethod = "close")
		OpenTelemetrySdk openTelemetry(InMemorySpanExporter exporter) {
			return OpenTelemetrySdk.builder()
				.setTracerProvider(
						SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
				.build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Exporter {

		@Bean
		InMemorySpanExporter inMemorySpanExporter() {
			return InMemorySpanExporter.create();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Meters {

		@Bean
		SimpleMeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserTracer {

		@Bean
		LlmTracer myTracer() {
			return LlmTracer.noop();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserSpanWriter implements LlmSpanWriter {

		final List<LlmCall> ended = new java.util.concurrent.CopyOnWriteArrayList<>();

		@Override
		public Span start(LlmRequest request, Context parent, Instant startTime, ContentCapture content) {
			return Span.getInvalid();
		}

		@Override
		public void end(Span span, LlmCall call, ContentCapture content) {
			this.ended.add(call);
		}

		@Bean
		Integration fakeIntegration() {
			return new FakeIntegration();
		}

		@Bean
		ErrorClassifier teapotClassifier() {
			return (error) -> "teapot".equals(error.getMessage()) ? "teapot-error" : null;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Extensions implements LlmCallListener {

		final List<LlmCall> calls = new java.util.concurrent.CopyOnWriteArrayList<>();

		@Override
		public void onFinish(LlmCall call) {
			this.calls.add(call);
		}

		@Bean
		SpanContentRedactor redactor() {
			return (content) -> content.replace("France", "[COUNTRY]");
		}

	}

}
