package dev.braintrust.spring.boot.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.util.HtmlUtils;

/**
 * What the viewer's routes serve, whichever web stack serves it: the page, its script and
 * style sheet (from {@code META-INF/braintrust/viewer/} in the starter's jar: no CDN,
 * works offline), the headers of every answer and the rule for requests from other hosts.
 * Every answer forbids caching and content sniffing; the page's Content-Security-Policy
 * allows only its own script and style, so that nothing a span carries can run as code.
 */
final class TraceViewerPage {

	static final String RESOURCES = "META-INF/braintrust/viewer/";

	static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
			+ "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

	static final MediaType JAVASCRIPT = MediaType.parseMediaType("text/javascript;charset=UTF-8");

	static final MediaType CSS = MediaType.parseMediaType("text/css;charset=UTF-8");

	static final MediaType HTML = MediaType.parseMediaType("text/html;charset=UTF-8");

	static final String NOT_FOUND = "{\"error\":\"no such trace is kept\"}";

	static final String REMOTE_REFUSED = "The Braintrust trace viewer answers requests from this machine only; set "
			+ "braintrust.viewer.allow-remote=true to show it to other hosts (it shows prompts and answers), or "
			+ "braintrust.viewer.enabled=false to turn it off.\n";

	private final String page;

	final String script;

	final String styles;

	TraceViewerPage() {
		this.page = read("index.html");
		this.script = read("viewer.js");
		this.styles = read("viewer.css");
	}

	/**
	 * The page, whose links and API calls start with the given path (the context path and
	 * the viewer's path).
	 */
	String html(String base) {
		return this.page.replace("{{base}}", HtmlUtils.htmlEscape(base, "UTF-8"));
	}

	static void secure(HttpHeaders headers) {
		headers.setCacheControl("no-store");
		headers.set("X-Content-Type-Options", "nosniff");
		headers.set("Referrer-Policy", "no-referrer");
	}

	/**
	 * Whether a client address, an IP literal as the server gives it, is a loopback
	 * address. A literal is parsed without any DNS lookup; anything else is not loopback.
	 */
	static boolean isLoopback(@Nullable String remoteAddress) {
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
		try (InputStream in = new ClassPathResource(RESOURCES + name, TraceViewerPage.class.getClassLoader())
			.getInputStream()) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("The trace viewer's " + name + " is missing from the starter's jar", ex);
		}
	}

}
