package dev.braintrust.spring.boot.benchmarks;

import com.anthropic.client.AnthropicClient;

/**
 * One blocking Anthropic call through clients whose message is parsed up front
 * ({@link PreParsedAnthropicClient}): the raw client and the starter's proxy (content
 * capture on and off), as {@link AnthropicChatBenchmark} measures them with the SDK's own
 * parsing. As {@link PreParsedChatBenchmark} for OpenAI, the time of each instrumented
 * call over raw is its instrumentation's own cost.
 */
public class PreParsedAnthropicChatBenchmark extends AnthropicChatBenchmark {

	@Override
	protected AnthropicClient client() {
		return PreParsedAnthropicClient.messages();
	}

}
