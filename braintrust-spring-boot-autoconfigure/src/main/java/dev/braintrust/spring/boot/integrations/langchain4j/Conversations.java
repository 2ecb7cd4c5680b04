package dev.braintrust.spring.boot.integrations.langchain4j;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;
import org.jspecify.annotations.Nullable;

/**
 * The conversation of the AiService call in progress (its {@code @MemoryId} argument),
 * carried in the OpenTelemetry context so that every model call and tool run of that
 * AiService call records it as {@code gen_ai.conversation.id}, on whichever thread the
 * context is made current.
 */
final class Conversations {

	private static final ContextKey<String> CONVERSATION_ID = ContextKey.named("braintrust-langchain4j-conversation");

	private Conversations() {
	}

	/**
	 * The conversation of the current context.
	 * @return the conversation id, or null outside an AiService call with a memory id
	 */
	static @Nullable String current() {
		return Context.current().get(CONVERSATION_ID);
	}

	/**
	 * Make a conversation current.
	 * @param conversationId the conversation id
	 * @return the scope to close
	 */
	static Scope open(String conversationId) {
		return Context.current().with(CONVERSATION_ID, conversationId).makeCurrent();
	}

}
