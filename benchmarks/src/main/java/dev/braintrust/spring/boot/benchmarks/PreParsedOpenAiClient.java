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

import com.openai.client.OpenAIClient;
import com.openai.core.ObjectMappers;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.services.blocking.ChatService;
import com.openai.services.blocking.chat.ChatCompletionService;

/**
 * An {@link OpenAIClient} whose {@code chat().completions().createStreaming(...)} returns
 * chunks parsed once, up front, in a stream shaped like the SDK's (a {@code map} over a
 * sequence), or whose {@code create(...)} returns a completion parsed once:
 * instrumentations that wrap the client see the SDK's interfaces and types, without the
 * SDK's serialization of the request and parsing of the response (about 15 us a call, 4
 * to 5 us a chunk) around their own work. Every other method throws
 * {@link UnsupportedOperationException}.
 */
public final class PreParsedOpenAiClient {

	private PreParsedOpenAiClient() {
	}

	/**
	 * A client whose streams are the canned stream of this many chunks.
	 * @param chunks the number of content chunks
	 * @return the client
	 */
	static OpenAIClient streams(int chunks) {
		List<ChatCompletionChunk> parsed = parse(chunks);
		return client(proxy(ChatCompletionService.class, (proxy, method, args) -> {
			if (method.getName().equals("createStreaming")) {
				return stream(parsed);
			}
			return unsupported(method.getName());
		}));
	}

	/**
	 * A client whose {@code create(...)} returns the canned completion, parsed once.
	 * @return the client
	 */
	static OpenAIClient completions() {
		ChatCompletion completion;
		try {
			completion = ObjectMappers.jsonMapper().readValue(Payloads.completionJson(), ChatCompletion.class);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return client(proxy(ChatCompletionService.class, (proxy, method, args) -> {
			if (method.getName().equals("create")) {
				return completion;
			}
			return unsupported(method.getName());
		}));
	}

	private static OpenAIClient client(ChatCompletionService completions) {
		ChatService chat = proxy(ChatService.class, (proxy, method, args) -> method.getName().equals("completions")
				? completions : unsupported(method.getName()));
		return proxy(OpenAIClient.class,
				(proxy, method, args) -> method.getName().equals("chat") ? chat : unsupported(method.getName()));
	}

	/**
	 * The chunks of the canned stream, parsed.
	 * @param chunks the number of content chunks
	 * @return the parsed chunks
	 */
	public static List<ChatCompletionChunk> parse(int chunks) {
		List<ChatCompletionChunk> parsed = new ArrayList<>();
		String sse = new String(Payloads.completionStream(chunks), StandardCharsets.UTF_8);
		for (String event : sse.split("\n\n")) {
			String data = event.substring("data: ".length());
			if (!data.equals("[DONE]")) {
				try {
					parsed.add(ObjectMappers.jsonMapper().readValue(data, ChatCompletionChunk.class));
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			}
		}
		return List.copyOf(parsed);
	}

	/**
	 * A stream response over parsed chunks, shaped like the SDK's: a sequential stream
	 * over an iterator, each element mapped to its chunk.
	 * @param chunks the chunks
	 * @return a new stream response
	 */
	public static StreamResponse<ChatCompletionChunk> stream(List<ChatCompletionChunk> chunks) {
		return new StreamResponse<>() {

			@Override
			public Stream<ChatCompletionChunk> stream() {
				return StreamSupport
					.stream(Spliterators.spliteratorUnknownSize(chunks.iterator(), Spliterator.ORDERED), false)
					.map(Function.identity());
			}

			@Override
			public void close() {
			}

		};
	}

	private static Object unsupported(String method) {
		if (method.equals("toString")) {
			return "PreParsedOpenAiClient";
		}
		throw new UnsupportedOperationException(method);
	}

	private static <T> T proxy(Class<T> type, InvocationHandler handler) {
		return type.cast(Proxy.newProxyInstance(PreParsedOpenAiClient.class.getClassLoader(), new Class<?>[] { type },
				(proxy, method, args) -> switch (method.getName()) {
					case "hashCode" -> System.identityHashCode(proxy);
					case "equals" -> proxy == args[0];
					default -> handler.invoke(proxy, method, args);
				}));
	}

}
