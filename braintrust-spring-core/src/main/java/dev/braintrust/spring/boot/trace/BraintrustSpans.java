package dev.braintrust.spring.boot.trace;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;
import org.jspecify.annotations.Nullable;

/**
 * The application's hand on the span in progress, the span of a {@link Traced} method or
 * of a model call or tool run the starter traces (whichever is current): add metadata
 * (merged into its {@code braintrust.metadata}) and tags ({@code braintrust.tags}), which
 * are written when the span ends; and send the spans a block starts to another Braintrust
 * parent. The starter declares one bean of it; without tracing
 * ({@code braintrust.enabled} false) it is {@link #noop()}: blocks still run, nothing is
 * recorded.
 * <p>
 * What a span holds is bounded: at most 64 metadata entries and 64 tags, names and tags
 * of at most 256 characters, each value at most {@value #MAX_VALUE_LENGTH} characters of
 * JSON (within {@code braintrust.trace.max-content-length}), written with the
 * application's JSON mapper. Metadata and tags are not content: they are written whether
 * content is captured or not. Thread-safe; outside a span, additions are ignored.
 */
public final class BraintrustSpans {

	/**
	 * The Braintrust parent of the spans started in a {@link #withParent} block.
	 */
	static final ContextKey<String> PARENT = ContextKey.named("braintrust-parent");

	/**
	 * The most characters of JSON a metadata value takes.
	 */
	public static final int MAX_VALUE_LENGTH = 4096;

	private static final BraintrustSpans NOOP = new BraintrustSpans(JsonValues.basic(), MAX_VALUE_LENGTH, false);

	private final JsonValues values;

	private final int maxValueLength;

	private final boolean enabled;

	/**
	 * Creates the span API.
	 * @param values writes metadata values
	 * @param maxContentLength the bound of the span's JSON attributes
	 * ({@code braintrust.trace.max-content-length})
	 */
	public BraintrustSpans(JsonValues values, int maxContentLength) {
		this(values, Math.min(maxContentLength, MAX_VALUE_LENGTH), true);
	}

	private BraintrustSpans(JsonValues values, int maxValueLength, boolean enabled) {
		this.values = Objects.requireNonNull(values, "values");
		this.maxValueLength = maxValueLength;
		this.enabled = enabled;
	}

	/**
	 * The span API that records nothing.
	 * @return the no-op span API
	 */
	public static BraintrustSpans noop() {
		return NOOP;
	}

	/**
	 * Whether a span of the starter is in progress on the current context.
	 * @return whether additions would be recorded
	 */
	public boolean isRecording() {
		return current() != null;
	}

	/**
	 * Add one metadata entry to the current span ({@code braintrust.metadata}); an entry
	 * of the same name replaces it. An entry named like one the starter writes
	 * ({@code provider}, {@code model}, a request parameter, {@code conversation_id}) is
	 * left out.
	 * @param key the name
	 * @param value a value the application's JSON mapper can write
	 * @return whether a span took it
	 */
	public boolean metadata(String key, @Nullable Object value) {
		Objects.requireNonNull(key, "key");
		CallObservation call = current();
		if (call == null) {
			return false;
		}
		call.notes().metadata(key, this.values.toJson(value, this.maxValueLength));
		return true;
	}

	/**
	 * Add metadata entries to the current span.
	 * @param entries the entries
	 * @return whether a span took them
	 * @see #metadata(String, Object)
	 */
	public boolean metadata(Map<String, ?> entries) {
		CallObservation call = current();
		if (call == null) {
			return false;
		}
		SpanNotes notes = call.notes();
		entries.forEach((key, value) -> notes.metadata(key, this.values.toJson(value, this.maxValueLength)));
		return true;
	}

	/**
	 * Add tags to the current span ({@code braintrust.tags}).
	 * @param tags the tags
	 * @return whether a span took them
	 */
	public boolean tags(String... tags) {
		CallObservation call = current();
		if (call == null) {
			return false;
		}
		SpanNotes notes = call.notes();
		for (String tag : tags) {
			if (tag != null && !tag.isBlank()) {
				notes.tag(tag);
			}
		}
		return true;
	}

	/**
	 * Run a block whose spans go to another Braintrust parent: every span the starter
	 * starts in it (on this thread, or wherever its context is carried) gets
	 * {@code braintrust.parent}, which wins over {@code braintrust.project}.
	 * @param <T> the block's result type
	 * @param parent the parent, {@code project_name:<name>}, {@code project_id:<id>} or
	 * {@code experiment_id:<id>}
	 * @param block the block
	 * @return the block's result
	 * @throws Exception the block's exception, unchanged
	 * @throws IllegalArgumentException if the parent is not of one of these forms
	 */
	public <T> T withParent(String parent, Callable<T> block) throws Exception {
		checkParent(parent);
		if (!this.enabled) {
			return block.call();
		}
		try (Scope scope = Context.current().with(PARENT, parent).makeCurrent()) {
			return block.call();
		}
	}

	/**
	 * Run a block whose spans go to another Braintrust parent.
	 * @param parent the parent
	 * @param block the block
	 * @see #withParent(String, Callable)
	 */
	public void withParent(String parent, Runnable block) {
		checkParent(parent);
		if (!this.enabled) {
			block.run();
			return;
		}
		try (Scope scope = Context.current().with(PARENT, parent).makeCurrent()) {
			block.run();
		}
	}

	private @Nullable CallObservation current() {
		if (!this.enabled) {
			return null;
		}
		CallObservation call = Context.current().get(LlmCallDispatcher.CURRENT_CALL);
		return (call != null && !call.ended()) ? call : null;
	}

	static void checkParent(String parent) {
		Objects.requireNonNull(parent, "parent");
		int colon = parent.indexOf(':');
		String kind = (colon > 0) ? parent.substring(0, colon) : "";
		boolean known = kind.equals("project_name") || kind.equals("project_id") || kind.equals("experiment_id");
		if (!known || colon == parent.length() - 1 || parent.length() > 1024 || !isPrintableAscii(parent)) {
			throw new IllegalArgumentException("A Braintrust parent is project_name:<name>, project_id:<id> or "
					+ "experiment_id:<id>, in printable ASCII (a project name that is not: use its id)");
		}
	}

	private static boolean isPrintableAscii(String value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c < 0x20 || c > 0x7e) {
				return false;
			}
		}
		return true;
	}

}
