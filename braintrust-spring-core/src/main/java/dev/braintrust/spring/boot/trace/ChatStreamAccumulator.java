package dev.braintrust.spring.boot.trace;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

/**
 * Aggregates the chunks of a streamed chat response into the {@link LlmResponse} the span
 * records, the way OpenAI's and Anthropic's stream helpers do: text deltas are appended
 * per choice index; a tool call is opened by its first delta (id and name) and its
 * arguments deltas are appended by tool index; the last finish reason, id, model and
 * usage seen win.
 * <p>
 * What it holds is bounded by what the span can record, never by what the server sends:
 * text, tool names and arguments up to the content capacity it is given (none at all when
 * content is not captured: ids, usage and finish reasons are still kept), and at most
 * {@value #MAX_CHOICES} choices and {@value #MAX_TOOL_CALLS} tool calls per choice. Past
 * a bound it stops aggregating what is over and marks the response
 * {@link LlmResponse#truncated() truncated}; the stream itself is untouched.
 * <p>
 * Thread-safe (a stream may be cancelled from another thread while a chunk is being
 * aggregated): each method is a short append under the accumulator's lock, which
 * {@link StreamAggregation} takes once per chunk (the appends of the chunk re-enter it).
 * A lock rather than a monitor: the aggregator of a chunk is an integration's code, and a
 * virtual thread holding a monitor pins its carrier.
 */
public final class ChatStreamAccumulator {

	/**
	 * The most choices kept (OpenAI accepts {@code n} up to 128).
	 */
	static final int MAX_CHOICES = 128;

	/**
	 * The most tool calls kept per choice.
	 */
	static final int MAX_TOOL_CALLS = 128;

	/**
	 * The most content parts kept per choice.
	 */
	static final int MAX_PARTS = 128;

	private final boolean capturesContent;

	// Characters of text, tool names and arguments still worth keeping.
	private int contentBudget;

	private boolean truncated;

	private @Nullable String id;

	private @Nullable String model;

	private @Nullable TokenUsage usage;

	private final List<@Nullable StreamedChoice> choices = new ArrayList<>(1);

	private final ReentrantLock lock = new ReentrantLock();

	/**
	 * An accumulator that keeps all the content of a stream, within the bounds on choices
	 * and tool calls.
	 */
	public ChatStreamAccumulator() {
		this(Integer.MAX_VALUE);
	}

	/**
	 * An accumulator that keeps at most {@code contentCapacity} characters of content.
	 * @param contentCapacity the characters of text, tool names and arguments worth
	 * keeping; {@code 0} when content is not captured
	 */
	public ChatStreamAccumulator(int contentCapacity) {
		this.capturesContent = contentCapacity > 0;
		this.contentBudget = Math.max(0, contentCapacity);
	}

