package dev.braintrust.spring.boot.autoconfigure;

import java.net.InetSocketAddress;

import dev.braintrust.spring.boot.viewer.TraceViewerApi;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.HandlerFilterFunction;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The viewer's page, assets and JSON API as Spring WebFlux functional endpoints. The
 * documents are built in memory from the ring, without blocking.
 */
final class ReactiveTraceViewerRoutes {

	private final TraceViewerApi api;

	private final TraceViewerPage page;

	private final String path;

	private final boolean allowRemote;

	ReactiveTraceViewerRoutes(TraceViewerApi api, TraceViewerPage page, String path, boolean allowRemote) {
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

	private Mono<ServerResponse> page(ServerRequest request) {
		return ServerResponse.ok()
			.contentType(TraceViewerPage.HTML)
			.headers(TraceViewerPage::secure)
			.header("Content-Security-Policy", TraceViewerPage.CONTENT_SECURITY_POLICY)
			.bodyValue(this.page.html(request.requestPath().contextPath().value() + this.path));
	}

	private Mono<ServerResponse> trace(ServerRequest request) {
		String trace = this.api.trace(request.pathVariable("traceId"));
		return (trace != null) ? json(HttpStatus.OK, trace) : json(HttpStatus.NOT_FOUND, TraceViewerPage.NOT_FOUND);
	}

	private static Mono<ServerResponse> asset(String body, MediaType type) {
		return ServerResponse.ok().contentType(type).headers(TraceViewerPage::secure).bodyValue(body);
	}

	private static Mono<ServerResponse> json(HttpStatus status, String body) {
		return ServerResponse.status(status)
			.contentType(MediaType.APPLICATION_JSON)
			.headers(TraceViewerPage::secure)
			.bodyValue(body);
	}

	private HandlerFilterFunction<ServerResponse, ServerResponse> localOnly() {
		return (request, next) -> {
			if (this.allowRemote || isLoopback(request)) {
				return next.handle(request);
			}
			return ServerResponse.status(HttpStatus.FORBIDDEN)
				.contentType(MediaType.TEXT_PLAIN)
				.headers(TraceViewerPage::secure)
				.bodyValue(TraceViewerPage.REMOTE_REFUSED);
		};
	}

	private static boolean isLoopback(ServerRequest request) {
		InetSocketAddress remote = request.remoteAddress().orElse(null);
		return remote != null && remote.getAddress() != null && remote.getAddress().isLoopbackAddress();
	}

}
