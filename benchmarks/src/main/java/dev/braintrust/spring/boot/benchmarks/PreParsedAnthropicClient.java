package dev.braintrust.spring.boot.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import com.anthropic.client.AnthropicClient;
import com.anthropic.core.ObjectMappers;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.services.blocking.MessageService;

/**
 * An {@link AnthropicClient} whose {@code messages().createStreaming(...)} returns events
 * parsed once, up front, in a stream shaped like the SDK's (a {@code map} over a
 * sequence), or whose {@code messages().create(...)} returns a message parsed once, as
 * {@link PreParsedOpenAiClient} does for OpenAI: instrumentations see the SDK's
 * interfaces and types without the SDK's serialization of the request and parsing of the
 * response around their own work. Every other method throws
 * {@link UnsupportedOperationException}.
 */
final class PreParsedAnthropicClient {

	private PreParsedAnthropicClient() {
	}

	/**
	 * A client whose streams are the canned stream of this many events.
	 * @param events the number of events
	 * @return the client
	 */
	static AnthropicClient streams(int events) {
		List<RawMessageStreamEvent> parsed = parse(events);
		return client(proxy(MessageService.class, (proxy, method, args) -> method.getName().equals("createStreaming")
				? stream(parsed) : unsupported(method.getName())));
	}

	/**
	 * A client whose {@code create(...)} returns the canned message, parsed once.
	 * @return the client
	 */
	static AnthropicClient messages() {
		Message message = read(new String(AnthropicPayloads.messageJson(), StandardCharsets.UTF_8), Message.class);
		return client(proxy(MessageService.class,
				(proxy, method, args) -> method.getName().equals("create") ? message : unsupported(method.getName())));
	}

	private static AnthropicClient client(MessageService messages) {
		return proxy(AnthropicClient.class, (proxy, method, args) -> method.getName().equals("messages") ? messages
				: unsupported(method.getName()));
	}

	private static List<RawMessageStreamEvent> parse(int events) {
		List<RawMessageStreamEvent> parsed = new ArrayList<>();
		String sse = new String(AnthropicPayloads.messageStream(events), StandardCharsets.UTF_8);
		for (String event : sse.split("\n\n")) {
			String data = event.substring(event.indexOf("data: ") + "data: ".length());
			parsed.add(read(data, RawMessageStreamEvent.class));
		}
		return List.copyOf(parsed);
	}

	private static <T> T read(String json, Class<T> type) {
		try {
			return ObjectMappers.jsonMapper().readValue(json, type);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static StreamResponse<RawMessageStreamEvent> stream(List<RawMessageStreamEvent> events) {
		return new StreamResponse<>() {

			@Override
			public Stream<RawMessageStreamEvent> stream() {
				return StreamSupport
					.stream(Spliterators.spliteratorUnknownSize(events.iterator(), Spliterator.ORDERED), false)
					.map(Function.identity());
			}

			@Override
			public void close() {
			}

		};
	}

	private static Object unsupported(String method) {
		if (method.equals("toString")) {
			return "PreParsedAnthropicClient";
		}
		throw new UnsupportedOperationException(method);
	}

	private static <T> T proxy(Class<T> type, InvocationHandler handler) {
		return type.cast(Proxy.newProxyInstance(PreParsedAnthropicClient.class.getClassLoader(),
				new Class<?>[] { type }, (proxy, method, args) -> switch (method.getName()) {
					case "hashCode" -> System.identityHashCode(proxy);
					case "equals" -> proxy == args[0];
					default -> handler.invoke(proxy, method, args);
				}));
	}

}
