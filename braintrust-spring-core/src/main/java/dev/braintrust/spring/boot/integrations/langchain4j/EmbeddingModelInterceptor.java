package dev.braintrust.spring.boot.integrations.langchain4j;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import dev.braintrust.spring.boot.internal.DefaultMethods;
import dev.braintrust.spring.boot.trace.ConversationContext;
import dev.braintrust.spring.boot.trace.LazyTracer;
import dev.braintrust.spring.boot.trace.LlmOperation;
import dev.braintrust.spring.boot.trace.LlmRequest;
import dev.braintrust.spring.boot.trace.LlmResponse;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Traces {@code EmbeddingModel.embedAll(List<TextSegment>)} and, from 1.18,
 * {@code embed(EmbeddingRequest)} as {@code embeddings} spans. The convenience methods
 * ({@code embed(String)}, {@code embed(TextSegment)}) are default methods, run on the
 * proxy (see {@link DefaultMethods}) so that the call they delegate to is traced; a call
 * that reaches the other traced method (1.18's {@code embedAll} delegates to
 * {@code embed(EmbeddingRequest)}) adds no second span (the tracer's nesting rule).
 */
final class EmbeddingModelInterceptor implements MethodInterceptor {

	// Referenced by name: it exists from 1.18 only.
	private static final String EMBEDDING_REQUEST = "dev.langchain4j.model.embedding.request.EmbeddingRequest";

	private final LazyTracer tracer;

	EmbeddingModelInterceptor(LazyTracer tracer) {
		this.tracer = tracer;
	}

	@Override
	@SuppressWarnings("unchecked")
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		String name = invocation.getMethod().getName();
		Object[] arguments = invocation.getArguments();
		if (arguments.length != 1 || !name.startsWith("embed")) {
			return invocation.proceed();
		}
		if (name.equals("embedAll") && arguments[0] instanceof List<?> segments) {
			LlmRequest request = request(invocation, () -> texts((List<TextSegment>) segments));
			return trace(invocation, request,
					(result) -> response((Response<List<Embedding>>) result, request.model()));
		}
		if (name.equals("embed") && arguments[0] != null
				&& arguments[0].getClass().getName().equals(EMBEDDING_REQUEST)) {
			LlmRequest request = request(invocation, () -> EmbeddingRequests.texts(arguments[0]));
			return trace(invocation, request, (result) -> EmbeddingRequests.response(result, request.model()));
		}
		if (DefaultMethods.isInheritedDefault(invocation)) {
			return DefaultMethods.invokeOnProxy(invocation);
		}
		return invocation.proceed();
	}

	private @Nullable Object trace(MethodInvocation invocation, @Nullable LlmRequest request,
			Function<Object, LlmResponse> responseMapper) throws Throwable {
		if (request == null) {
			return invocation.proceed();
		}
		return this.tracer.get().call(request, invocation::proceed, responseMapper);
	}

	// The request, or null when the instrumentation cannot read it (the call then
	// proceeds untraced).
	private @Nullable LlmRequest request(MethodInvocation invocation, TextsReader texts) {
		try {
			EmbeddingModel model = (EmbeddingModel) invocation.getThis();
			return LlmRequest
				.builder(LangChain4jIntegration.NAME, LangChain4jProviders.of(model, () -> model.provider()),
						LlmOperation.EMBEDDINGS)
				.displayName("langchain4j.embedding_model.embed")
				.model(modelName(model))
				.conversationId(ConversationContext.current())
				.input(texts.read())
				.build();
		}
		catch (Throwable ex) {
			this.tracer.instrumentationFailure(LangChain4jIntegration.NAME, "request", ex);
			return null;
		}
	}

	private static @Nullable String modelName(EmbeddingModel model) {
		Object name;
		try {
			name = model.modelName();
		}
		catch (LinkageError ex) {
			// Older versions' EmbeddingModel (1.8's) has no modelName(); the provider
			// modules' models have one of their own.
			Method getter = ClassUtils.getMethodIfAvailable(model.getClass(), "modelName");
			name = (getter != null && getter.getParameterCount() == 0) ? ReflectionUtils.invokeMethod(getter, model)
					: null;
		}
		return (name instanceof String text && !text.isEmpty() && !text.equals("unknown")) ? text : null;
	}

	private static List<String> texts(List<TextSegment> segments) {
		List<String> texts = new ArrayList<>(segments.size());
		for (TextSegment segment : segments) {
			texts.add((segment != null && segment.text() != null) ? segment.text() : "");
		}
		return texts;
	}

	static LlmResponse response(Response<List<Embedding>> response, @Nullable String model) {
		List<Embedding> embeddings = response.content();
		int count = (embeddings != null) ? embeddings.size() : 0;
		return LlmResponse.output(model, LangChain4jChatMapping.embeddingsSummary(count),
				LangChain4jUsage.of(response.tokenUsage()));
	}

	@FunctionalInterface
	private interface TextsReader {

		List<String> read();

	}

}
