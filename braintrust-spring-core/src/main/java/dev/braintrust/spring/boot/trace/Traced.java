package dev.braintrust.spring.boot.trace;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Traces a method of a Spring bean as a Braintrust span: the span of the application's
 * own work, child of the current span, with the model calls and tool runs made inside it
 * as its children. On a class, every public method of the bean is traced (an annotation
 * on a method wins over its class's).
 * <p>
 * The span's {@code braintrust.span_attributes} are {@code {"type":...,"name":...}};
 * {@code braintrust.input_json} is the arguments as a JSON object keyed by parameter name
 * ({@code arg0}, {@code arg1}, ... when the names are not compiled in), and
 * {@code braintrust.output_json} the return value, both written with the application's
 * JSON mapper within {@code braintrust.trace.max-content-length} (a value the mapper
 * cannot write is recorded as its type name), only while
 * {@code braintrust.trace.capture-content} is on, and after the
 * {@link SpanContentRedactor}. An exception is recorded on the span and reaches the
 * caller unchanged. A {@code CompletionStage}, {@code Mono} or {@code Flux} the method
 * returns ends the span when it completes (a {@code Mono} or {@code Flux} is traced per
 * subscription, from subscription to its end; a {@code Flux} records its items).
 * <p>
 * Works on interface-based (JDK) and class-based (CGLIB) proxies alike, through Spring
 * AOP: as with {@code @Transactional}, a call from a method of the bean to another of its
 * own methods is not intercepted.
 */
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Documented
public @interface Traced {

	/**
	 * The span's name. Default: the method's name.
	 * @return the name
	 */
	String value() default "";

	/**
	 * The Braintrust span type: {@code task}, {@code function}, {@code tool},
	 * {@code llm}, {@code eval} or {@code score}.
	 * @return the type
	 */
	String type() default "task";

	/**
	 * Whether the arguments are recorded as the span's input (with content capture on).
	 * Turn it off for secrets and large objects.
	 * @return whether to record the arguments
	 */
	boolean captureArguments() default true;

	/**
	 * Whether the return value is recorded as the span's output (with content capture
	 * on). Turn it off for secrets and large objects.
	 * @return whether to record the result
	 */
	boolean captureResult() default true;

}
