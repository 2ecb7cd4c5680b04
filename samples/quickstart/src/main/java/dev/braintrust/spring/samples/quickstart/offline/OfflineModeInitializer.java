package dev.braintrust.spring.samples.quickstart.offline;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

/**
 * Switches the sample to the {@code offline} profile when a provider API key is missing:
 * starts the {@link OfflineModelServer} in this process and points the clients of that
 * provider at it, so the sample runs with no key and no network. With
 * {@code OPENAI_API_KEY}, {@code ANTHROPIC_API_KEY} and AWS credentials
 * ({@code AWS_ACCESS_KEY_ID}...) set, the real APIs are used. It runs before the
 * application context is refreshed, so the auto-configurations see the offline
 * properties; a context initializer (not an environment post-processor, whose interface
 * Spring Boot 4 moved) keeps the sample the same on every Spring Boot generation.
 */
class OfflineModeInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	static final String PROFILE = "offline";

	private static final String SPRING_AI_1_OPENAI_API = "org.springframework.ai.openai.api.OpenAiApi";

	private final Log logger = LogFactory.getLog(OfflineModeInitializer.class);

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		ConfigurableEnvironment environment = context.getEnvironment();
		boolean openAiOffline = !StringUtils.hasText(environment.getProperty("spring.ai.openai.api-key"));
		boolean anthropicOffline = !StringUtils.hasText(environment.getProperty("quickstart.anthropic.api-key"));
		// The AWS SDK's own credentials chain reads these (and profiles, which the sample
		// does not look for: set quickstart.bedrock.offline=false to use them).
		boolean bedrockOffline = environment.getProperty("quickstart.bedrock.offline", Boolean.class,
				!StringUtils.hasText(environment.getProperty("AWS_ACCESS_KEY_ID")));
		if (!openAiOffline && !anthropicOffline && !bedrockOffline) {
			return;
		}
		OfflineModelServer server = OfflineModelServer.start();
		Map<String, Object> properties = new LinkedHashMap<>();
		if (openAiOffline) {
			properties.put("spring.ai.openai.base-url", server.openAiBaseUrl());
			if (ClassUtils.isPresent(SPRING_AI_1_OPENAI_API, getClass().getClassLoader())) {
				// Spring AI 1.x's own OpenAI client puts /v1 in its paths, not in the
				// base URL
				properties.put("spring.ai.openai.chat.completions-path", "/chat/completions");
				properties.put("spring.ai.openai.embedding.embeddings-path", "/embeddings");
			}
			properties.put("spring.ai.openai.api-key", "offline-demo-key");
			this.logger.info("OPENAI_API_KEY is not set: Spring AI and the OpenAI client use the built-in offline "
					+ "model server at " + server.openAiBaseUrl());
		}
		if (anthropicOffline) {
			properties.put("quickstart.anthropic.base-url", server.anthropicBaseUrl());
			properties.put("quickstart.anthropic.api-key", "offline-demo-key");
			this.logger.info("ANTHROPIC_API_KEY is not set: the Anthropic client uses the built-in offline model "
					+ "server at " + server.anthropicBaseUrl());
		}
		if (bedrockOffline) {
			properties.put("quickstart.bedrock.endpoint", server.bedrockEndpoint());
			this.logger.info("AWS_ACCESS_KEY_ID is not set: the Bedrock Runtime client uses the built-in offline "
					+ "model server at " + server.bedrockEndpoint());
		}
		environment.getPropertySources().addFirst(new MapPropertySource("quickstartOfflineModelServer", properties));
		environment.addActiveProfile(PROFILE);
		context.addApplicationListener((ApplicationListener<ContextClosedEvent>) (event) -> server.close());
	}

}
