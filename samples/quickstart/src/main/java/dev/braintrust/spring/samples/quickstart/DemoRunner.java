package dev.braintrust.spring.samples.quickstart;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Component;

/**
 * Runs a short demo at startup so the traces show at once: a plain chat, a streamed chat,
 * a chat that calls a tool, an embedding, and one call through each SDK client, each a
 * {@code @Traced} step of {@link DemoSteps}, so each trace has the step at its root.
 */
@Component
@ConditionalOnBooleanProperty(name = "quickstart.demo.enabled", matchIfMissing = true)
class DemoRunner implements ApplicationRunner {

	private static final Log logger = LogFactory.getLog(DemoRunner.class);

	private final DemoSteps steps;

	DemoRunner(DemoSteps steps) {
		this.steps = steps;
	}

	@Override
	public void run(ApplicationArguments args) {
		logger.info("Demo: a plain chat, a streamed chat, a tool call, an embedding and one call per SDK client");
		String answer = this.steps.capitalQuestion("What is the capital of France?");
		logger.info("Spring AI chat answered: " + answer);

		String streamed = this.steps.streamedCount("Count from one to five.");
		logger.info("Spring AI streamed chat answered: " + streamed);

		String weather = this.steps.weatherReport("Paris", "demo-conversation");
		logger.info("Spring AI tool-calling chat answered: " + weather);

		float[] embedding = this.steps.embedding("Braintrust traces every LLM call");
		logger.info("Spring AI embedding has " + embedding.length + " dimensions");

		logger.info("OpenAI SDK answered: " + this.steps.openAiHello());

		logger.info("Anthropic SDK answered: " + this.steps.anthropicHello());

		logger.info("Bedrock Runtime client answered: " + this.steps.bedrockHello());

		logger.info("Demo done: every step's trace is recorded");
	}

}
