package dev.braintrust.spring.testapp.langchain4j;

import dev.langchain4j.service.spring.AiService;

/**
 * An AiService that LangChain4j's Spring Boot starter makes a bean of. It lives outside
 * the starter's packages, so that only the applications of this package find it.
 */
@AiService
public interface StarterAssistant {

	String chat(String message);

}
