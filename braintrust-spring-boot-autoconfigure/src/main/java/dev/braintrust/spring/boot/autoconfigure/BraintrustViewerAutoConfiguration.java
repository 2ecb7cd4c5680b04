package dev.braintrust.spring.boot.autoconfigure;

import dev.braintrust.spring.boot.viewer.TraceRing;
import dev.braintrust.spring.boot.viewer.TraceRingSpanProcessor;
import dev.braintrust.spring.boot.viewer.TraceViewerApi;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The local trace viewer: a page of the application at {@code braintrust.viewer.path}
 * (default {@code /braintrust/traces}) that shows the recent traces of LLM calls, and its
 * JSON API under {@code {path}/api}. On by default in local mode only; served by the
 * application's own server (Spring MVC functional endpoints), on its port and under its
 * context path, to requests from this machine unless
 * {@code braintrust.viewer.allow-remote=true}. The traces are kept in a bounded
 * {@link TraceRing}, filled with the AI spans as they end; nothing is persisted.
 */
@AutoConfiguration(after = BraintrustAutoConfiguration.class)
@ConditionalOnClass({ SdkTracerProvider.class, SpanProcessor.class, RouterFunction.class })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBooleanProperty(name = "braintrust.enabled", matchIfMissing = true)
@Conditional(OnViewerEnabledCondition.class)
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
	RouterFunction<ServerResponse> braintrustViewerRouterFunction(TraceRing braintrustTraceRing,
			BraintrustProperties properties) {
		BraintrustProperties.Viewer viewer = properties.getViewer();
		return new TraceViewerRoutes(new TraceViewerApi(braintrustTraceRing), viewer.getPath(), viewer.isAllowRemote())
			.routerFunction();
	}

	@Bean
	TraceViewerStartupLogger braintrustViewerStartupLogger(BraintrustProperties properties, Environment environment) {
		return new TraceViewerStartupLogger(properties.getViewer(), environment);
	}

}
