package dev.braintrust.spring.boot.trace;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;
import org.jspecify.annotations.Nullable;

/**
 * The conversation (session, thread) the current work belongs to, carried in the
 * OpenTelemetry context: every span the {@link LlmTracer} starts in it records the id as
 * {@code gen_ai.conversation.id} and as {@code conversation_id} in
 * {@code braintrust.metadata}, model calls, tool runs and {@link Traced} methods alike,
 * on whichever thread the context is made current. An integration opens it where its
 * framework names the conversation (a LangChain4j {@code @MemoryId}, a Spring AI
 * {@code ChatClient}'s {@code ChatMemory.CONVERSATION_ID}); a span started with a
 * conversation of its own opens it for what runs inside it.
 */
public final class ConversationContext {

	static final ContextKey<String> CONVERSATION_ID = ContextKey.named("braintrust-conversation-id");

	private ConversationContext() {
	}

	/**
	 * The conversation of the current context.
	 * @return the conversation id, or null when there is none
	 */
	public static @Nullable String current() {
		return Context.current().get(CONVERSATION_ID);
	}

	/**
	 * Make a conversation current until the scope is closed.
	 * @param conversationId the conversation id
	 * @return the scope to close, on the same thread
	 */
	public static Scope open(String conversationId) {
		return Context.current().with(CONVERSATION_ID, conversationId).makeCurrent();
	}

}
