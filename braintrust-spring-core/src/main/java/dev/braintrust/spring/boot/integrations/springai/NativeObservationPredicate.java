package dev.braintrust.spring.boot.integrations.springai;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationPredicate;

import org.springframework.ai.model.observation.ModelObservationContext;
import org.springframework.ai.tool.observation.ToolCallingObservationContext;

/**
 * Refuses Spring AI's own observation of a model call or a tool execution while this
 * integration traces that same call, so that the call is one span rather than two.
 * Observations of calls the integration does not trace (it is switched off at runtime, or
 * the model is not a bean), and the {@code ChatClient} and advisor observations, go
 * through: they stay the parents of our spans.
 */
final class NativeObservationPredicate implements ObservationPredicate {

	private final boolean suppressNativeObservations;

	NativeObservationPredicate(boolean suppressNativeObservations) {
		this.suppressNativeObservations = suppressNativeObservations;
	}

	@Override
	public boolean test(String name, Observation.Context context) {
		if (!this.suppressNativeObservations) {
			return true;
		}
		if (context instanceof ModelObservationContext<?, ?>) {
			return !TracedScope.isModelCall();
		}
		if (context instanceof ToolCallingObservationContext tool) {
			return !TracedScope.isTracedTool(tool.getToolDefinition().name());
		}
		return true;
	}

}
