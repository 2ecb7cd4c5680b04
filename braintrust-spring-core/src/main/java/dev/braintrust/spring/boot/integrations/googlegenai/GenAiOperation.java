package dev.braintrust.spring.boot.integrations.googlegenai;

import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * The operations of the Gemini API and Vertex AI that are traced, as their REST methods
 * name them at the end of the request path
 * ({@code .../models/gemini-2.5-flash:generateContent}). Every other request of the
 * client (files, caches, batches, tunings, live, ...) is not.
 */
enum GenAiOperation {

	/** {@code models.generateContent} (and chat sessions' {@code sendMessage}). */
	GENERATE_CONTENT(":generateContent", false),

	/** {@code models.generateContentStream}, as server-sent events. */
	STREAM_GENERATE_CONTENT(":streamGenerateContent", true),

	/** {@code models.embedContent} on the Gemini API. */
	BATCH_EMBED_CONTENTS(":batchEmbedContents", false),

	/** {@code models.embedContent} on Vertex AI (Gemini embedding models). */
	EMBED_CONTENT(":embedContent", false);

	private final String suffix;

	private final boolean stream;

	GenAiOperation(String suffix, boolean stream) {
		this.suffix = suffix;
		this.stream = stream;
	}

	boolean isStream() {
		return this.stream;
	}

	boolean isEmbedding() {
		return this == BATCH_EMBED_CONTENTS || this == EMBED_CONTENT;
	}

	/**
	 * The traced operation a request calls.
	 * @param url the request URL
	 * @return the operation, or {@code null} when the request is not traced
	 */
	static @Nullable GenAiOperation of(HttpUrl url) {
		String path = url.encodedPath();
		int colon = path.lastIndexOf(':');
		if (colon < 0) {
			return null;
		}
		for (GenAiOperation operation : values()) {
			if (path.regionMatches(colon, operation.suffix, 0, operation.suffix.length())
					&& path.length() == colon + operation.suffix.length()) {
				return operation;
			}
		}
		return null;
	}

	/**
	 * The model a request names: the path segment before the method, without the
	 * {@code models/} prefix ({@code gemini-2.5-flash} of both
	 * {@code /v1beta/models/gemini-2.5-flash:generateContent} and
	 * {@code /v1/projects/p/locations/l/publishers/google/models/gemini-2.5-flash:generateContent}).
	 * @param url the request URL
	 * @return the model, or {@code null} when the path names none
	 */
	static @Nullable String model(HttpUrl url) {
		java.util.List<String> segments = url.pathSegments();
		String last = segments.get(segments.size() - 1);
		int colon = last.lastIndexOf(':');
		return (colon > 0) ? last.substring(0, colon) : null;
	}

}
