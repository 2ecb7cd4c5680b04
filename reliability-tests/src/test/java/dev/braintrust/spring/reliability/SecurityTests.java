package dev.braintrust.spring.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.anthropic.client.AnthropicClient;
import com.openai.client.OpenAIClient;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Secrets stay secret: the Braintrust API key and the providers' keys (unique canary
 * values) appear in no log line at any level, no span, no actuator response, no
 * exception; the integrations endpoint cannot be written unless its access is
 * unrestricted; and with {@code capture-content=false} no prompt or completion text
 * reaches the receiver.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecurityTests {

	private final String braintrustKey = "bt-canary-" + UUID.randomUUID();

	private final String openAiKey = "sk-openai-canary-" + UUID.randomUUID();

	private final String anthropicKey = "sk-ant-canary-" + UUID.randomUUID();

	@Test
	void keysAppearNowhereEvenAtDebugLevel(CapturedOutput output) throws Exception {
		List<String> exposed = new ArrayList<>();
		try (MockModelServer models = new MockModelServer();
				FaultyOtlpReceiver receiver = new FaultyOtlpReceiver();
				ConfigurableApplicationContext context = Apps.start(models, receiver, "logging.level.root=DEBUG",
						"braintrust.api-key=" + this.braintrustKey, "reliability.keys.openai=" + this.openAiKey,
						"reliability.keys.anthropic=" + this.anthropicKey,
						"management.endpoints.web.exposure.include=*", "management.endpoint.health.show-details=always",
						"braintrust.export.schedule-delay=100ms", "braintrust.export.retry.max-attempts=1")) {
			OpenAIClient openAi = context.getBean(OpenAIClient.class);
			AnthropicClient anthropic = context.getBean(AnthropicClient.class);
			Apps.call(openAi, anthropic, 0);
			Apps.call(openAi, anthropic, 1);
			// A failing model call: its exception must not carry a key either
			models.respondWith((request) -> MockModelServer.Response.json(401,
					"{\"error\":{\"message\":\"Incorrect API key provided\",\"type\":\"invalid_request_error\"}}"));
			for (int i = 2; i < 4; i++) {
				try {
					Apps.call(openAi, anthropic, i);
				}
				catch (RuntimeException ex) {
					exposed.add(ex.toString());
					java.io.StringWriter trace = new java.io.StringWriter();
					ex.printStackTrace(new java.io.PrintWriter(trace));
					exposed.add(trace.toString());
				}
			}
			assertThat(exposed).hasSize(4);
			models.echoCalls();
			await().atMost(Duration.ofSeconds(10)).until(() -> receiver.spanCount() >= 4);
			// An export failure, logged by the exporter
			receiver.mode(FaultyOtlpReceiver.Mode.UNAVAILABLE);
			Apps.call(openAi, anthropic, 4);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> receiver.requests(FaultyOtlpReceiver.Mode.UNAVAILABLE) > 0);
			receiver.mode(FaultyOtlpReceiver.Mode.OK);
			for (String path : List.of("/actuator/integrations", "/actuator/integrations/openai", "/actuator/health",
					"/actuator/health/braintrust", "/actuator/env", "/actuator/env/braintrust.api-key",
					"/actuator/configprops", "/actuator/configprops/braintrust", "/actuator/beans",
					"/actuator/metrics/braintrust.export.spans")) {
				var response = Apps.get(context, path);
				exposed.add(path + " -> " + response.statusCode() + " " + response.body());
			}
			assertThat(Apps.get(context, "/actuator/integrations").body()).contains("\"apiKey\":\"configured\"");
			for (Span span : receiver.spans()) {
				exposed.add(span.toString());
			}
			assertThat(receiver.requestHeaders()).anySatisfy(
					(headers) -> assertThat(headers.get("authorization")).isEqualTo("Bearer " + this.braintrustKey));
		}
		String log = output.getAll();
		assertThat(log).contains("DEBUG");
		for (String key : List.of(this.braintrustKey, this.openAiKey, this.anthropicKey)) {
			assertThat(log).as("log output").doesNotContain(key);
			assertThat(exposed).as("exceptions, actuator responses and exported spans")
				.noneSatisfy((text) -> assertThat(text).contains(key));
		}
		assertThat(exposed).noneSatisfy((text) -> assertThat(text.toLowerCase()).contains("bearer "));
		Figures.record("Security: canary keys, logging.level.root=DEBUG", "log lines captured / containing a key",
				log.lines().count() + " / 0");
		Figures.record("Security: canary keys, logging.level.root=DEBUG",
				"actuator responses, exceptions and exported spans checked / containing a key or a bearer token",
				exposed.size() + " / 0");
	}

	@Test
	void integrationsEndpointCannotBeWrittenUnlessExposedForIt() {
		try (MockModelServer models = new MockModelServer();
				ConfigurableApplicationContext notExposed = Apps.start(models, null,
						"management.endpoints.web.exposure.include=health");
				ConfigurableApplicationContext readOnly = Apps.start(models, null,
						"management.endpoints.web.exposure.include=*")) {
			int notExposedStatus = Apps.post(notExposed, "/actuator/integrations/openai", "{\"enabled\":false}")
				.statusCode();
			int readOnlyStatus = Apps.post(readOnly, "/actuator/integrations/openai", "{\"enabled\":false}")
				.statusCode();
			assertThat(notExposedStatus).isEqualTo(404);
			assertThat(readOnlyStatus).isBetween(400, 499);
			assertThat(Apps.get(readOnly, "/actuator/integrations/openai").body()).contains("\"enabled\":true");
			Figures.record("Security: integrations write operation",
					"POST when not exposed / exposed (include=*) with the default access",
					notExposedStatus + " / " + readOnlyStatus + " (integration stays enabled)");
		}
	}

	@Test
	void withoutContentCaptureNoPromptOrCompletionTextIsExported() {
		try (MockModelServer models = new MockModelServer();
				FaultyOtlpReceiver receiver = new FaultyOtlpReceiver();
				ConfigurableApplicationContext context = Apps.start(models, receiver,
						"braintrust.trace.capture-content=false", "braintrust.trace.gen-ai-content=true",
						"braintrust.export.schedule-delay=100ms")) {
			OpenAIClient openAi = context.getBean(OpenAIClient.class);
			AnthropicClient anthropic = context.getBean(AnthropicClient.class);
			for (int i = 0; i < 10; i++) {
				Apps.call(openAi, anthropic, 1000 + i);
			}
			await().atMost(Duration.ofSeconds(10)).until(() -> receiver.spanCount() >= 10);
			List<String> values = new ArrayList<>();
			for (Span span : receiver.spans()) {
				for (KeyValue attribute : span.getAttributesList()) {
					values.add(attribute.getKey() + "=" + attribute.getValue());
				}
				span.getEventsList().forEach((event) -> values.add(event.toString()));
			}
			assertThat(values).isNotEmpty();
			assertThat(values).noneSatisfy(
					(value) -> assertThat(value).containsAnyOf("Question number", "answer to", "You answer briefly"));
			assertThat(values).noneSatisfy((value) -> assertThat(value).startsWith("braintrust.input_json"));
			Figures.record("Security: capture-content=false (gen-ai-content=true)",
					"exported spans / attribute and event values holding prompt or completion text",
					receiver.spanCount() + " / 0 (of " + values.size() + " checked)");
		}
	}

}
