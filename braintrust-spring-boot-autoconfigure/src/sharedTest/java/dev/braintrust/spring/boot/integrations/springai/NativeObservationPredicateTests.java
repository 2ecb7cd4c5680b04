package dev.braintrust.spring.boot.integrations.springai;

import java.util.Set;

import io.micrometer.observation.Observation;
import io.opentelemetry.context.Scope;
import org.junit.jupiter.api.Test;

import org.springframework.ai.chat.observation.ChatModelObservationContext;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.tool.definition.DefaultToolDefinition;
import org.springframework.ai.tool.observation.ToolCallingObservationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring AI's own observations are refused exactly for the calls that our spans trace.
 */
class NativeObservationPredicateTests {

	private final NativeObservationPredicate predicate = new NativeObservationPredicate(true);

	@Test
	void modelObservationIsRefusedOnlyInsideATracedModelCall() {
		Observation.Context chat = ChatModelObservationContext.builder()
			.prompt(new Prompt("hi"))
			.provider("openai")
			.build();
		assertThat(this.predicate.test("gen_ai.client.operation", chat)).isTrue();
		try (Scope scope = TracedScope.modelCall()) {
			assertThat(this.predicate.test("gen_ai.client.operation", chat)).isFalse();
			assertThat(this.predicate.test("spring.ai.chat.client", new Observation.Context())).isTrue();
		}
		assertThat(this.predicate.test("gen_ai.client.operation", chat)).isTrue();
	}

	@Test
	void toolObservationIsRefusedOnlyForTheToolsWeTrace() {
		try (Scope scope = TracedScope.toolExecutions(Set.of("currentWeather"))) {
			assertThat(this.predicate.test("spring.ai.tool", tool("currentWeather"))).isFalse();
			// A tool the manager resolves elsewhere than in the prompt's callbacks keeps
			// Spring AI's observation: it has no span of ours.
			assertThat(this.predicate.test("spring.ai.tool", tool("resolvedByName"))).isTrue();
		}
		assertThat(this.predicate.test("spring.ai.tool", tool("currentWeather"))).isTrue();
	}

	@Test
	void nothingIsRefusedWhenSuppressionIsOff() {
		NativeObservationPredicate predicate = new NativeObservationPredicate(false);
		try (Scope model = TracedScope.modelCall();
				Scope tools = TracedScope.toolExecutions(Set.of("currentWeather"))) {
			assertThat(predicate.test("spring.ai.tool", tool("currentWeather"))).isTrue();
			assertThat(predicate.test("gen_ai.client.operation",
					ChatModelObservationContext.builder().prompt(new Prompt("hi")).provider("openai").build()))
				.isTrue();
		}
	}

	private static ToolCallingObservationContext tool(String name) {
		return ToolCallingObservationContext.builder()
			.toolDefinition(DefaultToolDefinition.builder().name(name).description(name).inputSchema("{}").build())
			.toolCallArguments("{}")
			.build();
	}

}
