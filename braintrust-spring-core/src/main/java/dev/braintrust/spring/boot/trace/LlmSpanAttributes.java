package dev.braintrust.spring.boot.trace;

import java.util.List;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.semconv.ErrorAttributes;
import io.opentelemetry.semconv.ExceptionAttributes;
import io.opentelemetry.semconv.ServerAttributes;

/**
 * The attribute keys of the spans the starter writes: the OpenTelemetry GenAI semantic
 * conventions' {@code gen_ai.*} keys and Braintrust's {@code braintrust.*} keys, defined
 * once for everything that writes or reads them. Keys the stable semantic conventions
 * define ({@code error.type}, {@code server.*}, {@code exception.*}) are theirs; the
 * GenAI conventions are still incubating, and OpenTelemetry advises libraries to copy
 * their keys rather than depend on the incubating artifact.
 */
public final class LlmSpanAttributes {

	/** Instrumentation scope name of the spans the starter writes. */
	public static final String INSTRUMENTATION_SCOPE = "dev.braintrust.spring.boot";

	/**
	 * {@code gen_ai.operation.name}: {@code chat}, {@code embeddings},
	 * {@code execute_tool}.
	 */
	public static final AttributeKey<String> OPERATION_NAME = AttributeKey.stringKey("gen_ai.operation.name");

	/** {@code gen_ai.provider.name}: {@code openai}, {@code anthropic}, ... */
	public static final AttributeKey<String> PROVIDER_NAME = AttributeKey.stringKey("gen_ai.provider.name");

	/** {@code gen_ai.system}: the provider, as conventions before 1.37 named it. */
	public static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("gen_ai.system");

	/** {@code gen_ai.request.model}. */
	public static final AttributeKey<String> REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");

	/** {@code gen_ai.request.stream}: whether the response was streamed. */
	public static final AttributeKey<Boolean> REQUEST_STREAM = AttributeKey.booleanKey("gen_ai.request.stream");

	/** {@code gen_ai.response.model}. */
	public static final AttributeKey<String> RESPONSE_MODEL = AttributeKey.stringKey("gen_ai.response.model");

	/** {@code gen_ai.response.id}. */
	public static final AttributeKey<String> RESPONSE_ID = AttributeKey.stringKey("gen_ai.response.id");

	/** {@code gen_ai.response.finish_reasons}. */
	public static final AttributeKey<List<String>> FINISH_REASONS = AttributeKey
		.stringArrayKey("gen_ai.response.finish_reasons");

	/** {@code gen_ai.usage.input_tokens}. */
	public static final AttributeKey<Long> INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");

	/** {@code gen_ai.usage.output_tokens}. */
	public static final AttributeKey<Long> OUTPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.output_tokens");

	/** {@code gen_ai.usage.cache_read.input_tokens}. */
	public static final AttributeKey<Long> CACHE_READ_TOKENS = AttributeKey
		.longKey("gen_ai.usage.cache_read.input_tokens");

	/** {@code gen_ai.usage.cache_creation.input_tokens}. */
	public static final AttributeKey<Long> CACHE_CREATION_TOKENS = AttributeKey
		.longKey("gen_ai.usage.cache_creation.input_tokens");

	/** {@code gen_ai.usage.reasoning.output_tokens}. */
	public static final AttributeKey<Long> REASONING_TOKENS = AttributeKey
		.longKey("gen_ai.usage.reasoning.output_tokens");

	/**
	 * {@code gen_ai.system_instructions}, written when {@code gen-ai-content} is on: the
	 * system prompt, apart from the messages.
	 */
	public static final AttributeKey<String> SYSTEM_INSTRUCTIONS = AttributeKey.stringKey("gen_ai.system_instructions");

	/** {@code gen_ai.response.time_to_first_chunk}, in seconds. */
	public static final AttributeKey<Double> TIME_TO_FIRST_CHUNK = AttributeKey
		.doubleKey("gen_ai.response.time_to_first_chunk");

