package dev.braintrust.spring.boot.trace;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What the application added to a span while it was current, through
 * {@link BraintrustSpans}: metadata merged into {@code braintrust.metadata}, and tags
 * ({@code braintrust.tags}). Given to the {@link LlmSpanWriter} when the span ends.
 *
 * @param metadata the metadata entries, JSON-like values, in the order added
 * @param tags the tags, in the order added, without duplicates
 */
public record SpanAnnotations(Map<String, @Nullable Object> metadata, List<String> tags) {

	/**
	 * Nothing added.
	 */
	public static final SpanAnnotations NONE = new SpanAnnotations(Map.of(), List.of());

	/**
	 * Whether nothing was added.
	 * @return whether there are neither metadata nor tags
	 */
	public boolean isEmpty() {
		return this.metadata.isEmpty() && this.tags.isEmpty();
	}

}
