package dev.braintrust.spring.boot.trace;

import java.util.Optional;

import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.semconv.CodeAttributes;
import org.jspecify.annotations.Nullable;

/**
 * The application code that made a model call: the first frame of the caller's stack that
 * belongs to none of the libraries between the application and the provider (the starter,
 * the JDK, Spring and its proxies, Micrometer, OpenTelemetry, Reactor, the providers'
 * SDKs, LangChain4j, HTTP clients). Recorded as {@code code.function.name},
 * {@code code.file.path} (the source file under its package's path) and
 * {@code code.line.number}, which Braintrust shows as the row's caller.
 * <p>
 * Walking the stack costs a few microseconds a call (see BENCHMARKS.md), more than the
 * rest of the span: it is off unless {@code braintrust.trace.caller-location} is set.
 */
final class CallerLocation {

	private static final StackWalker WALKER = StackWalker.getInstance();

	private static final String[] LIBRARIES = { "dev.braintrust.spring.boot.", "java.", "javax.", "jdk.", "sun.",
			"com.sun.", "kotlin.", "kotlinx.", "org.springframework.", "org.aopalliance.", "io.micrometer.",
			"io.opentelemetry.", "reactor.", "org.reactivestreams.", "com.openai.", "com.anthropic.",
			"dev.langchain4j.", "software.amazon.", "com.google.genai.", "okhttp3.", "okio.", "io.netty.",
			"org.apache.hc.", "org.junit.", "org.gradle.", "org.apache.maven." };

	private CallerLocation() {
	}

	/**
	 * Records the caller on a span being built; nothing when no frame is the
	 * application's.
	 * @param span the span
	 */
	static void record(SpanBuilder span) {
		StackWalker.StackFrame frame = find();
		if (frame == null) {
			return;
		}
		String className = frame.getClassName();
		span.setAttribute(CodeAttributes.CODE_FUNCTION_NAME, className + "." + frame.getMethodName());
		String file = frame.getFileName();
		if (file != null) {
			int dot = className.lastIndexOf('.');
			span.setAttribute(CodeAttributes.CODE_FILE_PATH,
					(dot > 0) ? className.substring(0, dot).replace('.', '/') + "/" + file : file);
		}
		if (frame.getLineNumber() > 0) {
			span.setAttribute(CodeAttributes.CODE_LINE_NUMBER, (long) frame.getLineNumber());
		}
	}

	static StackWalker.@Nullable StackFrame find() {
		Optional<StackWalker.StackFrame> frame = WALKER
			.walk((frames) -> frames.filter((candidate) -> !isLibrary(candidate.getClassName())).findFirst());
		return frame.orElse(null);
	}

	static boolean isLibrary(String className) {
		for (String library : LIBRARIES) {
			if (className.startsWith(library)) {
				return true;
			}
		}
		// Generated classes: Spring's CGLIB proxies, JDK proxies, lambdas' hidden classes
		return className.contains("$$");
	}

}
