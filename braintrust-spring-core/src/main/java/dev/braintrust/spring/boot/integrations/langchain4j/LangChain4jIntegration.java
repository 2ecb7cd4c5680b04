package dev.braintrust.spring.boot.integrations.langchain4j;

import java.util.ArrayList;
import java.util.List;

import dev.braintrust.spring.boot.integration.Integration;
import dev.braintrust.spring.boot.integration.Patcher;
import dev.braintrust.spring.boot.trace.ErrorClassifier;
import dev.braintrust.spring.boot.trace.LazyTracer;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.embedding.EmbeddingModel;

import org.springframework.util.ClassUtils;

/**
 * LangChain4j ({@code dev.langchain4j:langchain4j-core}): every {@code ChatModel},
 * {@code StreamingChatModel} and {@code EmbeddingModel} bean, whichever provider module
 * made it (each keeps its class), and the AiService beans: the tools they run and the
 * conversation ({@code @MemoryId}) of their calls.
 */
public final class LangChain4jIntegration {

	/**
	 * Name of the integration, as used in {@code braintrust.integrations.langchain4j.*}.
	 */
	public static final String NAME = "langchain4j";

	/**
	 * The class whose presence means LangChain4j is on the classpath.
	 */
	public static final String CHAT_MODEL_CLASS = "dev.langchain4j.model.chat.ChatModel";

	private static final String AI_SERVICES_CLASS = "dev.langchain4j.service.AiServices";

	private LangChain4jIntegration() {
	}

	/**
	 * Declares the integration. LangChain4j's classes are referenced only by its
	 * patchers, created once LangChain4j is known to be on the classpath.
	 * @param tracer the tracer, resolved on the first traced call
	 * @return the integration
	 */
	public static Integration create(LazyTracer tracer) {
		return Integration.builder(NAME, Integration.CONTRACT_VERSION)
			.displayName("LangChain4j")
			.library("dev.langchain4j:langchain4j-core", CHAT_MODEL_CLASS)
			.versions("[1.8.0,2.0.0)", "1.19.0")
			.patchers(() -> patchers(tracer))
			.build();
	}

	private static List<Patcher> patchers(LazyTracer tracer) {
		List<Patcher> patchers = new ArrayList<>(List.of(
				Patcher.forBeansOf(ChatModel.class)
					.reportTargetClass()
					.interceptor((context) -> new ChatModelInterceptor(tracer)),
				Patcher.forBeansOf(StreamingChatModel.class)
					.reportTargetClass()
					.interceptor((context) -> new StreamingChatModelInterceptor(tracer)),
				Patcher.forBeansOf(EmbeddingModel.class)
					.reportTargetClass()
					.interceptor((context) -> new EmbeddingModelInterceptor(tracer))));
		// AiServices are in langchain4j, which an application of the models alone lacks.
		if (ClassUtils.isPresent(AI_SERVICES_CLASS, LangChain4jIntegration.class.getClassLoader())) {
			patchers.add(new AiServicePatcher(tracer));
		}
		return patchers;
	}

	/**
	 * The classifier of LangChain4j's exceptions. Needs LangChain4j.
	 * @return the error classifier
	 */
	public static ErrorClassifier errorClassifier() {
		return new LangChain4jErrorClassifier();
	}

}
