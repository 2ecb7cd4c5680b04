package dev.braintrust.spring.boot.internal;

import java.net.URI;

import org.jspecify.annotations.Nullable;

/**
 * Host and port a client sends its calls to ({@code server.address},
 * {@code server.port}), read from its URL: the URL's port, else its scheme's (80 for
 * {@code http}, 443 otherwise).
 *
 * @param address the host
 * @param port the port
 */
public record ServerEndpoint(String address, int port) {

	/**
	 * The endpoint of a URL.
	 * @param url the URL, such as {@code https://api.anthropic.com}
	 * @return the endpoint, or {@code null} when the URL cannot be read or has no host
	 */
	public static @Nullable ServerEndpoint of(@Nullable String url) {
		if (url == null) {
			return null;
		}
		try {
			return of(URI.create(url));
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	/**
	 * The endpoint of a URI.
	 * @param uri the URI
	 * @return the endpoint, or {@code null} when the URI has no host
	 */
	public static @Nullable ServerEndpoint of(URI uri) {
		if (uri.getHost() == null) {
			return null;
		}
		int port = uri.getPort();
		if (port < 0) {
			port = "http".equalsIgnoreCase(uri.getScheme()) ? 80 : 443;
		}
		return new ServerEndpoint(uri.getHost(), port);
	}

}
