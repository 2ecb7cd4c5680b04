package dev.braintrust.spring.samples.langchain4j;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * An application that talks to a model through LangChain4j: an AiService with a tool and
 * a chat memory, and a streaming model. The Braintrust starter traces every call.
 */
@SpringBootApplication
public class LangChain4jSampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(LangChain4jSampleApplication.class, args);
	}

}
