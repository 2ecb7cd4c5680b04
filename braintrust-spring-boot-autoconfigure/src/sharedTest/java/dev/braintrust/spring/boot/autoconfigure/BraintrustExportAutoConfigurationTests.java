package dev.braintrust.spring.boot.autoconfigure;

import dev.braintrust.spring.boot.testsupport.BootLine;
import dev.braintrust.spring.boot.testsupport.BootLine.HealthView;
import java.time.Duration;

import dev.braintrust.spring.boot.actuate.BraintrustHealthIndicator;
import dev.braintrust.spring.boot.export.BraintrustExportMetrics;
import dev.braintrust.spring.boot.export.BraintrustExportStatus;
import dev.braintrust.spring.boot.export.BraintrustSpanProcessor;
import dev.braintrust.spring.boot.export.CircuitBreakerState;
import dev.braintrust.spring.boot.export.ExportMode;
import dev.braintrust.spring.boot.export.LocalSpanLogger;
import dev.braintrust.spring.boot.export.OtlpReceiver;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link BraintrustExportAutoConfiguration} with Spring Boot's own
 * OpenTelemetry chain.
 */
@ExtendWith(OutputCaptureExtension.class)
class BraintrustExportAutoConfigurationTests {

	private static final String KEY = "sk-canary-autoconfig-5d2a91";

	private OtlpReceiver receiver;

	private ApplicationContextRunner runner;

