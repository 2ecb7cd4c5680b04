package dev.braintrust.spring.boot.trace;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

import io.opentelemetry.context.Scope;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.Pointcut;
import org.springframework.aop.support.AopUtils;
import org.springframework.aop.support.ComposablePointcut;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodClassKey;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;

/**
 * The advice of {@link Traced} methods: each call is one span of the {@link LlmTracer}
 * (operation {@link LlmOperation#TASK}), child of the current span, with the model calls
 * and tool runs made inside it as its children. The arguments and the result are written
 * by the {@link JsonValues} only when the tracer captures the content of
 * {@value #INTEGRATION} spans, within its bound; the span ends when the method returns or
 * throws, or, for a {@code CompletionStage}, {@code Mono} or {@code Flux}, when that
 * completes. The call itself is untouched: same result (the same instance; a {@code Mono}
 * or {@code Flux} is wrapped to observe its subscriptions), same exception, same thread.
 * What the instrumentation fails at is reported and the call proceeds.
 * <p>
 * What a method's annotation says is resolved once per method and target class.
 */
public final class TracedMethodInterceptor implements MethodInterceptor {

	/**
	 * The integration name of {@link Traced} spans ({@code braintrust.context_json}'s
	 * instrumentation, {@code braintrust.integrations.traced.capture-content}).
	 */
	public static final String INTEGRATION = "traced";

	/**
	 * The Braintrust span types a {@link Traced} method may have.
	 */
	static final Set<String> SPAN_TYPES = Set.of("task", "function", "tool", "llm", "eval", "score");

	private static final Log logger = LogFactory.getLog(TracedMethodInterceptor.class);

	private static final boolean REACTOR_PRESENT = ClassUtils.isPresent("reactor.core.publisher.Flux",
			TracedMethodInterceptor.class.getClassLoader());

	private static final TracedMethod NOT_TRACED = new TracedMethod("", "task", false, false, new String[0],
			ReturnKind.VALUE);

	private static final ParameterNameDiscoverer parameterNames = new DefaultParameterNameDiscoverer();

	private final Supplier<LlmTracer> tracer;

	private final JsonValues values;

	private final Map<MethodClassKey, TracedMethod> methods = new ConcurrentHashMap<>();

	/**
	 * Creates the advice.
	 * @param tracer the tracer, looked up on each call
	 * @param values writes the arguments and results
	 */
	public TracedMethodInterceptor(Supplier<LlmTracer> tracer, JsonValues values) {
		this.tracer = Objects.requireNonNull(tracer, "tracer");
		this.values = Objects.requireNonNull(values, "values");
	}

