package dev.braintrust.spring.boot.trace;

/**
 * The shape of a call's {@code braintrust.input_json} and {@code braintrust.output_json}:
 * the OpenAI chat shape Braintrust takes from any provider, or a provider's own shape,
 * which Braintrust's instrumentation guide lets the integration of that provider's SDK
 * keep, as Braintrust's own SDKs log it. The call records stay in the chat shape
 * ({@link ChatMessage}, {@link Choice}) whatever the shape: only the two documents
 * change, not the metadata, the metrics, the {@code gen_ai.*} attributes or the local log
 * line.
 */
public enum ContentShape {

	/**
	 * The OpenAI chat shape: the input an array of messages, the output an array of
	 * choices. Framework integrations (Spring AI, LangChain4j) always write it.
	 */
	CHAT,

	/**
	 * Anthropic's Messages shape: the input the messages with their content blocks, then
	 * the system prompt as a {@code system} message; the output the message object
	 * {@code {"role":"assistant","content":[blocks]}}.
	 */
	ANTHROPIC,

	/**
	 * The OpenAI Responses API's items: the input and output arrays of message,
	 * {@code function_call}, {@code function_call_output} and {@code reasoning} items.
	 */
	OPENAI_RESPONSES,

	/**
	 * Google's GenerateContent shape: the input {@code {"model":...,"contents":[...]}}
	 * (the system instruction in {@code config}), the output
	 * {@code {"candidates":[...]}}, with {@code text}, {@code functionCall} and
	 * {@code functionResponse} parts.
	 */
	GOOGLE,

	/**
	 * Bedrock's Converse shape as Braintrust's spec logs it: messages whose content is an
	 * array of typed parts ({@code text}, {@code tool_use}, {@code tool_result}), the
	 * system prompt first; the output the assistant message, in an array.
	 */
	BEDROCK_CONVERSE

}
