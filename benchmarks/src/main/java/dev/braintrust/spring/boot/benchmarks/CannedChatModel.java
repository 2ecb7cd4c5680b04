package dev.braintrust.spring.boot.benchmarks;

import java.util.List;

import reactor.core.publisher.Flux;

import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.metadata.ChatGenerationMetadata;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.DefaultUsage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;

/**
 * A Spring AI {@link ChatModel} that answers every prompt with the same response, or the
 * same stream of chunks, without any I/O.
 */
class CannedChatModel implements ChatModel {

	private final ChatResponse response;

	private final ChatResponse[] chunks;

	CannedChatModel(int streamChunks) {
		this.response = response(Payloads.ANSWER, "stop", new DefaultUsage(523, 7));
		this.chunks = new ChatResponse[streamChunks];
		for (int i = 0; i < streamChunks - 1; i++) {
			this.chunks[i] = response("tok" + i + " ", null, null);
		}
		this.chunks[streamChunks - 1] = response("", "stop", new DefaultUsage(523, streamChunks - 1));
	}

	private static ChatResponse response(String text, String finishReason, DefaultUsage usage) {
		ChatGenerationMetadata.Builder generation = ChatGenerationMetadata.builder();
		if (finishReason != null) {
			generation.finishReason(finishReason);
		}
		ChatResponseMetadata.Builder metadata = ChatResponseMetadata.builder()
			.id("chatcmpl-bench")
			.model(Payloads.MODEL + "-2024-07-18");
		if (usage != null) {
			metadata.usage(usage);
		}
		return new ChatResponse(List.of(new Generation(new AssistantMessage(text), generation.build())),
				metadata.build());
	}

	@Override
	public ChatResponse call(Prompt prompt) {
		return this.response;
	}

	@Override
	public Flux<ChatResponse> stream(Prompt prompt) {
		return Flux.fromArray(this.chunks);
	}

	@Override
	public ChatOptions getDefaultOptions() {
		return ChatOptions.builder().model(Payloads.MODEL).temperature(0.2).build();
	}

}
