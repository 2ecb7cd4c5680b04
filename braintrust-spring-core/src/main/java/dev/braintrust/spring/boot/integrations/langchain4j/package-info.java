/**
 * The LangChain4j integration: traces the calls of LangChain4j's chat, streaming chat and
 * embedding models, and the tools and conversations of its AiServices.
 */
@NullMarked
package dev.braintrust.spring.boot.integrations.langchain4j;

import org.jspecify.annotations.NullMarked;
