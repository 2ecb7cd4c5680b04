package dev.braintrust.spring.boot.integrations.springai;

import io.micrometer.observation.Observation;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import org.jspecify.annotations.Nullable;

import org.springframework.ai.model.tool.internal.ToolCallReactiveContextHolder;
import org.springframework.util.ClassUtils;

/**
 * The one place where the integration uses Spring AI's internal API: in a streamed call,
 * the {@code ToolCallingAdvisor} runs the {@code ToolCallingManager} on another thread
 * and hands it the Reactor context, with the advisor's observation, in
 * {@link ToolCallReactiveContextHolder} (Spring AI's own
 * {@code DefaultToolCallingManager} reads it there to parent its tool observations).
 * Nothing public gives that observation to the manager's caller.
 * {@code ToolCallReactiveParentTests} fails, naming the Spring AI version, when a version
 * changes it.
 */
final class ToolCallReactiveParent {

	static final String HOLDER = "org.springframework.ai.model.tool.internal.ToolCallReactiveContextHolder";

	static final boolean AVAILABLE = ClassUtils.isPresent(HOLDER, ToolCallReactiveParent.class.getClassLoader());

	private ToolCallReactiveParent() {
	}

	/**
	 * The observation the advisor of a streamed call handed to the tool-calling manager
	 * on this thread.
	 * @return the observation, or null outside a streamed call
	 */
	static @Nullable Observation observation() {
		if (!AVAILABLE) {
			return null;
		}
		try {
			return ToolCallReactiveContextHolder.getContext().getOrDefault(ObservationThreadLocalAccessor.KEY, null);
		}
		catch (RuntimeException | LinkageError ex) {
			return null;
		}
	}

}
