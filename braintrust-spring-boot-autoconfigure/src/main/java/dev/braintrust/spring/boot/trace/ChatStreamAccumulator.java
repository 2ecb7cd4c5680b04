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
 * aggregated): each method is a short append under the accumulator's lock, except while
 * {@link StreamAggregation} aggregates a chunk, which holds the lock once for all the
 * chunk's appends. A lock rather than a monitor: the aggregator of a chunk is an
 * integration's code, and a virtual thread holding a monitor pins its carrier.
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

	private final boolean capturesContent;

	// Characters of text, tool names and arguments still worth keeping.
	private int contentBudget;

	private boolean truncated;

	private @Nullable String id;

	private @Nullable String model;

	private @Nullable TokenUsage usage;

	private final List<@Nullable ChoiceState> choices = new ArrayList<>(1);

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
	 * Aggregate one chunk holding the monitor once, rather than once per append.
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

	private boolean owned() {
		return this.lock.isHeldByCurrentThread();
	}

	/**
	 * Set the response id (ignored when null).
	 * @param id the id
	 * @return this accumulator
	 */
	public ChatStreamAccumulator id(@Nullable String id) {
		if (owned()) {
			doId(id);
		}
		else {
			this.lock.lock();
			try {
				doId(id);
			}
			finally {
				this.lock.unlock();
			}
		}
		return this;
	}

	private void doId(@Nullable String id) {
		if (id != null) {
			this.id = id;
		}
	}

	/**
	 * Set the response model (ignored when null).
	 * @param model the model
	 * @return this accumulator
	 */
	public ChatStreamAccumulator model(@Nullable String model) {
		if (owned()) {
			doModel(model);
		}
		else {
			this.lock.lock();
			try {
				doModel(model);
			}
			finally {
				this.lock.unlock();
			}
		}
		return this;
	}

	private void doModel(@Nullable String model) {
		if (model != null) {
			this.model = model;
		}
	}

	/**
	 * Set the role of a choice's message (default {@code assistant}).
	 * @param choiceIndex the choice index
	 * @param role the role (ignored when null)
	 * @return this accumulator
	 */
	public ChatStreamAccumulator role(int choiceIndex, @Nullable String role) {
		if (owned()) {
			doRole(choiceIndex, role);
		}
		else {
			this.lock.lock();
			try {
				doRole(choiceIndex, role);
			}
			finally {
				this.lock.unlock();
			}
		}
		return this;
	}

	private void doRole(int choiceIndex, @Nullable String role) {
		ChoiceState choice = (role != null) ? choice(choiceIndex) : null;
		if (choice != null) {
			choice.role = role;
		}
	}

	/**
	 * Append a text delta to a choice.
	 * @param choiceIndex the choice index
	 * @param delta the text (ignored when null)
	 * @return this accumulator
	 */
	public ChatStreamAccumulator content(int choiceIndex, @Nullable String delta) {
		if (owned()) {
			doContent(choiceIndex, delta);
		}
		else {
			this.lock.lock();
			try {
				doContent(choiceIndex, delta);
			}
			finally {
				this.lock.unlock();
			}
		}
		return this;
	}

	private void doContent(int choiceIndex, @Nullable String delta) {
		if (delta == null || delta.isEmpty() || !this.capturesContent) {
			return;
		}
		ChoiceState choice = choice(choiceIndex);
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
		if (owned()) {
			doToolCall(choiceIndex, toolIndex, id, name, argumentsDelta);
		}
		else {
			this.lock.lock();
			try {
				doToolCall(choiceIndex, toolIndex, id, name, argumentsDelta);
			}
			finally {
				this.lock.unlock();
			}
		}
		return this;
	}

	private void doToolCall(int choiceIndex, int toolIndex, @Nullable String id, @Nullable String name,
			@Nullable String argumentsDelta) {
		if (!this.capturesContent) {
			return;
		}
		ChoiceState choice = choice(choiceIndex);
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
		ToolCallState call = choice.toolCalls.get(toolIndex);
		if (call == null) {
			call = new ToolCallState();
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
		if (owned()) {
			doFinishReason(choiceIndex, finishReason);
		}
		else {
			this.lock.lock();
			try {
				doFinishReason(choiceIndex, finishReason);
			}
			finally {
				this.lock.unlock();
			}
		}
		return this;
	}

	private void doFinishReason(int choiceIndex, @Nullable String finishReason) {
		ChoiceState choice = (finishReason != null) ? choice(choiceIndex) : null;
		if (choice != null) {
			choice.finishReason = finishReason;
		}
	}

	/**
	 * Set the usage, usually carried by the final chunk (ignored when null).
	 * @param usage the usage
	 * @return this accumulator
	 */
	public ChatStreamAccumulator usage(@Nullable TokenUsage usage) {
		if (owned()) {
			doUsage(usage);
		}
		else {
			this.lock.lock();
			try {
				doUsage(usage);
			}
			finally {
				this.lock.unlock();
			}
		}
		return this;
	}

	private void doUsage(@Nullable TokenUsage usage) {
		if (usage != null) {
			this.usage = usage;
		}
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
			ChoiceState state = this.choices.get(i);
			if (state != null) {
				result.add(state.toChoice(i));
			}
		}
		return new LlmResponse(this.id, this.model, result, this.usage, null, this.truncated);
	}

	// The state of a choice, or null (and the response marked truncated) for an index
	// past the bound.
	private @Nullable ChoiceState choice(int index) {
		if (index < 0 || index >= MAX_CHOICES) {
			this.truncated = true;
			return null;
		}
		while (this.choices.size() <= index) {
			this.choices.add(null);
		}
		ChoiceState state = this.choices.get(index);
		if (state == null) {
			state = new ChoiceState();
			this.choices.set(index, state);
		}
		return state;
	}

	private static final class ChoiceState {

		private String role = "assistant";

		private @Nullable StringBuilder content;

		private final List<@Nullable ToolCallState> toolCalls = new ArrayList<>(0);

		private @Nullable String finishReason;

		Choice toChoice(int index) {
			List<ToolCall> calls = new ArrayList<>(this.toolCalls.size());
			for (ToolCallState call : this.toolCalls) {
				if (call != null) {
					calls.add(new ToolCall(call.id, (call.name != null) ? call.name : "", call.arguments.toString()));
				}
			}
			String text = (this.content != null) ? this.content.toString() : null;
			return new Choice(index, new ChatMessage(this.role, text, List.of(), calls, null, null), this.finishReason);
		}

	}

	private static final class ToolCallState {

		private @Nullable String id;

		private @Nullable String name;

		private final StringBuilder arguments = new StringBuilder();

	}

}
