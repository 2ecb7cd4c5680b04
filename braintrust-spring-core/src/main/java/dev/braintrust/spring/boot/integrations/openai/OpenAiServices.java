package dev.braintrust.spring.boot.integrations.openai;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.Set;

import com.openai.client.OpenAIClient;
import com.openai.client.OpenAIClientAsync;
import com.openai.services.async.ChatServiceAsync;
import com.openai.services.async.EmbeddingServiceAsync;
import com.openai.services.async.ResponseServiceAsync;
import com.openai.services.async.chat.ChatCompletionServiceAsync;
import com.openai.services.blocking.ChatService;
import com.openai.services.blocking.EmbeddingService;
import com.openai.services.blocking.ResponseService;
import com.openai.services.blocking.chat.ChatCompletionService;
import org.jspecify.annotations.Nullable;

/**
 * The part of the SDK's tree of service interfaces that is instrumented: the services on
 * the way from a client to a traced operation (whose instances are wrapped too, so that
 * {@code client.chat().completions().create(...)} is traced), and the services whose
 * {@code create} and {@code createStreaming} methods are traced. Everything else of the
 * SDK passes through untouched.
 */
final class OpenAiServices {

	/**
	 * The APIs whose calls are traced.
	 */
	enum Api {

		CHAT_COMPLETIONS, RESPONSES, EMBEDDINGS

	}

	/**
	 * A service with traced methods.
	 *
	 * @param api the API it calls
	 * @param raw whether it is a {@code withRawResponse()} service
	 */
	record Leaf(Api api, boolean raw) {

	}

	private static final Map<Class<?>, Leaf> leaves = Map.ofEntries(
			Map.entry(ChatCompletionService.class, new Leaf(Api.CHAT_COMPLETIONS, false)),
			Map.entry(ChatCompletionService.WithRawResponse.class, new Leaf(Api.CHAT_COMPLETIONS, true)),
			Map.entry(ChatCompletionServiceAsync.class, new Leaf(Api.CHAT_COMPLETIONS, false)),
			Map.entry(ChatCompletionServiceAsync.WithRawResponse.class, new Leaf(Api.CHAT_COMPLETIONS, true)),
			Map.entry(ResponseService.class, new Leaf(Api.RESPONSES, false)),
			Map.entry(ResponseService.WithRawResponse.class, new Leaf(Api.RESPONSES, true)),
			Map.entry(ResponseServiceAsync.class, new Leaf(Api.RESPONSES, false)),
			Map.entry(ResponseServiceAsync.WithRawResponse.class, new Leaf(Api.RESPONSES, true)),
			Map.entry(EmbeddingService.class, new Leaf(Api.EMBEDDINGS, false)),
			Map.entry(EmbeddingService.WithRawResponse.class, new Leaf(Api.EMBEDDINGS, true)),
			Map.entry(EmbeddingServiceAsync.class, new Leaf(Api.EMBEDDINGS, false)),
			Map.entry(EmbeddingServiceAsync.WithRawResponse.class, new Leaf(Api.EMBEDDINGS, true)));

	private static final Set<Class<?>> navigable = Set.of(OpenAIClient.class, OpenAIClient.WithRawResponse.class,
			OpenAIClientAsync.class, OpenAIClientAsync.WithRawResponse.class, ChatService.class,
			ChatService.WithRawResponse.class, ChatServiceAsync.class, ChatServiceAsync.WithRawResponse.class);

	private OpenAiServices() {
	}

	/**
	 * Whether a method returns a service to instrument as well: a client
	 * ({@code async()}, {@code sync()}, {@code withOptions(...)},
	 * {@code withRawResponse()}), {@code chat()}, or a service with traced methods
	 * ({@code completions()}, {@code responses()}, {@code embeddings()}, and their own
	 * {@code withOptions(...)} and {@code withRawResponse()}).
	 * @param returnType the declared return type of the method
	 * @return whether to wrap what it returns
	 */
	static boolean returnsService(Class<?> returnType) {
		return navigable.contains(returnType) || leaves.containsKey(returnType);
	}

	/**
	 * The traced service a method belongs to, if it is a traced method.
	 * @param method the interface method called
	 * @return the service, or {@code null} for a method that is not traced
	 */
	static @Nullable Leaf tracedMethod(Method method) {
		String name = method.getName();
		if (!name.equals("create") && !name.equals("createStreaming")) {
			return null;
		}
		return leaves.get(method.getDeclaringClass());
	}

}
