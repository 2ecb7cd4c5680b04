package dev.braintrust.spring.boot.integrations.springai;

import java.lang.ref.WeakReference;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.chat.prompt.Prompt;

/**
 * The usage a Spring AI 1.1 model reported before the next call of its tool loop. The
 * model reports each call's usage as the sum of the calls of the loop so far: the span of
 * a call records its own, the reported usage less the previous call's.
 * <p>
 * In a blocking call, the model calls itself again, on the same thread, with the
 * conversation the {@code ToolCallingManager} returned: that conversation (held weakly)
 * tells the next call from any other call on the thread, and the usage is taken by the
 * first call started after it.
 */
final class ToolLoopUsage {

	private static final ThreadLocal<@Nullable Continuation> NEXT = new ThreadLocal<>();

	private ToolLoopUsage() {
	}

	/**
	 * The model goes on with the tool loop.
	 * @param conversation the conversation the next call is made with
	 * @param reported the usage the model reported so far
	 */
	static void continued(List<Message> conversation, @Nullable Usage reported) {
		if (reported != null) {
			NEXT.set(new Continuation(new WeakReference<>(conversation), reported));
		}
	}

	/**
	 * The usage reported before a call, if the call is the next of a tool loop.
	 * @param prompt the call's prompt
	 * @return the usage, or {@code null}
	 */
	static @Nullable Usage before(Prompt prompt) {
		Continuation next = NEXT.get();
		if (next == null) {
			return null;
		}
		NEXT.remove();
		return (next.conversation.get() == prompt.getInstructions()) ? next.reported : null;
	}

	private record Continuation(WeakReference<List<Message>> conversation, Usage reported) {
	}

}
