package dev.braintrust.spring.samples.quickstart;

import dev.braintrust.spring.boot.trace.Traced;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.client.advisor.MessageChatMemoryAdvisor;
import org.springframework.ai.chat.memory.ChatMemory;
import org.springframework.ai.chat.memory.MessageWindowChatMemory;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Chat over HTTP: each request is a {@code @Traced} task, a child of the request's own
 * span, with the model calls and tool runs of its {@code ChatClient} call inside it. With
 * a {@code conversation} parameter, the chat memory keeps the conversation and every span
 * of the request records its id.
 */
@RestController
class ChatController {

	private final ChatClient chatClient;

	private final MessageChatMemoryAdvisor memory = MessageChatMemoryAdvisor
		.builder(MessageWindowChatMemory.builder().build())
		.build();

	ChatController(ChatClient.Builder chatClientBuilder, WeatherTools weatherTools) {
		this.chatClient = chatClientBuilder.defaultSystem("You are a concise assistant.")
			.defaultTools(weatherTools)
			.build();
	}

	@GetMapping("/chat")
	@Traced("chat")
	public String chat(@RequestParam(name = "q", defaultValue = "What is the capital of France?") String question,
			@RequestParam(name = "conversation", required = false) @Nullable String conversation) {
		return prompt(question, conversation).call().content();
	}

	@GetMapping(path = "/chat/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	@Traced("chat-stream")
	public Flux<String> stream(@RequestParam(name = "q", defaultValue = "Tell me a short story.") String question,
			@RequestParam(name = "conversation", required = false) @Nullable String conversation) {
		return prompt(question, conversation).stream().content();
	}

	private ChatClient.ChatClientRequestSpec prompt(String question, @Nullable String conversation) {
		ChatClient.ChatClientRequestSpec prompt = this.chatClient.prompt().user(question);
		if (conversation != null && !conversation.isBlank()) {
			prompt = prompt
				.advisors((advisors) -> advisors.advisors(this.memory).param(ChatMemory.CONVERSATION_ID, conversation));
		}
		return prompt;
	}

}
