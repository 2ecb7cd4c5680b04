package dev.braintrust.spring.boot.integrations.springai;

import java.util.List;
import java.util.function.BooleanSupplier;

import dev.braintrust.spring.boot.integration.Integration;
import dev.braintrust.spring.boot.integration.Patcher;
import dev.braintrust.spring.boot.integration.VersionRange;
import dev.braintrust.spring.boot.trace.LazyTracer;
import dev.braintrust.spring.boot.trace.LlmTracer;

import org.springframework.beans.factory.ObjectProvider;

/**
 * The Spring AI integration: every {@code ChatModel} and {@code EmbeddingModel} bean, and
 * the tools run by the {@code ToolCallingManager} bean.
 * <p>
 * Loadable without Spring AI: it names Spring AI's classes as strings, and only its
 * patchers (created once Spring AI is known to be present) reference them.
 */
public final class SpringAiIntegration implements Integration {

	/**
	 * Name of the integration, as used in {@code braintrust.integrations.spring-ai.*}.
	 */
	public static final String NAME = "spring-ai";

	static final String CHAT_MODEL_CLASS = "org.springframework.ai.chat.model.ChatModel";

	private static final VersionRange SUPPORTED = VersionRange.parse("[2.0.0,3.0.0)");

	private final LazyTracer tracer;

	private final BooleanSupplier observationTracing;

	private final int inlineMediaLimit;

	/**
	 * Creates the integration.
	 * @param tracer the tracer, resolved on the first traced call
	 * @param observationTracing whether the calls of models that cannot be proxied
	 * without changing their class are traced through Spring AI's observations
	 * @param inlineMediaLimit the longest data URL a media of a prompt is recorded as (0:
	 * always a placeholder)
	 */
	SpringAiIntegration(ObjectProvider<LlmTracer> tracer, BooleanSupplier observationTracing, int inlineMediaLimit) {
		this.tracer = new LazyTracer(tracer);
		this.observationTracing = observationTracing;
		this.inlineMediaLimit = inlineMediaLimit;
	}

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public String displayName() {
		return "Spring AI";
	}

	@Override
	public String coordinates() {
		return "org.springframework.ai:spring-ai-model";
	}

	@Override
	public List<String> markerClassNames() {
		return List.of(CHAT_MODEL_CLASS);
	}

	@Override
	public VersionRange supportedVersions() {
		return SUPPORTED;
	}

	@Override
	public String testedVersion() {
		return "2.0.1";
	}

	@Override
	public List<Patcher> patchers() {
		return List.of(new ChatModelPatcher(this.tracer, this.observationTracing, this.inlineMediaLimit),
				new EmbeddingModelPatcher(this.tracer), new ToolCallingManagerPatcher(this.tracer));
	}

}
