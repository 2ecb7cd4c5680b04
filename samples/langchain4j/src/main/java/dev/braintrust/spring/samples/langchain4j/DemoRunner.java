package dev.braintrust.spring.samples.langchain4j;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Component;

/**
 * Runs the demo at startup: two questions to the assistant in one conversation (the first
 * calls the weather tool), then a streamed answer. Each question runs in an observation
 * of its own, as a request of a web application would: the model calls and tool runs of
 * one question share its trace.
 */
@Component
@ConditionalOnBooleanProperty(name = "sample.demo.enabled", matchIfMissing = true)
class DemoRunner implements ApplicationRunner {

	private static final Log logger = LogFactory.getLog(DemoRunner.class);

	private final Assistant assistant;

	private final StreamingChatModel streamingChatModel;

	private final ObservationRegistry observations;

	DemoRunner(Assistant assistant, StreamingChatModel streamingChatModel, ObservationRegistry observations) {
		this.assistant = assistant;
		this.streamingChatModel = streamingChatModel;
		this.observations = observations;
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
		String answer = Observation.createNotStarted("demo.question", this.observations)
			.observe(() -> this.assistant.chat("alice", question));
		logger.info("Asked \"" + question + "\", the assistant answered: " + answer);
	}

}
