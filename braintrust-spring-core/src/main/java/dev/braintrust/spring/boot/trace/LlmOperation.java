package dev.braintrust.spring.boot.trace;

/**
 * The kind of model call a span describes, with its OpenTelemetry GenAI
 * {@code gen_ai.operation.name}.
 */
public enum LlmOperation {

	/**
	 * A chat completion or message call.
	 */
	CHAT("chat", "llm"),

	/**
	 * An embeddings call.
	 */
	EMBEDDINGS("embeddings", "llm"),

	/**
	 * The execution of a tool the model asked for.
	 */
	EXECUTE_TOOL("execute_tool", "tool"),

	/**
	 * A framework's agent run: one call of the application that the framework turns into
	 * model calls and tool executions (a LangChain4j AiService method), the parent of
	 * their spans; a Braintrust {@code task} span.
	 */
	INVOKE_AGENT("invoke_agent", "task"),

	/**
	 * A method of the application annotated with {@link Traced}: a Braintrust span of the
	 * type the annotation names ({@code task} by default), without {@code gen_ai.*}
	 * attributes (it is not a model call). Unlike the other operations, a task nested in
	 * a task is a span of its own.
	 */
	TASK("task", "task");

	private final String value;

	private final String spanType;

	LlmOperation(String value, String spanType) {
		this.value = value;
		this.spanType = spanType;
	}

	/**
	 * The value of {@code gen_ai.operation.name}.
	 * @return the operation name, e.g. {@code chat}
	 */
	public String value() {
		return this.value;
	}

	/**
	 * The Braintrust span type written to {@code braintrust.span_attributes}.
	 * @return {@code llm}, {@code tool} or {@code task}
	 */
	public String spanType() {
		return this.spanType;
	}

}
