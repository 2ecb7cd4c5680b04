package dev.braintrust.spring.boot.integrations.springai;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.observation.ChatModelObservationContext;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.document.Document;
import org.springframework.ai.document.MetadataMode;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.model.tool.ToolCallingChatOptions;
import org.springframework.ai.tool.ToolCallback;

/**
 * The few calls whose API differs between Spring AI 1.1 and 2.0, the generation detected
 * once. The integration is compiled against 2.0: a method 2.0 added is called only on 2.0
 * (the JVM links a call when it first runs), a method 2.0 removed is called through a
 * method handle found on 1.1 only.
 */
final class SpringAiApi {

	/**
	 * Whether Spring AI is 2.0 or later (the generation whose observation of a chat call
	 * says whether it streams, and whose models leave the tool loop to the
	 * {@code ChatClient}); otherwise 1.1.
	 */
	static final boolean V2 = hasMethod(ChatModelObservationContext.class, "isStreaming");

	// ChatOptions.copy() and ToolCallingChatOptions.setToolCallbacks(List) of 1.1
	private static final @Nullable MethodHandle COPY = V2 ? null
			: find(ChatOptions.class, "copy", MethodType.methodType(ChatOptions.class));

	private static final @Nullable MethodHandle SET_TOOL_CALLBACKS = V2 ? null
			: find(ToolCallingChatOptions.class, "setToolCallbacks", MethodType.methodType(void.class, List.class));

	private SpringAiApi() {
	}

	/**
	 * The model's default options: {@code getOptions()} on 2.0,
	 * {@code getDefaultOptions()} on 1.1.
	 * @param model the model
	 * @return its default options
	 */
	@SuppressWarnings("removal")
	static @Nullable ChatOptions defaultOptions(ChatModel model) {
		return V2 ? model.getOptions() : model.getDefaultOptions();
	}

	/**
	 * Whether Spring AI's observation of a chat call is that of a stream, where the
	 * observation says it (2.0).
	 * @param context the observation's context
	 * @return whether it streams, or {@code null} on 1.1, whose observation does not say
	 */
	static @Nullable Boolean isStreaming(ChatModelObservationContext context) {
		return V2 ? context.isStreaming() : null;
	}

	/**
	 * The text a model embeds for a document: {@code getEmbeddingContent} on 2.0; on 1.1,
	 * what its models embed by default (the content with the metadata marked for
	 * embedding).
	 * @param model the model
	 * @param document the document
	 * @return the text
	 */
	static @Nullable String embeddingContent(EmbeddingModel model, Document document) {
		return V2 ? model.getEmbeddingContent(document) : document.getFormattedContent(MetadataMode.EMBED);
	}

	/**
	 * The tokens of the prompt read from the provider's cache, where {@link Usage} has
	 * them (2.0).
	 * @param usage the usage
	 * @return the count, or {@code null}
	 */
	static @Nullable Long cacheReadInputTokens(Usage usage) {
		return V2 ? usage.getCacheReadInputTokens() : null;
	}

	/**
	 * The tokens of the prompt written to the provider's cache, where {@link Usage} has
	 * them (2.0).
	 * @param usage the usage
	 * @return the count, or {@code null}
	 */
	static @Nullable Long cacheWriteInputTokens(Usage usage) {
		return V2 ? usage.getCacheWriteInputTokens() : null;
	}

	/**
	 * A copy of the options with other tool callbacks: {@code mutate()} on 2.0,
	 * {@code copy()} and {@code setToolCallbacks} on 1.1.
	 * @param options the options
	 * @param callbacks the tool callbacks of the copy
	 * @return the copy
	 */
	static ToolCallingChatOptions withToolCallbacks(ToolCallingChatOptions options, List<ToolCallback> callbacks) {
		if (V2) {
			return options.mutate().toolCallbacks(callbacks).build();
		}
		if (COPY == null || SET_TOOL_CALLBACKS == null) {
			throw new IllegalStateException("Spring AI 1.1's ChatOptions.copy() or setToolCallbacks(List) not found");
		}
		try {
			ToolCallingChatOptions copy = (ToolCallingChatOptions) COPY.invoke(options);
			SET_TOOL_CALLBACKS.invoke(copy, callbacks);
			return copy;
		}
		catch (RuntimeException | Error ex) {
			throw ex;
		}
		catch (Throwable ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static boolean hasMethod(Class<?> type, String name) {
		try {
			type.getMethod(name);
			return true;
		}
		catch (NoSuchMethodException ex) {
			return false;
		}
	}

	// Null when absent: the call that needs it then fails, and is reported.
	private static @Nullable MethodHandle find(Class<?> type, String name, MethodType methodType) {
		try {
			return MethodHandles.publicLookup().findVirtual(type, name, methodType);
		}
		catch (ReflectiveOperationException ex) {
			return null;
		}
	}

}