	@BeforeEach
	void setUp() throws Exception {
		this.receiver = new OtlpReceiver();
		this.runner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(BootLine.OPEN_TELEMETRY_SDK, BootLine.OPEN_TELEMETRY_TRACING,
					BootLine.MICROMETER_TRACING, BootLine.OTLP_TRACING, BootLine.METRICS,
					BootLine.SIMPLE_METRICS_EXPORT, BraintrustAutoConfiguration.class,
					BraintrustExportAutoConfiguration.class))
			.withPropertyValues("braintrust.api-url=" + this.receiver.baseUrl(),
					"management.tracing.sampling.probability=1.0");
	}

	@AfterEach
	void tearDown() {
		this.receiver.close();
	}

	private static void aiSpan(Tracer tracer, String name) {
		tracer.spanBuilder(name)
			.setAttribute("gen_ai.operation.name", "chat")
			.setAttribute("gen_ai.request.model", "gpt-4o-mini")
			.setAttribute("braintrust.span_attributes", "{\"type\":\"llm\"}")
			.startSpan()
			.end();
	}

	@Test
	void withApiKeyBootsTracerProviderExportsAiSpansToBraintrustAndEverythingToOtherExporters() {
		this.runner.withUserConfiguration(InMemoryExporterConfiguration.class)
			.withPropertyValues("braintrust.api-key=" + KEY, "braintrust.project=my-app",
					"braintrust.export.schedule-delay=50ms")
			.run((context) -> {
				assertThat(context).hasSingleBean(BraintrustSpanProcessor.class)
					.doesNotHaveBean(LocalSpanLogger.class)
					.doesNotHaveBean(OtlpHttpSpanExporter.class);
				// our only SpanExporter-typed bean is the user's: Boot does not export
				// twice
				assertThat(context.getBeansOfType(SpanExporter.class)).containsOnlyKeys("inMemorySpanExporter");
				Tracer tracer = context.getBean(OpenTelemetry.class).getTracer("test");
				aiSpan(tracer, "chat gpt-4o-mini");
				tracer.spanBuilder("GET /hello").startSpan().end();
				await().atMost(Duration.ofSeconds(10)).until(() -> !this.receiver.requests().isEmpty());
				assertThat(this.receiver.spanNames()).containsExactly("chat gpt-4o-mini");
				OtlpReceiver.Received request = this.receiver.requests().get(0);
				assertThat(request.path()).isEqualTo("/otel/v1/traces");
				assertThat(request.header("Authorization")).isEqualTo("Bearer " + KEY);
				assertThat(request.header("x-bt-parent")).isEqualTo("project_name:my-app");
				context.getBean(SdkTracerProvider.class).forceFlush();
				InMemorySpanExporter other = context.getBean(InMemorySpanExporter.class);
				await().atMost(Duration.ofSeconds(10))
					.untilAsserted(() -> assertThat(other.getFinishedSpanItems()).extracting(SpanData::getName)
						.containsExactlyInAnyOrder("chat gpt-4o-mini", "GET /hello"));
				BraintrustExportStatus status = context.getBean(BraintrustExportStatus.class);
				assertThat(status.getMode()).isEqualTo(ExportMode.BRAINTRUST);
				assertThat(status.getEndpoint()).isEqualTo(this.receiver.baseUrl() + "/otel/v1/traces");
				assertThat(status.isApiKeyConfigured()).isTrue();
			});
	}

	@Test
	void projectIdIsSentAsParent() {
		this.runner
			.withPropertyValues("braintrust.api-key=" + KEY, "braintrust.project-id=p-123",
					"braintrust.export.schedule-delay=50ms")
			.run((context) -> {
				aiSpan(context.getBean(OpenTelemetry.class).getTracer("test"), "chat");
				await().atMost(Duration.ofSeconds(10)).until(() -> !this.receiver.requests().isEmpty());
				assertThat(this.receiver.requests().get(0).header("x-bt-parent")).isEqualTo("project_id:p-123");
			});
	}

	@Test
	void filterCanBeTurnedOff() {
		this.runner
			.withPropertyValues("braintrust.api-key=" + KEY, "braintrust.export.filter-ai-spans=false",
					"braintrust.export.schedule-delay=50ms")
			.run((context) -> {
				context.getBean(OpenTelemetry.class).getTracer("test").spanBuilder("GET /hello").startSpan().end();
				await().atMost(Duration.ofSeconds(10)).until(() -> !this.receiver.requests().isEmpty());
				assertThat(this.receiver.spanNames()).containsExactly("GET /hello");
			});
	}

	@Test
	void contextCloseFlushesPendingSpans() {
		this.runner.withPropertyValues("braintrust.api-key=" + KEY, "braintrust.export.schedule-delay=1h")
			.run((context) -> {
				Tracer tracer = context.getBean(OpenTelemetry.class).getTracer("test");
				for (int i = 0; i < 3; i++) {
					aiSpan(tracer, "pending-" + i);
				}
				assertThat(this.receiver.attempts()).isZero();
			});
		assertThat(this.receiver.spanNames()).containsExactlyInAnyOrder("pending-0", "pending-1", "pending-2");
	}

	@Test
	void addingTheStarterDoesNotStartBootsOwnOtlpExporter() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(OtlpHttpSpanExporter.class)
			.doesNotHaveBean(SpanExporter.class));
		this.runner.withPropertyValues("braintrust.api-key=" + KEY)
			.run((context) -> assertThat(context).doesNotHaveBean(OtlpHttpSpanExporter.class));
	}

	@Test
	void usersOwnOtlpEndpointStillGetsBootsExporterNextToBraintrust() {
		this.runner
			.withPropertyValues("braintrust.api-key=" + KEY,
					BootLine.OTLP_TRACING_ENDPOINT + "=http://127.0.0.1:1/v1/traces")
			.run((context) -> assertThat(context).hasSingleBean(OtlpHttpSpanExporter.class)
				.hasSingleBean(BraintrustSpanProcessor.class));
	}

	@Test
	void localModeLogsLlmSpansSendsNothingAndSaysSoOnce(CapturedOutput output) {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(LocalSpanLogger.class).doesNotHaveBean(BraintrustSpanProcessor.class);
			assertThat(context.getBean(BraintrustExportStatus.class).getMode()).isEqualTo(ExportMode.LOCAL);
			aiSpan(context.getBean(OpenTelemetry.class).getTracer("test"), "chat gpt-4o-mini");
			assertThat(output.getOut()).contains("LLM chat gpt-4o-mini");
		});
		assertThat(output.getOut().split("Braintrust local mode", -1)).hasSize(2);
		assertThat(output.getOut()).contains("BRAINTRUST_API_KEY");
		assertThat(this.receiver.attempts()).isZero();
	}

	@Test
	void blankApiKeyMeansLocalMode() {
		this.runner.withPropertyValues("braintrust.api-key= ")
			.run((context) -> assertThat(context).hasSingleBean(LocalSpanLogger.class)
				.doesNotHaveBean(BraintrustSpanProcessor.class));
	}

	@Test
	void disabledContributesNothing() {
		this.runner.withPropertyValues("braintrust.enabled=false", "braintrust.api-key=" + KEY)
			.run((context) -> assertThat(context).doesNotHaveBean(BraintrustSpanProcessor.class)
				.doesNotHaveBean(LocalSpanLogger.class)
				.doesNotHaveBean(BraintrustExportStatus.class));
	}

	@Test
	void healthIsUpWithDetailsAndUnknownWhileBreakerIsOpen() {
		this.runner
			.withPropertyValues("braintrust.api-key=" + KEY, "braintrust.export.schedule-delay=20ms",
					"braintrust.export.circuit-breaker.failure-threshold=1",
					"braintrust.export.circuit-breaker.open-duration=1h")
			.run((context) -> {
				BraintrustHealthIndicator indicator = context.getBean(BraintrustHealthIndicator.class);
				HealthView health = BootLine.health(indicator);
				assertThat(health.status()).isEqualTo("UP");
				assertThat(health.details()).containsEntry("mode", "braintrust")
					.containsEntry("endpoint", this.receiver.baseUrl() + "/otel/v1/traces")
					.containsEntry("circuitBreaker", "CLOSED")
					.containsEntry("lastSuccess", "never")
					.containsKeys("consecutiveFailures", "droppedSpans", "exportedSpans", "failedSpans");
				this.receiver.respondWith(401);
				aiSpan(context.getBean(OpenTelemetry.class).getTracer("test"), "chat");
				BraintrustExportStatus status = context.getBean(BraintrustExportStatus.class);
				await().atMost(Duration.ofSeconds(10))
					.until(() -> status.getCircuitBreakerState() == CircuitBreakerState.OPEN);
				HealthView open = BootLine.health(indicator);
				assertThat(open.status()).isEqualTo("UNKNOWN");
				assertThat(open.details()).containsEntry("circuitBreaker", "OPEN")
					.containsEntry("consecutiveFailures", 1);
				assertThat(open.text()).doesNotContain(KEY);
			});
	}

	@Test
	void healthInLocalModeIsUp() {
		this.runner.run((context) -> {
			HealthView health = BootLine.health(context.getBean(BraintrustHealthIndicator.class));
			assertThat(health.status()).isEqualTo("UP");
			assertThat(health.details()).containsEntry("mode", "local");
		});
	}

	@Test
	void healthIndicatorCanBeDisabled() {
		this.runner.withPropertyValues("management.health.braintrust.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(BraintrustHealthIndicator.class));
	}

	@Test
	void exporterCountersAreRegistered() {
		this.runner.withPropertyValues("braintrust.api-key=" + KEY, "braintrust.export.schedule-delay=20ms")
			.run((context) -> {
				assertThat(context).hasSingleBean(BraintrustExportMetrics.class);
				aiSpan(context.getBean(OpenTelemetry.class).getTracer("test"), "chat");
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				await().atMost(Duration.ofSeconds(10))
					.untilAsserted(() -> assertThat(
							registry.get("braintrust.export.spans").tag("result", "exported").functionCounter().count())
						.isEqualTo(1.0));
				assertThat(registry.get("braintrust.export.spans").tag("result", "dropped").functionCounter().count())
					.isZero();
				assertThat(registry.get("braintrust.export.spans").tag("result", "failed").functionCounter().count())
					.isZero();
			});
	}

	@Test
	void keyNeverAppearsInOutputStatusOrConditions(CapturedOutput output) {
		this.runner.withPropertyValues("braintrust.api-key=" + KEY, "braintrust.export.schedule-delay=20ms")
			.run((context) -> {
				aiSpan(context.getBean(OpenTelemetry.class).getTracer("test"), "chat");
				await().atMost(Duration.ofSeconds(10)).until(() -> !this.receiver.requests().isEmpty());
				assertThat(context.getBean(BraintrustExportStatus.class).toString()).doesNotContain(KEY);
				assertThat(context.getBean(BraintrustSpanProcessor.class).toString()).doesNotContain(KEY);
				assertThat(context.getBean(BraintrustHealthIndicator.class).health().toString()).doesNotContain(KEY);
				assertThat(org.springframework.boot.autoconfigure.condition.ConditionEvaluationReport
					.get(context.getBeanFactory())
					.getConditionAndOutcomesBySource()
					.toString()).doesNotContain(KEY);
			});
		assertThat(output.getAll()).doesNotContain(KEY).contains("Braintrust export: sending AI spans to");
	}

	@ParameterizedTest
	@ValueSource(strings = { "Café", "日本" })
	void nonAsciiProjectNameIsResolvedToItsIdThroughTheApiOnceAtStartup(String project, CapturedOutput output) {
		this.receiver.project(project, "proj-7c1");
		this.runner
			.withPropertyValues("braintrust.api-key=" + KEY, "braintrust.project=" + project,
					"braintrust.export.schedule-delay=50ms")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				aiSpan(context.getBean(OpenTelemetry.class).getTracer("test"), "chat");
				await().atMost(Duration.ofSeconds(10)).until(() -> !this.receiver.requests().isEmpty());
				assertThat(this.receiver.requests().get(0).header("x-bt-parent")).isEqualTo("project_id:proj-7c1");
				assertThat(context.getBean(BraintrustExportStatus.class).getExportedSpans()).isEqualTo(1);
			});
		assertThat(this.receiver.projectRequests()).singleElement().satisfies((request) -> {
			assertThat(request.method()).isEqualTo("POST");
			assertThat(request.authorization()).isEqualTo("Bearer " + KEY);
			assertThat(request.body()).isEqualTo("{\"name\":\"" + project + "\"}");
		});
		assertThat(output.getAll()).contains("resolved it to project id proj-7c1").doesNotContain(KEY);
	}

	@Test
	void projectNameTheApiCannotResolveFailsStartupNamingProjectAndProjectId(CapturedOutput output) {
		this.receiver.projectStatus(403);
		this.runner.withPropertyValues("braintrust.api-key=" + KEY, "braintrust.project=Café").run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = new ProjectResolutionFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription()).contains("braintrust.project").contains("HTTP 403");
			assertThat(analysis.getAction()).contains("braintrust.project-id");
			assertThat(analysis.getDescription() + analysis.getAction()).doesNotContain(KEY);
		});
		assertThat(output.getAll()).doesNotContain(KEY);
		assertThat(this.receiver.attempts()).isZero();
	}

	@Test
	void projectNameResolvedAgainstAnUnreachableApiFailsStartup() throws Exception {
		int closedPort;
		try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		this.runner
			.withPropertyValues("braintrust.api-key=" + KEY, "braintrust.project=日本",
					"braintrust.api-url=http://127.0.0.1:" + closedPort)
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = new ProjectResolutionFailureAnalyzer().analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("could not be reached");
				assertThat(analysis.getAction()).contains("braintrust.project-id");
			});
	}

	@Test
	void withoutTheOtlpExporterLibraryStartupFailsNamingTheDependency(CapturedOutput output) {
		this.runner.withClassLoader(new FilteredClassLoader("okhttp3", "io.opentelemetry.exporter"))
			.withPropertyValues("braintrust.api-key=" + KEY)
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = new MissingExportLibraryFailureAnalyzer()
					.analyze(context.getStartupFailure());
				assertThat(analysis).isNotNull();
				assertThat(analysis.getDescription()).contains("io.opentelemetry:opentelemetry-exporter-otlp");
				assertThat(analysis.getAction()).contains("braintrust-spring-boot-starter");
			});
		assertThat(output.getAll()).doesNotContain(KEY);
		// Without a key, local mode needs none of it
		this.runner.withClassLoader(new FilteredClassLoader("okhttp3", "io.opentelemetry.exporter"))
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(LocalSpanLogger.class));
	}

	@Test
	void plainHttpToAHostThatIsNotLoopbackIsWarnedAboutNamingTheProperty(CapturedOutput output) {
		this.runner
			.withPropertyValues("braintrust.api-key=" + KEY,
					"braintrust.api-url=http://braintrust.example.internal:8080")
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(output.getAll())
			.contains("braintrust.api-url is a plain http:// URL to braintrust.example.internal, which is not loopback")
			.doesNotContain(KEY);
	}

	@Test
	void exportEndpointSendsToACollectorWithTheBraintrustHeaders() {
		// The loopback receiver stands in for an OpenTelemetry Collector's OTLP/HTTP port
		this.runner
			.withPropertyValues("braintrust.api-key=" + KEY, "braintrust.project=my-app",
					"braintrust.api-url=https://api.braintrust.dev",
					"braintrust.export.endpoint=" + this.receiver.baseUrl() + "/v1/traces",
					"braintrust.export.schedule-delay=50ms")
			.run((context) -> {
				aiSpan(context.getBean(OpenTelemetry.class).getTracer("test"), "chat");
				await().atMost(Duration.ofSeconds(10)).until(() -> !this.receiver.requests().isEmpty());
				OtlpReceiver.Received request = this.receiver.requests().get(0);
				assertThat(request.path()).isEqualTo("/v1/traces");
				assertThat(request.header("Authorization")).isEqualTo("Bearer " + KEY);
				assertThat(request.header("x-bt-parent")).isEqualTo("project_name:my-app");
				assertThat(context.getBean(BraintrustExportStatus.class).getEndpoint())
					.isEqualTo(this.receiver.baseUrl() + "/v1/traces");
			});
	}

	@Test
	void plainHttpToLoopbackIsNotWarnedAbout(CapturedOutput output) {
		this.runner.withPropertyValues("braintrust.api-key=" + KEY)
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(output.getAll()).contains("Braintrust export: sending AI spans to").doesNotContain("plain http://");
	}

	@Configuration(proxyBeanMethods = false)
	static class InMemoryExporterConfiguration {

		@Bean
		InMemorySpanExporter inMemorySpanExporter() {
			return InMemorySpanExporter.create();
		}

	}

}
