package dev.braintrust.spring.samples.langchain4j;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Component;

/**
 * Runs the demo at startup: two questions to the assistant in one conversation (the first
 * calls the weather tool), then a streamed answer. Each question is one trace: the
 * assistant's call, and under it the model calls and the tool run it made.
 */
@Component
@ConditionalOnBooleanProperty(name = "sample.demo.enabled", matchIfMissing = true)
class DemoRunner implements ApplicationRunner {

	private static final Log logger = LogFactory.getLog(DemoRunner.class);

	private final Assistant assistant;

	private final StreamingChatModel streamingChatModel;

	DemoRunner(Assistant assistant, StreamingChatModel streamingChatModel) {
		this.assistant = assistant;
		this.streamingChatModel = streamingChatModel;
	}

	@Override
	public void run(ApplicationArguments args) throws Exception {
		ask("What is the weather in Rome?");
		ask("Thanks. Should I take a jacket?");
		CompletableFuture<ChatResponse> streamed = new CompletableFuture<>();
		this.streamingChatModel.chat("Count from one to five.", new StreamingChatResponseHandler() {

			@Override
			public void onCompleteResponse(ChatResponse response) {
				streamed.complete(response);
			}

			@Override
			public void onError(Throwable error) {
				streamed.completeExceptionally(error);
			}

		});
		logger.info("Streamed answer: " + streamed.get(60, TimeUnit.SECONDS).aiMessage().text());
	}

	private void ask(String question) {
		String answer = this.assistant.chat("alice", question);
		logger.info("Asked \"" + question + "\", the assistant answered: " + answer);
	}

}
