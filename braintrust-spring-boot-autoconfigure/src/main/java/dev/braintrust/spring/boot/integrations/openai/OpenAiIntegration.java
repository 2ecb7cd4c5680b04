package dev.braintrust.spring.boot.integrations.openai;

import java.util.List;

import dev.braintrust.spring.boot.integration.Integration;
import dev.braintrust.spring.boot.integration.Patcher;
import dev.braintrust.spring.boot.integration.VersionRange;
import dev.braintrust.spring.boot.trace.LazyTracer;

/**
 * The OpenAI Java SDK ({@code com.openai:openai-java}): its {@code OpenAIClient} and
 * {@code OpenAIClientAsync} beans, with the chat completions, responses and embeddings
 * services they return. Names the SDK's classes only as strings: its patcher, which uses
 * them, is created once the SDK is known to be present.
 */
final class OpenAiIntegration implements Integration {

	static final String NAME = OpenAiEndpoint.INTEGRATION;

	/**
	 * The oldest and newest SDK versions the integration's tests were run against.
	 */
	static final String OLDEST_TESTED = "4.0.0";

	static final String TESTED = "4.101.0";

	private static final VersionRange SUPPORTED = VersionRange.parse("[" + OLDEST_TESTED + ",5.0.0)");

	private final LazyTracer tracer;

	OpenAiIntegration(LazyTracer tracer) {
		this.tracer = tracer;
	}

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public String displayName() {
		return "OpenAI Java SDK";
	}

	@Override
	public String coordinates() {
		return "com.openai:openai-java";
	}

	@Override
	public List<String> markerClassNames() {
		return List.of("com.openai.client.OpenAIClient");
	}

	@Override
	public VersionRange supportedVersions() {
		return SUPPORTED;
	}

	@Override
	public String testedVersion() {
		return TESTED;
	}

	@Override
	public List<Patcher> patchers() {
		return List.of(new OpenAiClientPatcher(this.tracer));
	}

}
