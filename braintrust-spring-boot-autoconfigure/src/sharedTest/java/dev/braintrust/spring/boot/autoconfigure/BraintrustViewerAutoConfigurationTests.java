package dev.braintrust.spring.boot.autoconfigure;

import java.util.List;

import dev.braintrust.spring.boot.viewer.TraceRing;
import dev.braintrust.spring.boot.viewer.TraceRingSpanProcessor;
import dev.braintrust.spring.boot.viewer.TraceViewerApi;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.converter.StringHttpMessageConverter;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.servlet.function.HandlerFunction;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the trace viewer is on, what it is made of, and its bounds.
 */
@ExtendWith(OutputCaptureExtension.class)
class BraintrustViewerAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(BraintrustAutoConfiguration.class, BraintrustViewerAutoConfiguration.class));

	@Test
	void onInLocalMode() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(TraceRing.class)
				.hasSingleBean(TraceRingSpanProcessor.class)
				.hasBean("braintrustViewerRouterFunction");
		});
	}

	@Test
	void offWhenAnApiKeyIsSetUnlessEnabled() {
		this.runner.withPropertyValues("braintrust.api-key=sk-test")
			.run((context) -> assertThat(context).doesNotHaveBean(TraceRing.class)
				.doesNotHaveBean(TraceRingSpanProcessor.class)
				.doesNotHaveBean("braintrustViewerRouterFunction"));
		this.runner.withPropertyValues("braintrust.api-key=sk-test", "braintrust.viewer.enabled=true")
			.run((context) -> assertThat(context).hasSingleBean(TraceRing.class));
	}

	@Test
	void offWhenDisabledOrTheStarterIsOff() {
		this.runner.withPropertyValues("braintrust.viewer.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(TraceRing.class));
		this.runner.withPropertyValues("braintrust.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(TraceRing.class));
	}

	@Test
	void offInAnApplicationWithoutAWebServer() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(BraintrustAutoConfiguration.class, BraintrustViewerAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(TraceRing.class));
	}

	@Test
	void maxTracesBoundsTheRingAndEvictsTheOldestTrace() {
		this.runner.withPropertyValues("braintrust.viewer.max-traces=2").run((context) -> {
			TraceRingSpanProcessor processor = context.getBean(TraceRingSpanProcessor.class);
			try (SdkTracerProvider provider = SdkTracerProvider.builder().addSpanProcessor(processor).build()) {
				for (int i = 0; i < 3; i++) {
					Span span = provider.get("test")
						.spanBuilder("call " + i)
						.setAttribute(AttributeKey.stringKey("gen_ai.operation.name"), "chat")
						.startSpan();
					span.end();
				}
			}
			String traces = new TraceViewerApi(context.getBean(TraceRing.class)).traces();
			assertThat(traces).contains("\"name\":\"call 2\"")
				.contains("\"name\":\"call 1\"")
				.doesNotContain("\"name\":\"call 0\"")
				.contains("\"maxTraces\":2");
		});
	}

	@Test
	void requestsFromOtherHostsAreRefusedUnlessAllowed() throws Exception {
		this.runner.run((context) -> {
			assertThat(status(context.getBean("braintrustViewerRouterFunction", RouterFunction.class), "10.1.2.3"))
				.isEqualTo(403);
			assertThat(status(context.getBean("braintrustViewerRouterFunction", RouterFunction.class), "127.0.0.1"))
				.isEqualTo(200);
			assertThat(status(context.getBean("braintrustViewerRouterFunction", RouterFunction.class), "::1"))
				.isEqualTo(200);
		});
		this.runner.withPropertyValues("braintrust.viewer.allow-remote=true")
			.run((context) -> assertThat(
					status(context.getBean("braintrustViewerRouterFunction", RouterFunction.class), "10.1.2.3"))
				.isEqualTo(200));
	}

	@Test
	void loopbackIsDecidedFromTheAddressLiteralOnly() {
		assertThat(TraceViewerPage.isLoopback("127.0.0.1")).isTrue();
		assertThat(TraceViewerPage.isLoopback("127.8.9.10")).isTrue();
		assertThat(TraceViewerPage.isLoopback("0:0:0:0:0:0:0:1")).isTrue();
		assertThat(TraceViewerPage.isLoopback("192.168.1.20")).isFalse();
		assertThat(TraceViewerPage.isLoopback("localhost")).as("a name is not resolved").isFalse();
		assertThat(TraceViewerPage.isLoopback("")).isFalse();
	}

	@Test
	void logsTheViewersUrlOnTheApplicationsPortOnceReady(CapturedOutput output) {
		this.runner.withPropertyValues("local.server.port=8123", "server.servlet.context-path=/app").run((context) -> {
			context.getBean(TraceViewerStartupLogger.class)
				.onApplicationEvent(new ApplicationReadyEvent(new org.springframework.boot.SpringApplication(),
						new String[0], context.getSourceApplicationContext(), null));
			assertThat(output.getAll()).contains("Braintrust trace viewer: http://localhost:8123/app/braintrust/traces")
				.contains("from this machine only");
		});
	}

	@SuppressWarnings("unchecked")
	private static int status(RouterFunction<?> routes, String remoteAddress) throws Exception {
		MockHttpServletRequest servletRequest = new MockHttpServletRequest("GET", "/braintrust/traces/api/traces");
		servletRequest.setRemoteAddr(remoteAddress);
		ServerRequest request = ServerRequest.create(servletRequest, List.of(new StringHttpMessageConverter()));
		HandlerFunction<ServerResponse> handler = ((RouterFunction<ServerResponse>) routes).route(request)
			.orElseThrow();
		return handler.handle(request).statusCode().value();
	}

}