	/**
	 * Aggregate one chunk holding the lock once: the appends it makes re-enter it.
	 */
	<T> void aggregate(ChunkAggregator<? super T> aggregator, T chunk) {
		this.lock.lock();
		try {
			aggregator.accept(chunk, this);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Set the response id (ignored when null).
	 * @param id the id
	 * @return this accumulator
	 */
	public ChatStreamAccumulator id(@Nullable String id) {
		this.lock.lock();
		try {
			if (id != null) {
				this.id = id;
			}
		}
		finally {
			this.lock.unlock();
		}
		return this;
	}

	/**
	 * Set the response model (ignored when null).
	 * @param model the model
	 * @return this accumulator
	 */
	public ChatStreamAccumulator model(@Nullable String model) {
		this.lock.lock();
		try {
			if (model != null) {
				this.model = model;
			}
		}
		finally {
			this.lock.unlock();
		}
		return this;
	}

	/**
	 * Set the role of a choice's message (default {@code assistant}).
	 * @param choiceIndex the choice index
	 * @param role the role (ignored when null)
	 * @return this accumulator
	 */
	public ChatStreamAccumulator role(int choiceIndex, @Nullable String role) {
		this.lock.lock();
		try {
			StreamedChoice choice = (role != null) ? choice(choiceIndex) : null;
			if (choice != null) {
				choice.role = role;
			}
		}
		finally {
			this.lock.unlock();
		}
		return this;
	}

	/**
	 * Append a text delta to a choice.
	 * @param choiceIndex the choice index
	 * @param delta the text (ignored when null)
	 * @return this accumulator
	 */
	public ChatStreamAccumulator content(int choiceIndex, @Nullable String delta) {
		this.lock.lock();
		try {
			doContent(choiceIndex, delta);
		}
		finally {
			this.lock.unlock();
		}
		return this;
	}

	private void doContent(int choiceIndex, @Nullable String delta) {
		if (delta == null || delta.isEmpty() || !this.capturesContent) {
			return;
		}
		StreamedChoice choice = choice(choiceIndex);
		int kept = (choice != null) ? keep(delta.length()) : 0;
		if (kept > 0) {
			if (choice.content == null) {
				choice.content = new StringBuilder(
						Math.min(Math.max(64, delta.length() * 4), kept + this.contentBudget));
			}
			choice.content.append(delta, 0, kept);
		}
	}

	// How many of the given characters fit in the content budget; the rest is dropped
	// and the response marked truncated.
	private int keep(int length) {
		int kept = Math.min(length, this.contentBudget);
		this.contentBudget -= kept;
		if (kept < length) {
			this.truncated = true;
		}
		return kept;
	}

	private @Nullable String kept(@Nullable String value) {
		if (value == null) {
			return null;
		}
		int kept = keep(value.length());
		return (kept == value.length()) ? value : value.substring(0, kept);
	}

	/**
	 * Append to a content part of a choice, for a library whose messages are made of
	 * typed parts (Anthropic's content blocks: {@code text}, {@code thinking}, ...).
	 * Parts are kept in the order of their index; a message whose parts are all
	 * {@code text} is recorded as their joined text, any other as its content parts.
	 * @param choiceIndex the choice index
	 * @param partIndex the index of the part within the choice's message
	 * @param type the part type, used when this call opens the part
	 * @param delta the text to append (an empty string gives the part a text), or null
	 * @return this accumulator
	 */
	public ChatStreamAccumulator part(int choiceIndex, int partIndex, String type, @Nullable String delta) {
		this.lock.lock();
		try {
			StreamedChoice choice = this.capturesContent ? choice(choiceIndex) : null;
			if (choice == null) {
				return this;
			}
			if (partIndex < 0 || partIndex >= MAX_PARTS) {
				this.truncated = true;
				return this;
			}
			List<StreamedChoice.@Nullable PartState> parts = (choice.parts != null) ? choice.parts : new ArrayList<>(2);
			choice.parts = parts;
			while (parts.size() <= partIndex) {
				parts.add(null);
			}
			StreamedChoice.PartState part = parts.get(partIndex);
			if (part == null) {
				part = new StreamedChoice.PartState(type);
				parts.set(partIndex, part);
			}
			if (delta != null) {
				part.text = (part.text != null) ? part.text : new StringBuilder();
				part.text.append(delta, 0, keep(delta.length()));
			}
		}
		finally {
			this.lock.unlock();
		}
		return this;
	}

	/**
	 * Aggregate a tool call delta: the first delta of a tool index usually carries the id
	 * and name, later ones carry argument fragments that are appended.
	 * @param choiceIndex the choice index
	 * @param toolIndex the index of the tool call within the choice's message
	 * @param id the tool call id, if this delta carries it
	 * @param name the tool name, if this delta carries it
	 * @param argumentsDelta an arguments fragment, if any
	 * @return this accumulator
	 */
	public ChatStreamAccumulator toolCall(int choiceIndex, int toolIndex, @Nullable String id, @Nullable String name,
			@Nullable String argumentsDelta) {
		this.lock.lock();
		try {
			doToolCall(choiceIndex, toolIndex, id, name, argumentsDelta);
		}
		finally {
			this.lock.unlock();
		}
		return this;
	}

	private void doToolCall(int choiceIndex, int toolIndex, @Nullable String id, @Nullable String name,
			@Nullable String argumentsDelta) {
		if (!this.capturesContent) {
			return;
		}
		StreamedChoice choice = choice(choiceIndex);
		if (choice == null) {
			return;
		}
		if (toolIndex < 0 || toolIndex >= MAX_TOOL_CALLS) {
			this.truncated = true;
			return;
		}
		while (choice.toolCalls.size() <= toolIndex) {
			choice.toolCalls.add(null);
		}
		StreamedChoice.ToolCallState call = choice.toolCalls.get(toolIndex);
		if (call == null) {
			call = new StreamedChoice.ToolCallState();
			choice.toolCalls.set(toolIndex, call);
		}
		if (id != null) {
			call.id = kept(id);
		}
		if (name != null) {
			call.name = kept(name);
		}
		if (argumentsDelta != null) {
			int kept = keep(argumentsDelta.length());
			call.arguments.append(argumentsDelta, 0, kept);
		}
	}

	/**
	 * Set the finish reason of a choice.
	 * @param choiceIndex the choice index
	 * @param finishReason the finish reason (ignored when null)
	 * @return this accumulator
	 */
	public ChatStreamAccumulator finishReason(int choiceIndex, @Nullable String finishReason) {
		this.lock.lock();
		try {
			StreamedChoice choice = (finishReason != null) ? choice(choiceIndex) : null;
			if (choice != null) {
				choice.finishReason = finishReason;
			}
		}
		finally {
			this.lock.unlock();
		}
		return this;
	}

	/**
	 * Set the usage, usually carried by the final chunk (ignored when null).
	 * @param usage the usage
	 * @return this accumulator
	 */
	public ChatStreamAccumulator usage(@Nullable TokenUsage usage) {
		this.lock.lock();
		try {
			if (usage != null) {
				this.usage = usage;
			}
		}
		finally {
			this.lock.unlock();
		}
		return this;
	}

	/**
	 * The response aggregated so far.
	 * @return the response
	 */
	public LlmResponse toResponse() {
		this.lock.lock();
		try {
			return response();
		}
		finally {
			this.lock.unlock();
		}
	}

	private LlmResponse response() {
		List<Choice> result = new ArrayList<>(this.choices.size());
		for (int i = 0; i < this.choices.size(); i++) {
			StreamedChoice state = this.choices.get(i);
			if (state != null) {
				result.add(state.toChoice(i));
			}
		}
		return new LlmResponse(this.id, this.model, result, this.usage, null, this.truncated);
	}

	// The state of a choice, or null (and the response marked truncated) for an index
	// past the bound.
	private @Nullable StreamedChoice choice(int index) {
		if (index < 0 || index >= MAX_CHOICES) {
			this.truncated = true;
			return null;
		}
		while (this.choices.size() <= index) {
			this.choices.add(null);
		}
		StreamedChoice state = this.choices.get(index);
		if (state == null) {
			state = new StreamedChoice();
			this.choices.set(index, state);
		}
		return state;
	}

}
