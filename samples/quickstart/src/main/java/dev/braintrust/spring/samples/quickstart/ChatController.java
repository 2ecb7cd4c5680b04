package dev.braintrust.spring.samples.quickstart;

import reactor.core.publisher.Flux;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Chat over HTTP: each request is one traced LLM call, a child of the request's own span.
 */
@RestController
class ChatController {

	private final ChatClient chatClient;

	ChatController(ChatClient.Builder chatClientBuilder, WeatherTools weatherTools) {
		this.chatClient = chatClientBuilder.defaultSystem("You are a concise assistant.")
			.defaultTools(weatherTools)
			.build();
	}

	@GetMapping("/chat")
	String chat(@RequestParam(name = "q", defaultValue = "What is the capital of France?") String question) {
		return this.chatClient.prompt().user(question).call().content();
	}

	@GetMapping(path = "/chat/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	Flux<String> stream(@RequestParam(name = "q", defaultValue = "Tell me a short story.") String question) {
		return this.chatClient.prompt().user(question).stream().content();
	}

}
