package dev.braintrust.spring.boot.integrations.anthropic;

import java.net.URI;

import org.jspecify.annotations.Nullable;

/**
 * Host and port a client sends its calls to ({@code server.address},
 * {@code server.port}).
 *
 * @param address the host
 * @param port the port
 */
record ServerEndpoint(String address, int port) {

	/**
	 * The endpoint of a base URL.
	 * @param baseUrl the client's base URL, such as {@code https://api.anthropic.com}
	 * @return the endpoint, or {@code null} when the URL cannot be read
	 */
	static @Nullable ServerEndpoint of(@Nullable String baseUrl) {
		if (baseUrl == null) {
			return null;
		}
		try {
			URI uri = URI.create(baseUrl);
			if (uri.getHost() == null) {
				return null;
			}
			int port = uri.getPort();
			if (port < 0) {
				port = "http".equalsIgnoreCase(uri.getScheme()) ? 80 : 443;
			}
			return new ServerEndpoint(uri.getHost(), port);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

}
