package dev.braintrust.spring.boot.integrations.springai;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import org.junit.jupiter.api.Test;
import reactor.util.context.Context;

import org.springframework.ai.model.tool.ToolCallingManager;
import org.springframework.ai.model.tool.internal.ToolCallReactiveContextHolder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ToolCallReactiveParent} uses Spring AI's internal API. These tests fail on the
 * first Spring AI version that changes it.
 */
class ToolCallReactiveParentTests {

	private static final String CHANGED = "Spring AI %s changed %s (internal API): streamed tool calls lose "
			+ "their parent span; ToolCallReactiveParent must find the advisor's observation another way";

	@Test
	void theAdvisorsObservationIsReadFromTheReactorContextSpringAiHandsToTheManager() {
		assertThat(ToolCallReactiveParent.AVAILABLE).as(CHANGED, version(), ToolCallReactiveParent.HOLDER).isTrue();
		Observation observation = Observation.start("advisor", ObservationRegistry.create());
		try {
			ToolCallReactiveContextHolder.setContext(Context.of(ObservationThreadLocalAccessor.KEY, observation));
			assertThat(ToolCallReactiveParent.observation()).as(CHANGED, version(), ToolCallReactiveParent.HOLDER)
				.isSameAs(observation);
		}
		finally {
			ToolCallReactiveContextHolder.clearContext();
			observation.stop();
		}
		assertThat(ToolCallReactiveParent.observation()).isNull();
	}

	private static String version() {
		return String.valueOf(ToolCallingManager.class.getPackage().getImplementationVersion());
	}

}
