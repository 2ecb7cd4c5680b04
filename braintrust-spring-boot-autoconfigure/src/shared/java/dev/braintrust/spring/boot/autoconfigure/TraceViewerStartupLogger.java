package dev.braintrust.spring.boot.autoconfigure;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;

/**
 * Says once, when the application is ready, where the trace viewer is: on the
 * application's own port and under its context path (or WebFlux base path).
 */
final class TraceViewerStartupLogger implements ApplicationListener<ApplicationReadyEvent> {

	private static final Log logger = LogFactory.getLog("dev.braintrust.spring.boot.viewer");

	private final BraintrustProperties.Viewer viewer;

	private final Environment environment;

	TraceViewerStartupLogger(BraintrustProperties.Viewer viewer, Environment environment) {
		this.viewer = viewer;
		this.environment = environment;
	}

	@Override
	public void onApplicationEvent(ApplicationReadyEvent event) {
		if (event.getApplicationContext().getEnvironment() != this.environment) {
			return;
		}
		String port = this.environment.getProperty("local.server.port",
				this.environment.getProperty("server.port", "8080"));
		String contextPath = this.environment.getProperty("server.servlet.context-path",
				this.environment.getProperty("spring.webflux.base-path", ""));
		if (contextPath.endsWith("/")) {
			contextPath = contextPath.substring(0, contextPath.length() - 1);
		}
		logger.info("Braintrust trace viewer: http://localhost:" + port + contextPath + this.viewer.getPath()
				+ " (the last " + this.viewer.getMaxTraces() + " traces, in memory only; "
				+ (this.viewer.isAllowRemote() ? "open to other hosts" : "from this machine only")
				+ "; braintrust.viewer.enabled=false turns it off)");
	}

}
