package dev.braintrust.spring.boot.autoconfigure;

import dev.braintrust.spring.boot.viewer.TraceViewerApi;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.HandlerFilterFunction;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The viewer's page, assets and JSON API as Spring MVC functional endpoints.
 */
final class TraceViewerRoutes {

	private final TraceViewerApi api;

	private final TraceViewerPage page;

	private final String path;

	private final boolean allowRemote;

	TraceViewerRoutes(TraceViewerApi api, TraceViewerPage page, String path, boolean allowRemote) {
		this.api = api;
		this.page = page;
		this.path = path;
		this.allowRemote = allowRemote;
	}

	RouterFunction<ServerResponse> routerFunction() {
		return RouterFunctions.route()
			.GET(this.path, this::page)
			.GET(this.path + "/", this::page)
			.GET(this.path + "/viewer.js", (request) -> asset(this.page.script, TraceViewerPage.JAVASCRIPT))
			.GET(this.path + "/viewer.css", (request) -> asset(this.page.styles, TraceViewerPage.CSS))
			.GET(this.path + "/api/traces", (request) -> json(HttpStatus.OK, this.api.traces()))
			.GET(this.path + "/api/traces/{traceId}", this::trace)
			.filter(localOnly())
			.build();
	}

	private ServerResponse page(ServerRequest request) {
		return ServerResponse.ok()
			.contentType(TraceViewerPage.HTML)
			.headers(TraceViewerPage::secure)
			.header("Content-Security-Policy", TraceViewerPage.CONTENT_SECURITY_POLICY)
			.body(this.page.html(request.requestPath().contextPath().value() + this.path));
	}

	private ServerResponse trace(ServerRequest request) {
		String trace = this.api.trace(request.pathVariable("traceId"));
		return (trace != null) ? json(HttpStatus.OK, trace) : json(HttpStatus.NOT_FOUND, TraceViewerPage.NOT_FOUND);
	}

	private static ServerResponse asset(String body, MediaType type) {
		return ServerResponse.ok().contentType(type).headers(TraceViewerPage::secure).body(body);
	}

	private static ServerResponse json(HttpStatus status, String body) {
		return ServerResponse.status(status)
			.contentType(MediaType.APPLICATION_JSON)
			.headers(TraceViewerPage::secure)
			.body(body);
	}

	/**
	 * The page shows prompts and answers: unless allowed, only requests from this machine
	 * see it, whichever interfaces the server listens on.
	 */
	private HandlerFilterFunction<ServerResponse, ServerResponse> localOnly() {
		return (request, next) -> {
			if (this.allowRemote || TraceViewerPage.isLoopback(request.servletRequest().getRemoteAddr())) {
				return next.handle(request);
			}
			return ServerResponse.status(HttpStatus.FORBIDDEN)
				.contentType(MediaType.TEXT_PLAIN)
				.headers(TraceViewerPage::secure)
				.body(TraceViewerPage.REMOTE_REFUSED);
		};
	}

}
