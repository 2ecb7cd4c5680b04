package dev.braintrust.spring.boot.integrations.anthropic;

import java.util.List;

import dev.braintrust.spring.boot.integration.Integration;
import dev.braintrust.spring.boot.integration.Patcher;
import dev.braintrust.spring.boot.integration.VersionRange;
import dev.braintrust.spring.boot.trace.LazyTracer;
import dev.braintrust.spring.boot.trace.LlmTracer;

import org.springframework.beans.factory.ObjectProvider;

/**
 * The integration of the Anthropic Java SDK ({@code com.anthropic:anthropic-java}):
 * traces the messages API ({@code messages().create} and {@code createStreaming}, also
 * through {@code beta()}, {@code async()}, {@code withOptions(...)} and
 * {@code withRawResponse()}) of every {@code AnthropicClient} and
 * {@code AnthropicClientAsync} bean.
 * <p>
 * Loadable without the SDK: the SDK is only referenced by the patchers.
 */
public final class AnthropicIntegration implements Integration {

	/** The integration name, used in {@code braintrust.integrations.anthropic.*}. */
	public static final String NAME = "anthropic";

	private static final VersionRange SUPPORTED_VERSIONS = VersionRange.parse("[2.0.0,4.0.0)");

	private final LazyTracer tracer;

	/**
	 * Creates the integration.
	 * @param tracer the tracer, resolved on the first traced call
	 */
	public AnthropicIntegration(ObjectProvider<LlmTracer> tracer) {
		this.tracer = new LazyTracer(tracer);
	}

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public String displayName() {
		return "Anthropic Java SDK";
	}

	@Override
	public String coordinates() {
		return "com.anthropic:anthropic-java";
	}

	@Override
	public List<String> markerClassNames() {
		return List.of("com.anthropic.client.AnthropicClient");
	}

	@Override
	public VersionRange supportedVersions() {
		return SUPPORTED_VERSIONS;
	}

	@Override
	public String testedVersion() {
		return "3.12.0";
	}

	@Override
	public List<Patcher> patchers() {
		return List.of(new AnthropicClientPatcher(this.tracer));
	}

}