	/** {@code gen_ai.agent.name}: the agent of an {@code invoke_agent} span. */
	public static final AttributeKey<String> AGENT_NAME = AttributeKey.stringKey("gen_ai.agent.name");

	/** {@code gen_ai.tool.name}. */
	public static final AttributeKey<String> TOOL_NAME = AttributeKey.stringKey("gen_ai.tool.name");

	/** {@code gen_ai.tool.call.id}. */
	public static final AttributeKey<String> TOOL_CALL_ID = AttributeKey.stringKey("gen_ai.tool.call.id");

	/** {@code gen_ai.conversation.id}: the conversation (session, thread) of a call. */
	public static final AttributeKey<String> CONVERSATION_ID = AttributeKey.stringKey("gen_ai.conversation.id");

	/** {@code gen_ai.input.messages}, written when {@code gen-ai-content} is on. */
	public static final AttributeKey<String> INPUT_MESSAGES = AttributeKey.stringKey("gen_ai.input.messages");

	/** {@code gen_ai.output.messages}, written when {@code gen-ai-content} is on. */
	public static final AttributeKey<String> OUTPUT_MESSAGES = AttributeKey.stringKey("gen_ai.output.messages");

	/** {@code error.type}: the normalized error of a failed call. */
	public static final AttributeKey<String> ERROR_TYPE = ErrorAttributes.ERROR_TYPE;

	/** {@code server.address}. */
	public static final AttributeKey<String> SERVER_ADDRESS = ServerAttributes.SERVER_ADDRESS;

	/** {@code server.port}. */
	public static final AttributeKey<Long> SERVER_PORT = ServerAttributes.SERVER_PORT;

	/** {@code exception.type}. */
	public static final AttributeKey<String> EXCEPTION_TYPE = ExceptionAttributes.EXCEPTION_TYPE;

	/** {@code exception.message}. */
	public static final AttributeKey<String> EXCEPTION_MESSAGE = ExceptionAttributes.EXCEPTION_MESSAGE;

	/** {@code exception.stacktrace}. */
	public static final AttributeKey<String> EXCEPTION_STACKTRACE = ExceptionAttributes.EXCEPTION_STACKTRACE;

	/** {@code braintrust.span_attributes}: {@code {"type":...,"name":...}}. */
	public static final AttributeKey<String> SPAN_ATTRIBUTES = AttributeKey.stringKey("braintrust.span_attributes");

	/**
	 * {@code braintrust.context_json}: where the span comes from
	 * ({@code {"span_origin":{...}}}).
	 */
	public static final AttributeKey<String> CONTEXT_JSON = AttributeKey.stringKey("braintrust.context_json");

	/** {@code braintrust.input_json}: the request's content. */
	public static final AttributeKey<String> INPUT_JSON = AttributeKey.stringKey("braintrust.input_json");

	/** {@code braintrust.output_json}: the response's content. */
	public static final AttributeKey<String> OUTPUT_JSON = AttributeKey.stringKey("braintrust.output_json");

	/** {@code braintrust.metadata}: provider, model, request parameters, tools. */
	public static final AttributeKey<String> METADATA = AttributeKey.stringKey("braintrust.metadata");

	/** {@code braintrust.metrics}: token counts and time to first token. */
	public static final AttributeKey<String> METRICS = AttributeKey.stringKey("braintrust.metrics");

	/** {@code braintrust.parent}: the Braintrust project or experiment a span goes to. */
	public static final AttributeKey<String> PARENT = AttributeKey.stringKey("braintrust.parent");

	/** {@code braintrust.tags}: the tags the application gave a span. */
	public static final AttributeKey<List<String>> TAGS = AttributeKey.stringArrayKey("braintrust.tags");

	/** Name of the event recording the exception of a failed call. */
	public static final String EXCEPTION_EVENT = "exception";

	/** Name of the event that marks a response whose output was cut to its bound. */
	public static final String OUTPUT_TRUNCATED = "output_truncated";

	private LlmSpanAttributes() {
	}

}
