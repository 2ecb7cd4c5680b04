package dev.braintrust.spring.boot.autoconfigure;

import dev.braintrust.spring.boot.viewer.TraceRing;
import dev.braintrust.spring.boot.viewer.TraceRingSpanProcessor;
import dev.braintrust.spring.boot.viewer.TraceViewerApi;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The local trace viewer: a page of the application at {@code braintrust.viewer.path}
 * (default {@code /braintrust/traces}) that shows the recent traces of LLM calls, and its
 * JSON API under {@code {path}/api}. On by default in local mode only; served by the
 * application's own server (Spring MVC or WebFlux functional endpoints), on its port and
 * under its context path, to requests from this machine unless
 * {@code braintrust.viewer.allow-remote=true}. The traces are kept in a bounded
 * {@link TraceRing}, filled with the AI spans as they end; nothing is persisted.
 */
@AutoConfiguration(after = BraintrustAutoConfiguration.class)
@ConditionalOnClass({ SdkTracerProvider.class, SpanProcessor.class })
@ConditionalOnBooleanProperty(name = "braintrust.enabled", matchIfMissing = true)
@Conditional({ OnViewerEnabledCondition.class, BraintrustViewerAutoConfiguration.OnServedWebApplication.class })
@EnableConfigurationProperties(BraintrustProperties.class)
public final class BraintrustViewerAutoConfiguration {

	BraintrustViewerAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	TraceRing braintrustTraceRing(BraintrustProperties properties) {
		BraintrustProperties.Viewer viewer = properties.getViewer();
		return new TraceRing(viewer.getMaxTraces(), viewer.getMaxSpansPerTrace(), viewer.getMaxSize().toBytes());
	}

	@Bean
	@ConditionalOnMissingBean
	TraceRingSpanProcessor braintrustTraceRingSpanProcessor(TraceRing braintrustTraceRing) {
		return new TraceRingSpanProcessor(braintrustTraceRing);
	}

	@Bean
	TraceViewerStartupLogger braintrustViewerStartupLogger(BraintrustProperties properties, Environment environment) {
		return new TraceViewerStartupLogger(properties.getViewer(), environment);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	@ConditionalOnClass(org.springframework.web.servlet.function.RouterFunction.class)
	static class ServletConfiguration {

		@Bean
		org.springframework.web.servlet.function.RouterFunction<org.springframework.web.servlet.function.ServerResponse> braintrustViewerRouterFunction(
				TraceRing braintrustTraceRing, BraintrustProperties properties) {
			BraintrustProperties.Viewer viewer = properties.getViewer();
			return new TraceViewerRoutes(new TraceViewerApi(braintrustTraceRing), new TraceViewerPage(),
					viewer.getPath(), viewer.isAllowRemote())
				.routerFunction();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
	@ConditionalOnClass(org.springframework.web.reactive.function.server.RouterFunction.class)
	static class ReactiveConfiguration {

		@Bean
		org.springframework.web.reactive.function.server.RouterFunction<org.springframework.web.reactive.function.server.ServerResponse> braintrustViewerRouterFunction(
				TraceRing braintrustTraceRing, BraintrustProperties properties) {
			BraintrustProperties.Viewer viewer = properties.getViewer();
			return new ReactiveTraceViewerRoutes(new TraceViewerApi(braintrustTraceRing), new TraceViewerPage(),
					viewer.getPath(), viewer.isAllowRemote())
				.routerFunction();
		}

	}

	/**
	 * A web application whose stack the viewer can be served by: the ring is filled only
	 * when someone can see it.
	 */
	static class OnServedWebApplication extends AnyNestedCondition {

		OnServedWebApplication() {
			super(ConfigurationPhase.REGISTER_BEAN);
		}

		@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
		@ConditionalOnClass(name = "org.springframework.web.servlet.function.RouterFunction")
		static class Servlet {

		}

		@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
		@ConditionalOnClass(name = "org.springframework.web.reactive.function.server.RouterFunction")
		static class Reactive {

		}

	}

}
