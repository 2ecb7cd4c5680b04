package dev.braintrust.spring.boot.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;

import dev.braintrust.spring.boot.viewer.TraceViewerApi;

import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.HandlerFilterFunction;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;
import org.springframework.web.util.HtmlUtils;

/**
 * The viewer's page, its script and style sheet (from {@code META-INF/braintrust/viewer/}
 * in the starter's jar: no CDN, works offline) and its JSON API, as Spring MVC functional
 * endpoints. Every response forbids caching and content sniffing; the page's
 * Content-Security-Policy allows only its own script and style, so that nothing a span
 * carries can run as code.
 */
final class TraceViewerRoutes {

	static final String RESOURCES = "META-INF/braintrust/viewer/";

	static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
			+ "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

	private static final MediaType JAVASCRIPT = MediaType.parseMediaType("text/javascript;charset=UTF-8");

	private static final MediaType CSS = MediaType.parseMediaType("text/css;charset=UTF-8");

	private static final MediaType HTML = MediaType.parseMediaType("text/html;charset=UTF-8");

	private final TraceViewerApi api;

	private final String path;

	private final boolean allowRemote;

	private final String page;

	private final String script;

	private final String styles;

	TraceViewerRoutes(TraceViewerApi api, String path, boolean allowRemote) {
		this.api = api;
		this.path = path;
		this.allowRemote = allowRemote;
		this.page = read("index.html");
		this.script = read("viewer.js");
		this.styles = read("viewer.css");
	}

	RouterFunction<ServerResponse> routerFunction() {
		return RouterFunctions.route()
			.GET(this.path, this::page)
			.GET(this.path + "/", this::page)
			.GET(this.path + "/viewer.js", (request) -> asset(this.script, JAVASCRIPT))
			.GET(this.path + "/viewer.css", (request) -> asset(this.styles, CSS))
			.GET(this.path + "/api/traces", (request) -> json(HttpStatus.OK, this.api.traces()))
			.GET(this.path + "/api/traces/{traceId}", this::trace)
			.filter(localOnly())
			.build();
	}

	private ServerResponse page(ServerRequest request) {
		String base = request.requestPath().contextPath().value() + this.path;
		String html = this.page.replace("{{base}}", HtmlUtils.htmlEscape(base, "UTF-8"));
		return ServerResponse.ok()
			.contentType(HTML)
			.headers(TraceViewerRoutes::secure)
			.header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
			.body(html);
	}

	private ServerResponse trace(ServerRequest request) {
		String trace = this.api.trace(request.pathVariable("traceId"));
		return (trace != null) ? json(HttpStatus.OK, trace)
				: json(HttpStatus.NOT_FOUND, "{\"error\":\"no such trace is kept\"}");
	}

	private static ServerResponse asset(String body, MediaType type) {
		return ServerResponse.ok().contentType(type).headers(TraceViewerRoutes::secure).body(body);
	}

	private static ServerResponse json(HttpStatus status, String body) {
		return ServerResponse.status(status)
			.contentType(MediaType.APPLICATION_JSON)
			.headers(TraceViewerRoutes::secure)
			.body(body);
	}

	private static void secure(HttpHeaders headers) {
		headers.setCacheControl("no-store");
		headers.set("X-Content-Type-Options", "nosniff");
		headers.set("Referrer-Policy", "no-referrer");
	}

	/**
	 * The page shows prompts and answers: unless allowed, only requests from this machine
	 * see it, whichever interfaces the server listens on.
	 */
	private HandlerFilterFunction<ServerResponse, ServerResponse> localOnly() {
		return (request, next) -> {
			if (this.allowRemote || isLoopback(request.servletRequest().getRemoteAddr())) {
				return next.handle(request);
			}
			return ServerResponse.status(HttpStatus.FORBIDDEN)
				.contentType(MediaType.TEXT_PLAIN)
				.headers(TraceViewerRoutes::secure)
				.body("The Braintrust trace viewer answers requests from this machine only; set "
						+ "braintrust.viewer.allow-remote=true to show it to other hosts (it shows prompts and "
						+ "answers), or braintrust.viewer.enabled=false to turn it off.\n");
		};
	}

	/**
	 * Whether a remote address, an IP literal as the servlet container gives it, is a
	 * loopback address. A literal is parsed without any DNS lookup.
	 */
	static boolean isLoopback(String remoteAddress) {
		if (remoteAddress == null || remoteAddress.isEmpty()
				|| !remoteAddress.chars().allMatch((c) -> Character.digit(c, 16) >= 0 || c == '.' || c == ':')) {
			return false;
		}
		try {
			return InetAddress.getByName(remoteAddress).isLoopbackAddress();
		}
		catch (UnknownHostException ex) {
			return false;
		}
	}

	private static String read(String name) {
		try (InputStream in = new ClassPathResource(RESOURCES + name, TraceViewerRoutes.class.getClassLoader())
			.getInputStream()) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("The trace viewer's " + name + " is missing from the starter's jar", ex);
		}
	}

}
