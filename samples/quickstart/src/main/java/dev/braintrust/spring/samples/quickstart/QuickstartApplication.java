package dev.braintrust.spring.samples.quickstart;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small web application whose every LLM call is traced by the Braintrust starter:
 * Spring AI's {@code ChatClient} (with a tool), an OpenAI Java SDK client and an
 * Anthropic Java SDK client. Without provider API keys it talks to a built-in offline
 * stub, so it runs anywhere.
 */
@SpringBootApplication
public class QuickstartApplication {

	public static void main(String[] args) {
		SpringApplication.run(QuickstartApplication.class, args);
	}

}