	/**
	 * The pointcut of {@link Traced} methods: a method annotated (on the class, an
	 * interface it implements or a superclass) or declared in an annotated class. The
	 * methods of {@code Object} a proxy also intercepts pass through untraced.
	 * @return the pointcut
	 */
	public static Pointcut pointcut() {
		return new ComposablePointcut(new AnnotationMatchingPointcut(Traced.class, true))
			.union(new AnnotationMatchingPointcut(null, Traced.class, true));
	}

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		TracedMethod method;
		LlmTracer tracer;
		LlmRequest request;
		ContentCapture capture;
		try {
			method = resolve(invocation);
			if (method == NOT_TRACED) {
				return invocation.proceed();
			}
			tracer = this.tracer.get();
			capture = tracer.contentCapture(INTEGRATION);
			request = request(method, invocation.getArguments(), capture);
		}
		catch (Throwable ex) {
			reportFailure("request", Failures.containable(ex));
			return invocation.proceed();
		}
		Function<@Nullable Object, LlmResponse> response = responseMapper(method, capture);
		return switch (method.kind()) {
			case VALUE -> tracer.call(request, invocation::proceed, response);
			case COMPLETION_STAGE -> completionStage(tracer, request, invocation, response);
			case MONO, FLUX -> reactive(tracer, request, method, invocation, capture, response);
		};
	}

	// Reported through the tracer (logged, counted) when there is one.
	private void reportFailure(String step, Throwable failure) {
		try {
			this.tracer.get().instrumentationFailure(INTEGRATION, step, failure);
		}
		catch (Throwable ex) {
			RateLimitedLog.INSTRUMENTATION.instrumentationFailure(INTEGRATION, step, Failures.containable(failure));
		}
	}

	private static @Nullable Object completionStage(LlmTracer tracer, LlmRequest request, MethodInvocation invocation,
			Function<@Nullable Object, LlmResponse> response) throws Throwable {
		LlmObservation observation = LlmTracer.startSafely(tracer, request);
		Object result;
		try (Scope scope = observation.makeCurrent()) {
			result = invocation.proceed();
		}
		catch (Throwable ex) {
			observation.error(ex);
			throw ex;
		}
		if (result instanceof CompletionStage<?> stage) {
			try {
				// The caller keeps the same instance; the span ends when it completes
				// (cancelled: error type cancelled).
				stage.whenComplete((value, failure) -> {
					if (failure == null) {
						observation.end(value, response);
					}
					else {
						observation.error(failure);
					}
				});
			}
			catch (Throwable ex) {
				observation.error(Failures.containable(ex));
				tracer.instrumentationFailure(INTEGRATION, "completion-stage", ex);
			}
		}
		else {
			observation.end(result, response);
		}
		return result;
	}

	private @Nullable Object reactive(LlmTracer tracer, LlmRequest request, TracedMethod method,
			MethodInvocation invocation, ContentCapture capture, Function<@Nullable Object, LlmResponse> response)
			throws Throwable {
		Object result;
		try {
			result = invocation.proceed();
		}
		catch (Throwable ex) {
			// Failed before returning its publisher: a span of the failure.
			LlmTracer.startSafely(tracer, request).error(ex);
			throw ex;
		}
		if (result == null) {
			return null;
		}
		try {
			boolean items = method.captureResult() && capture.captured();
			return ReactiveTasks.wrap(tracer, request, result, response, items ? this.values : null);
		}
		catch (Throwable ex) {
			tracer.instrumentationFailure(INTEGRATION, "reactive", Failures.containable(ex));
			return result;
		}
	}

	private Function<@Nullable Object, LlmResponse> responseMapper(TracedMethod method, ContentCapture capture) {
		if (!method.captureResult() || !capture.captured()) {
			return (result) -> LlmResponse.empty();
		}
		int maxLength = capture.maxLength();
		return (result) -> (result != null) ? LlmResponse.output(null, this.values.toJson(result, maxLength), null)
				: LlmResponse.empty();
	}

	private LlmRequest request(TracedMethod method, Object[] arguments, ContentCapture capture) {
		LlmRequest.Builder builder = LlmRequest.builder(INTEGRATION, INTEGRATION, LlmOperation.TASK)
			.displayName(method.name())
			.spanType(method.type());
		if (method.captureArguments() && capture.captured()) {
			// One budget for all the arguments: what is written is bounded by the
			// attribute's bound anyway.
			int remaining = capture.maxLength();
			Map<String, @Nullable Object> input = new LinkedHashMap<>();
			String[] names = method.parameterNames();
			for (int i = 0; i < arguments.length; i++) {
				String name = (i < names.length) ? names[i] : "arg" + i;
				if (remaining <= 0) {
					input.put(name, JsonValueReader.TRUNCATED);
					continue;
				}
				Object value = this.values.toJson(arguments[i], remaining);
				remaining -= JsonValueSize.of(value);
				input.put(name, value);
			}
			builder.input(input);
		}
		return builder.build();
	}

	private TracedMethod resolve(MethodInvocation invocation) {
		Method method = invocation.getMethod();
		Object target = invocation.getThis();
		Class<?> targetClass = (target != null) ? AopUtils.getTargetClass(target) : method.getDeclaringClass();
		return this.methods.computeIfAbsent(new MethodClassKey(method, targetClass),
				(key) -> tracedMethod(method, targetClass));
	}

	static TracedMethod tracedMethod(Method method, Class<?> targetClass) {
		if (method.getDeclaringClass() == Object.class || AopUtils.isToStringMethod(method)
				|| AopUtils.isEqualsMethod(method) || AopUtils.isHashCodeMethod(method)) {
			return NOT_TRACED;
		}
		Method specific = AopUtils.getMostSpecificMethod(method, targetClass);
		Traced traced = AnnotatedElementUtils.findMergedAnnotation(specific, Traced.class);
		if (traced == null && specific != method) {
			traced = AnnotatedElementUtils.findMergedAnnotation(method, Traced.class);
		}
		if (traced == null && Modifier.isPublic(method.getModifiers())) {
			traced = AnnotatedElementUtils.findMergedAnnotation(targetClass, Traced.class);
			if (traced == null) {
				traced = AnnotatedElementUtils.findMergedAnnotation(method.getDeclaringClass(), Traced.class);
			}
		}
		if (traced == null) {
			return NOT_TRACED;
		}
		String name = traced.value().isBlank() ? specific.getName() : traced.value();
		String type = traced.type();
		if (!SPAN_TYPES.contains(type)) {
			logger.warn("@Traced on " + targetClass.getName() + "." + specific.getName() + " names the span type '"
					+ type + "', which is not one of " + SPAN_TYPES + ": its spans are of type 'task'");
			type = "task";
		}
		String[] names = parameterNames.getParameterNames(specific);
		if (names == null) {
			names = new String[0];
		}
		return new TracedMethod(name, type, traced.captureArguments(), traced.captureResult(), names,
				returnKind(specific.getReturnType()));
	}

	private static ReturnKind returnKind(Class<?> returnType) {
		if (CompletionStage.class.isAssignableFrom(returnType)) {
			return ReturnKind.COMPLETION_STAGE;
		}
		if (REACTOR_PRESENT) {
			ReturnKind kind = ReactiveTasks.kind(returnType);
			if (kind != null) {
				return kind;
			}
		}
		return ReturnKind.VALUE;
	}

	/**
	 * How a method's result ends its span.
	 */
	enum ReturnKind {

		/** When the method returns. */
		VALUE,

		/** When the stage completes. */
		COMPLETION_STAGE,

		/** Per subscription, when the value, the completion or an error arrives. */
		MONO,

		/** Per subscription, when the flux completes or fails, or is cancelled. */
		FLUX

	}

	/**
	 * What a method's {@link Traced} annotation says, resolved once.
	 *
	 * @param name the span's name
	 * @param type the span's type
	 * @param captureArguments whether arguments are recorded
	 * @param captureResult whether the result is recorded
	 * @param parameterNames the parameter names, if known
	 * @param kind how the result ends the span
	 */
	record TracedMethod(String name, String type, boolean captureArguments, boolean captureResult,
			String[] parameterNames, ReturnKind kind) {

	}

}
