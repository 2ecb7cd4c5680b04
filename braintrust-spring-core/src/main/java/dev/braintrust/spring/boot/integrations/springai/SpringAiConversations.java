package dev.braintrust.spring.boot.integrations.springai;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationView;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import org.jspecify.annotations.Nullable;

import org.springframework.ai.chat.client.observation.ChatClientObservationContext;
import org.springframework.ai.chat.memory.ChatMemory;
import org.springframework.util.ClassUtils;

/**
 * The conversation a model call belongs to: the {@link ChatMemory#CONVERSATION_ID}
 * advisor parameter of the {@code ChatClient} call that made it (the conversation its
 * chat memory keeps), found on the {@code ChatClient}'s observation, an ancestor of the
 * model call's.
 */
final class SpringAiConversations {

	private static final boolean CHAT_CLIENT_PRESENT = ClassUtils.isPresent(
			"org.springframework.ai.chat.client.observation.ChatClientObservationContext",
			SpringAiConversations.class.getClassLoader());

	// Micrometer's accessor of the current observation needs the context-propagation
	// library (which Spring AI's ChatClient uses).
	private static final boolean CONTEXT_PROPAGATION_PRESENT = ClassUtils
		.isPresent("io.micrometer.context.ThreadLocalAccessor", SpringAiConversations.class.getClassLoader());

	/** Bounds the walk up the observations. */
	private static final int MAX_DEPTH = 16;

	private SpringAiConversations() {
	}

	/**
	 * The conversation id of the {@code ChatClient} call the current observation of this
	 * thread is made within (a model or the tool-calling manager called by a
	 * {@code ChatClient}'s advisors).
	 * @return the conversation id, or null when there is none
	 */
	static @Nullable String current() {
		if (!CHAT_CLIENT_PRESENT || !CONTEXT_PROPAGATION_PRESENT) {
			return null;
		}
		try {
			Observation observation = ObservationThreadLocalAccessor.getInstance().getValue();
			return (observation != null) ? of(observation.getContextView()) : null;
		}
		catch (RuntimeException | LinkageError ex) {
			return null;
		}
	}

	/**
	 * The conversation id of the {@code ChatClient} call an observation is made within.
	 * @param context the observation's context
	 * @return the conversation id, or null when there is none
	 */
	static @Nullable String of(Observation.ContextView context) {
		return CHAT_CLIENT_PRESENT ? ChatClient.conversationId(context) : null;
	}

	// Loaded only when Spring AI's ChatClient is on the classpath.
	private static final class ChatClient {

		static @Nullable String conversationId(Observation.ContextView context) {
			Observation.ContextView current = context;
			for (int depth = 0; depth < MAX_DEPTH && current != null; depth++) {
				if (current instanceof ChatClientObservationContext chatClient) {
					Object id = chatClient.getRequest().context().get(ChatMemory.CONVERSATION_ID);
					return (id != null) ? String.valueOf(id) : null;
				}
				ObservationView parent = current.getParentObservation();
				current = (parent != null) ? parent.getContextView() : null;
			}
			return null;
		}

	}

}
