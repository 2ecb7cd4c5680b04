package dev.braintrust.spring.samples.langchain4j;

import dev.langchain4j.service.MemoryId;
import dev.langchain4j.service.SystemMessage;
import dev.langchain4j.service.UserMessage;

/**
 * The AiService: LangChain4j implements it, with a chat memory per user and the weather
 * tool.
 */
public interface Assistant {

	@SystemMessage("You are a concise assistant. Use the weather tool for questions about the weather.")
	String chat(@MemoryId String user, @UserMessage String message);

}
