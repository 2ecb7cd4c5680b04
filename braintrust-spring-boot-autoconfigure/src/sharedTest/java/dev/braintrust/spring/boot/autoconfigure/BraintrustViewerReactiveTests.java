package dev.braintrust.spring.boot.autoconfigure;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Collections;
import java.util.List;

import dev.braintrust.spring.boot.viewer.TraceRing;
import dev.braintrust.spring.boot.viewer.TraceRingSpanProcessor;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.http.codec.HttpMessageWriter;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.reactive.function.server.HandlerStrategies;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.reactive.result.view.ViewResolver;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The trace viewer of a WebFlux application: the same page and API, as WebFlux functional
 * endpoints.
 */
class BraintrustViewerReactiveTests {

	private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(BraintrustAutoConfiguration.class, BraintrustViewerAutoConfiguration.class));

	@Test
	void servesThePageAndTheApiInLocalMode() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(TraceRing.class).hasBean("braintrustViewerRouterFunction");
			RouterFunction<ServerResponse> routes = routes(context.getBean("braintrustViewerRouterFunction"));
			try (SdkTracerProvider provider = SdkTracerProvider.builder()
				.addSpanProcessor(context.getBean(TraceRingSpanProcessor.class))
				.build()) {
				Span span = provider.get("test")
					.spanBuilder("chat gpt-4o-mini")
					.setAttribute(AttributeKey.stringKey("gen_ai.operation.name"), "chat")
					.startSpan();
				span.end();
			}
			MockServerWebExchange list = get(routes, "/braintrust/traces/api/traces", "127.0.0.1");
			assertThat(list.getResponse().getStatusCode().value()).isEqualTo(200);
			assertThat(list.getResponse().getHeaders().getFirst("X-Content-Type-Options")).isEqualTo("nosniff");
			assertThat(list.getResponse().getBodyAsString().block()).contains("\"name\":\"chat gpt-4o-mini\"");

			MockServerWebExchange page = get(routes, "/braintrust/traces", "127.0.0.1");
			assertThat(page.getResponse().getHeaders().getFirst("Content-Security-Policy"))
				.isEqualTo(TraceViewerPage.CONTENT_SECURITY_POLICY);
			assertThat(page.getResponse().getBodyAsString().block()).contains("content=\"/braintrust/traces\"");
			assertThat(get(routes, "/braintrust/traces/api/traces/0123456789abcdef0123456789abcdef", "127.0.0.1")
				.getResponse()
				.getStatusCode()
				.value()).isEqualTo(404);
		});
	}

	@Test
	void requestsFromOtherHostsAreRefused() {
		this.runner.run((context) -> {
			RouterFunction<ServerResponse> routes = routes(context.getBean("braintrustViewerRouterFunction"));
			assertThat(get(routes, "/braintrust/traces/api/traces", "10.1.2.3").getResponse().getStatusCode().value())
				.isEqualTo(403);
		});
	}

	@SuppressWarnings("unchecked")
	private static RouterFunction<ServerResponse> routes(Object bean) {
		return (RouterFunction<ServerResponse>) bean;
	}

	private static MockServerWebExchange get(RouterFunction<ServerResponse> routes, String path, String remote) {
		MockServerWebExchange exchange = MockServerWebExchange
			.from(MockServerHttpRequest.get(path).remoteAddress(new InetSocketAddress(remote, 40000)));
		ServerRequest request = ServerRequest.create(exchange, HandlerStrategies.withDefaults().messageReaders());
		ServerResponse response = routes.route(request)
			.flatMap((handler) -> handler.handle(request))
			.block(Duration.ofSeconds(5));
		response.writeTo(exchange, new ServerResponse.Context() {
			@Override
			public List<HttpMessageWriter<?>> messageWriters() {
				return ServerCodecConfigurer.create().getWriters();
			}

			@Override
			public List<ViewResolver> viewResolvers() {
				return Collections.emptyList();
			}
		}).block(Duration.ofSeconds(5));
		return exchange;
	}

}
