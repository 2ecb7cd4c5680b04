package dev.braintrust.spring.boot.integrations.springai;

import org.springframework.ai.retry.NonTransientAiException;
import org.springframework.ai.retry.autoconfigure.SpringAiRetryAutoConfiguration;
import org.springframework.boot.autoconfigure.http.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.web.client.RestClientAutoConfiguration;
import org.springframework.boot.autoconfigure.web.reactive.function.client.WebClientAutoConfiguration;

/**
 * What the shared Spring AI tests need from the Spring AI of this line (Spring AI 1.1,
 * whose OpenAI and Anthropic models are on Spring AI's own HTTP clients, with its retry
 * template); the Spring Boot 4 line has the same members for Spring AI 2.0.
 */
final class SpringAiLine {

	/** The major version of Spring AI. */
	static final int GENERATION = 1;

	/** The version of Spring AI the tests run on. */
	static final String VERSION = "1.1.2";

	/** How Spring AI's own OpenAI and Anthropic chat models are reported instrumented. */
	static final String OWN_MODEL_INSTRUMENTATION = "proxy";

	/**
	 * The path {@code spring.ai.openai.base-url} ends with (OpenAiApi adds /v1 itself).
	 */
	static final String OPENAI_BASE_PATH = "";

	/** The properties that make Spring AI's models fail at once rather than retry. */
	static final String[] NO_RETRY = { "spring.ai.retry.max-attempts=1" };

	/**
	 * Whether Spring AI's own models are proxied: a class proxy, which keeps their class,
	 * tells the observations of a stream that they stream.
	 */
	static final boolean OWN_MODELS_PROXIED = true;

	/**
	 * Whether a stream of Spring AI's own model records its time to first chunk: the
	 * model's proxy tells it.
	 */
	static final boolean STREAM_TIME_TO_FIRST_CHUNK = true;

	/**
	 * The name of the span of an OpenAI embedding call without options: Spring AI 1.1's
	 * model does not tell its default options, so the request has no model.
	 */
	static final String OPENAI_EMBEDDINGS_SPAN_NAME = "embeddings";

	/** The default options of Spring AI's OpenAI chat model in a span's metadata. */
	static final String OPENAI_DEFAULT_OPTIONS_METADATA = ",\"temperature\":0.7";

	/**
	 * The attributes the default options of Spring AI's OpenAI chat model add to a span.
	 */
	static final String[] OPENAI_DEFAULT_OPTION_ATTRIBUTES = { "gen_ai.request.temperature" };

	/** The default options of Spring AI's Anthropic chat model in a span's metadata. */
	static final String ANTHROPIC_DEFAULT_OPTIONS_METADATA = ",\"temperature\":0.8,\"max_tokens\":500";

	/**
	 * Whether the Anthropic model makes the text and the tool use of a response two
	 * generations.
	 */
	static final boolean ANTHROPIC_TEXT_AND_TOOL_USE_SPLIT = true;

	/** What an OpenAI model throws on a 429. */
	static final Class<? extends Throwable> OPENAI_RATE_LIMIT = NonTransientAiException.class;

	/** What an OpenAI model throws on a 401. */
	static final Class<? extends Throwable> OPENAI_UNAUTHORIZED = NonTransientAiException.class;

	/** What an Anthropic model throws on a 429. */
	static final Class<? extends Throwable> ANTHROPIC_RATE_LIMIT = NonTransientAiException.class;

	private SpringAiLine() {
	}

	/**
	 * The auto-configurations Spring AI's models need besides their own: Spring AI's
	 * retry and Spring Boot's HTTP clients.
	 * @return the auto-configurations
	 */
	static Class<?>[] modelSupport() {
		return new Class<?>[] { SpringAiRetryAutoConfiguration.class, RestClientAutoConfiguration.class,
				WebClientAutoConfiguration.class, HttpMessageConvertersAutoConfiguration.class,
				JacksonAutoConfiguration.class };
	}

}
