package dev.braintrust.spring.boot.integrations.springai;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import dev.braintrust.spring.boot.internal.DefaultMethods;
import dev.braintrust.spring.boot.trace.LazyTracer;
import dev.braintrust.spring.boot.trace.LlmOperation;
import dev.braintrust.spring.boot.trace.LlmRequest;
import dev.braintrust.spring.boot.trace.LlmResponse;
import io.opentelemetry.context.Scope;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.ai.document.Document;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.embedding.EmbeddingOptions;
import org.springframework.ai.embedding.EmbeddingRequest;
import org.springframework.ai.embedding.EmbeddingResponse;
import org.springframework.ai.embedding.EmbeddingResponseMetadata;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Traces {@code EmbeddingModel.call(EmbeddingRequest)} as an {@code embeddings} span, and
 * {@code embed(Document)}, which models implement by calling {@code call} on themselves
 * (out of the proxy's reach). The default methods ({@code embed(String)},
 * {@code embed(List)}, {@code dimensions()}, ...) run on the proxy (see
 * {@link DefaultMethods}), so the call they delegate to is traced once.
 */
final class EmbeddingModelInterceptor implements MethodInterceptor {

	private final LazyTracer tracer;

	EmbeddingModelInterceptor(LazyTracer tracer) {
		this.tracer = tracer;
	}

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		Method method = invocation.getMethod();
		Object[] arguments = invocation.getArguments();
		if (arguments.length == 1 && arguments[0] instanceof EmbeddingRequest request
				&& method.getName().equals("call")) {
			LlmRequest traced;
			try {
				traced = request((EmbeddingModel) invocation.getThis(), request.getInstructions(),
						request.getOptions());
			}
			catch (Throwable ex) {
				return untraced(invocation, ex);
			}
			return trace(invocation, traced, (response) -> response((EmbeddingResponse) response, traced.provider()));
		}
		if (arguments.length == 1 && arguments[0] instanceof Document document && method.getName().equals("embed")
				&& !DefaultMethods.isInheritedDefault(invocation)) {
			LlmRequest traced;
			try {
				EmbeddingModel model = (EmbeddingModel) invocation.getThis();
				String text = SpringAiApi.embeddingContent(model, document);
				traced = request(model, List.of((text != null) ? text : ""), null);
			}
			catch (Throwable ex) {
				return untraced(invocation, ex);
			}
			return trace(invocation, traced, (vector) -> LlmResponse.output(null, Map.of("count", 1), null));
		}
		if (DefaultMethods.isInheritedDefault(invocation)
				&& (method.getName().startsWith("embed") || method.getName().equals("dimensions"))) {
			return DefaultMethods.invokeOnProxy(invocation);
		}
		return invocation.proceed();
	}

	// The instrumentation could not read the call: it proceeds untraced.
	private @Nullable Object untraced(MethodInvocation invocation, Throwable failure) throws Throwable {
		this.tracer.instrumentationFailure(SpringAiIntegration.NAME, "request", failure);
		return invocation.proceed();
	}

	private Object trace(MethodInvocation invocation, LlmRequest request, Function<Object, LlmResponse> responseMapper)
			throws Throwable {
		return this.tracer.get().call(request, () -> {
			try (Scope marked = TracedScope.modelCall()) {
				return invocation.proceed();
			}
		}, responseMapper);
	}

	private static LlmRequest request(EmbeddingModel model, List<String> texts, @Nullable EmbeddingOptions options) {
		EmbeddingOptions defaults = defaultOptions(model);
		String modelName = (options != null && options.getModel() != null) ? options.getModel()
				: (defaults != null) ? defaults.getModel() : null;
		Integer dimensions = (options != null && options.getDimensions() != null) ? options.getDimensions()
				: (defaults != null) ? defaults.getDimensions() : null;
		return LlmRequest
			.builder(SpringAiIntegration.NAME, SpringAiProviders.of(model, (options != null) ? options : defaults),
					LlmOperation.EMBEDDINGS)
			.displayName("spring_ai.embedding_model.call")
			.model(modelName)
			.parameter("dimensions", dimensions)
			.input(texts)
			.build();
	}

	// EmbeddingModel has no getOptions(); the models have (OpenAiEmbeddingModel, ...).
	private static @Nullable EmbeddingOptions defaultOptions(EmbeddingModel model) {
		Method getter = ClassUtils.getMethodIfAvailable(model.getClass(), "getOptions");
		if (getter == null || !EmbeddingOptions.class.isAssignableFrom(getter.getReturnType())) {
			return null;
		}
		try {
			return (EmbeddingOptions) ReflectionUtils.invokeMethod(getter, model);
		}
		catch (RuntimeException | LinkageError ex) {
			return null;
		}
	}

	// The count of embeddings, never a vector (Braintrust's embeddings spec).
	private static LlmResponse response(EmbeddingResponse response, String provider) {
		EmbeddingResponseMetadata metadata = response.getMetadata();
		return LlmResponse.output(SpringAiChatConverter.emptyToNull(metadata.getModel()),
				Map.of("count", response.getResults().size()), SpringAiUsage.of(metadata.getUsage(), provider));
	}

}
