package dev.braintrust.spring.boot.trace;

import java.time.Duration;
import java.time.Instant;

import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LlmMetricsTests {

	@Test
	void metersDeniedByAFilterAreNotKept() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		registry.config()
			.meterFilter(
					MeterFilter.maximumAllowableTags("gen_ai.client.", "gen_ai.request.model", 2, MeterFilter.deny()));
		LlmMetrics metrics = new LlmMetrics(registry);
		for (int i = 0; i < 1000; i++) {
			LlmRequest request = LlmRequest.builder("openai", "openai", LlmOperation.CHAT).model("model-" + i).build();
			metrics.onFinish(new LlmCall(request, LlmResponse.output(null, null, TokenUsage.of(1, 1)), Instant.now(),
					null, Duration.ofMillis(1), null, null, false));
		}
		assertThat(metrics.cachedTagSets()).isEqualTo(2);
		assertThat(registry.find(LlmMetrics.DURATION).timers()).hasSize(2);
	}

	@Test
	void anAgentRunIsNotAModelOperationAndIsNotMeasured() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		LlmMetrics metrics = new LlmMetrics(registry);
		LlmRequest agent = LlmRequest.builder("langchain4j", "langchain4j", LlmOperation.INVOKE_AGENT)
			.displayName("Assistant.chat")
			.build();
		LlmRequest chat = LlmRequest.builder("langchain4j", "openai", LlmOperation.CHAT).model("m").build();
		for (LlmRequest request : new LlmRequest[] { agent, chat }) {
			metrics.onFinish(new LlmCall(request, LlmResponse.output(null, null, TokenUsage.of(1, 1)), Instant.now(),
					null, Duration.ofMillis(1), null, null, false));
		}
		assertThat(registry.find(LlmMetrics.DURATION).timers()).singleElement()
			.satisfies((timer) -> assertThat(timer.getId().getTag("gen_ai.operation.name")).isEqualTo("chat"));
	}

}
