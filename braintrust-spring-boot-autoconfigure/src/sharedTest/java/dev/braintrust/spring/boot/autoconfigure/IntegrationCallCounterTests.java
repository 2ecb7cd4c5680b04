package dev.braintrust.spring.boot.autoconfigure;

import java.util.concurrent.TimeoutException;

import dev.braintrust.spring.boot.integration.FakeIntegration;
import dev.braintrust.spring.boot.integration.IntegrationInfo;
import dev.braintrust.spring.boot.integration.IntegrationRegistry;
import dev.braintrust.spring.boot.trace.LlmOperation;
import dev.braintrust.spring.boot.trace.LlmRequest;
import dev.braintrust.spring.boot.trace.LlmResponse;
import dev.braintrust.spring.boot.trace.LlmTracer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class IntegrationCallCounterTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(BraintrustAutoConfiguration.class, BraintrustTracingAutoConfiguration.class))
		.withBean(FakeIntegration.class, FakeIntegration::new);

	@Test
	void tracedCallsAndErrorsAreCountedPerIntegrationWithoutTheErrorMessage() {
		this.contextRunner.run((context) -> {
			LlmTracer tracer = context.getBean(LlmTracer.class);
			LlmRequest request = LlmRequest.builder("fake", "openai", LlmOperation.CHAT).model("m").build();
			assertThat(tracer.call(request, () -> "ok", (result) -> LlmResponse.empty())).isEqualTo("ok");
			assertThatExceptionOfType(TimeoutException.class).isThrownBy(() -> tracer.call(request, () -> {
				throw new TimeoutException("secret request detail");
			}, (result) -> LlmResponse.empty()));
			IntegrationInfo info = context.getBean(IntegrationRegistry.class).find("fake").orElseThrow();
			assertThat(info.calls()).isEqualTo(2);
			assertThat(info.errors()).isEqualTo(1);
			assertThat(info.lastError()).isEqualTo("timeout: java.util.concurrent.TimeoutException");
		});
	}

}
