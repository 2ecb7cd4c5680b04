package dev.braintrust.spring.boot.integrations.springai;

import com.anthropic.errors.RateLimitException;
import com.openai.errors.UnauthorizedException;

/**
 * What the shared Spring AI tests need from the Spring AI of this line (Spring AI 2.0,
 * whose OpenAI and Anthropic models are on the providers' SDKs); the Spring Boot 3 line
 * has the same members for Spring AI 1.1.
 */
final class SpringAiLine {

	/** The major version of Spring AI. */
	static final int GENERATION = 2;

	/** The version of Spring AI the tests run on. */
	static final String VERSION = "2.0.1";

	/** How Spring AI's own OpenAI and Anthropic chat models are reported instrumented. */
	static final String OWN_MODEL_INSTRUMENTATION = "observation";

	/**
	 * The path {@code spring.ai.openai.base-url} ends with (the SDK's base URL has it).
	 */
	static final String OPENAI_BASE_PATH = "/v1";

	/** The properties that make Spring AI's models fail at once rather than retry. */
	static final String[] NO_RETRY = {};

	/** Whether Spring AI's own models are proxied (to keep their class, they are not). */
	static final boolean OWN_MODELS_PROXIED = false;

	/** Whether a stream of Spring AI's own model records its time to first chunk. */
	static final boolean STREAM_TIME_TO_FIRST_CHUNK = false;

	/**
	 * The name of the span of an OpenAI embedding call without options: Spring AI 1.1's
	 * model does not tell its default options, so the request has no model.
	 */
	static final String OPENAI_EMBEDDINGS_SPAN_NAME = "embeddings text-embedding-3-small";

	/** The default options of Spring AI's OpenAI chat model in a span's metadata. */
	static final String OPENAI_DEFAULT_OPTIONS_METADATA = "";

	/**
	 * The attributes the default options of Spring AI's OpenAI chat model add to a span.
	 */
	static final String[] OPENAI_DEFAULT_OPTION_ATTRIBUTES = {};

	/** The default options of Spring AI's Anthropic chat model in a span's metadata. */
	static final String ANTHROPIC_DEFAULT_OPTIONS_METADATA = ",\"max_tokens\":4096";

	/**
	 * Whether the Anthropic model makes the text and the tool use of a response two
	 * generations.
	 */
	static final boolean ANTHROPIC_TEXT_AND_TOOL_USE_SPLIT = false;

	/** What an OpenAI model throws on a 429. */
	static final Class<? extends Throwable> OPENAI_RATE_LIMIT = com.openai.errors.RateLimitException.class;

	/** What an OpenAI model throws on a 401. */
	static final Class<? extends Throwable> OPENAI_UNAUTHORIZED = UnauthorizedException.class;

	/** What an Anthropic model throws on a 429. */
	static final Class<? extends Throwable> ANTHROPIC_RATE_LIMIT = RateLimitException.class;

	private SpringAiLine() {
	}

	/**
	 * The auto-configurations Spring AI's models need besides their own (none).
	 * @return the auto-configurations
	 */
	static Class<?>[] modelSupport() {
		return new Class<?>[0];
	}

}
