package dev.braintrust.spring.boot.integrations.googlegenai;

import java.util.List;

import dev.braintrust.spring.boot.integration.Integration;
import dev.braintrust.spring.boot.trace.ErrorClassifier;
import dev.braintrust.spring.boot.trace.LazyTracer;

/**
 * The Google GenAI SDK ({@code com.google.genai:google-genai}), for the Gemini API and
 * Vertex AI: traces {@code models.generateContent}, {@code models.generateContentStream},
 * their {@code async} twins, chat sessions' {@code sendMessage} and
 * {@code sendMessageStream}, and {@code models.embedContent} of every
 * {@code com.google.genai.Client} bean. The client's other services pass through
 * untouched.
 */
public final class GoogleGenAiIntegration {

	/** The integration name, used in {@code braintrust.integrations.google-genai.*}. */
	public static final String NAME = "google-genai";

	private GoogleGenAiIntegration() {
	}

	/**
	 * Declares the integration. The SDK's classes are referenced only by its patcher,
	 * created once the SDK is known to be on the classpath.
	 * @param tracer the tracer, resolved on the first traced call
	 * @return the integration
	 */
	public static Integration create(LazyTracer tracer) {
		return Integration.builder(NAME, Integration.CONTRACT_VERSION)
			.displayName("Google GenAI SDK")
			.library("com.google.genai:google-genai", "com.google.genai.Client")
			.versions("[1.28.0,3.0.0)", "2.3.0")
			.patchers(() -> List.of(new GoogleGenAiPatcher(tracer)))
			.build();
	}

	/**
	 * The classifier of the SDK's exceptions, used when the SDK is on the classpath.
	 * @return the classifier
	 */
	public static ErrorClassifier errorClassifier() {
		return new GoogleGenAiErrorClassifier();
	}

}
