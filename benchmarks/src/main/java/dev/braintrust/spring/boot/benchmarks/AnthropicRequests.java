package dev.braintrust.spring.boot.benchmarks;

import com.anthropic.core.JsonValue;
import com.anthropic.models.messages.MessageCreateParams;

/**
 * The requests of the Anthropic benchmarks: the same prompts and parameters as the OpenAI
 * ones.
 */
final class AnthropicRequests {

	private AnthropicRequests() {
	}

	/**
	 * The request of a blocking call: the system prompt, a user prompt of the given size,
	 * temperature 0.2 and 256 tokens at most, as {@link OpenAiChatBenchmark} sends (the
	 * 3.x SDK has no typed temperature: it is sent as a body property).
	 */
	static MessageCreateParams message(int promptChars) {
		return MessageCreateParams.builder()
			.model(AnthropicPayloads.MODEL)
			.system(Payloads.SYSTEM)
			.addUserMessage(Payloads.prompt(promptChars))
			.putAdditionalBodyProperty("temperature", JsonValue.from(0.2))
			.maxTokens(256)
			.build();
	}

	/**
	 * The request of a streamed call: a user prompt of 2 KB, as
	 * {@link StreamingBenchmark} sends.
	 */
	static MessageCreateParams stream() {
		return MessageCreateParams.builder()
			.model(AnthropicPayloads.MODEL)
			.addUserMessage(Payloads.prompt(2048))
			.maxTokens(1024)
			.build();
	}

}
