package dev.braintrust.spring.boot.trace;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;

/**
 * The fallback {@link ErrorClassifier}: walks the exception and its causes (outermost
 * first) and classifies the first one that carries an HTTP status code (a public no-arg
 * {@code statusCode()}, {@code getStatusCode()}, {@code status()} or {@code code()}
 * returning an {@code int}, or an object with an {@code int value()} such as Spring's
 * {@code HttpStatusCode}) or is a well-known JDK exception; otherwise the outermost
 * exception's class name. The accessor of each exception class is looked up once and
 * cached.
 */
final class GenericErrorClassifier implements ErrorClassifier {

	private static final String[] STATUS_ACCESSORS = { "statusCode", "getStatusCode", "status", "getStatus", "code" };

	private static final int MAX_DEPTH = 16;

	private static final ClassValue<@Nullable StatusAccessor> accessors = new ClassValue<>() {

		@Override
		protected @Nullable StatusAccessor computeValue(Class<?> type) {
			return StatusAccessor.find(type);
		}

	};

	@Override
	public String classify(Throwable error) {
		// An I/O exception often wraps the more telling one (a timeout, an HTTP error):
		// it only decides when nothing deeper in the chain does.
		String connection = null;
		Map<Throwable, Boolean> seen = null;
		Throwable current = error;
		for (int depth = 0; current != null && depth < MAX_DEPTH; depth++) {
			String type = classifyOne(current);
			if (type == CONNECTION) {
				connection = CONNECTION;
			}
			else if (type != null) {
				return type;
			}
			Throwable cause = current.getCause();
			if (cause == null || cause == current) {
				break;
			}
			if (seen == null) {
				seen = new IdentityHashMap<>();
			}
			if (seen.put(current, Boolean.TRUE) != null) {
				break;
			}
			current = cause;
		}
		return (connection != null) ? connection : error.getClass().getName();
	}

	private @Nullable String classifyOne(Throwable error) {
		StatusAccessor accessor = accessors.get(error.getClass());
		if (accessor != null) {
			int status = accessor.status(error);
			if (status >= 400 && status < 600) {
				return fromStatus(status, error);
			}
		}
		if (error instanceof SocketTimeoutException || error instanceof TimeoutException
				|| error instanceof HttpTimeoutException) {
			return TIMEOUT;
		}
		if (error instanceof CancellationException || error instanceof InterruptedException) {
			return CANCELLED;
		}
		if (error instanceof ConnectException || error instanceof UnknownHostException
				|| error instanceof IOException) {
			return CONNECTION;
		}
		return null;
	}

	static String fromStatus(int status, Throwable error) {
		return switch (status) {
			case 400, 413, 422 -> fromBadRequestMessage(error);
			case 401 -> AUTHENTICATION;
			case 403 -> PERMISSION_DENIED;
			case 404 -> NOT_FOUND;
			case 408 -> TIMEOUT;
			case 429 -> RATE_LIMIT;
			default -> (status >= 500) ? SERVER_ERROR : BAD_REQUEST;
		};
	}

	// Providers report these as a 400 with a code in the body, which their exception
	// message quotes; only looked at on the (rare) 400 path.
	private static String fromBadRequestMessage(Throwable error) {
		String message = error.getMessage();
		if (message != null) {
			String lower = message.toLowerCase(Locale.ROOT);
			if (lower.contains("context_length_exceeded") || lower.contains("context length")
					|| lower.contains("context window") || lower.contains("prompt is too long")) {
				return CONTEXT_LENGTH_EXCEEDED;
			}
			if (lower.contains("content_filter") || lower.contains("content management policy")) {
				return CONTENT_FILTER;
			}
		}
		return BAD_REQUEST;
	}

	private record StatusAccessor(Method method, @Nullable Method valueMethod) {

		int status(Throwable error) {
			try {
				Object result = this.method.invoke(error);
				if (this.valueMethod != null && result != null) {
					result = this.valueMethod.invoke(result);
				}
				return (result instanceof Integer status) ? status : -1;
			}
			catch (ReflectiveOperationException | RuntimeException ex) {
				return -1;
			}
		}

		static @Nullable StatusAccessor find(Class<?> type) {
			for (String name : STATUS_ACCESSORS) {
				Method method = publicMethod(type, name);
				if (method == null) {
					continue;
				}
				Class<?> returnType = method.getReturnType();
				if (returnType == int.class || returnType == Integer.class) {
					return new StatusAccessor(method, null);
				}
				if (!returnType.isPrimitive() && returnType != String.class) {
					Method value = publicMethod(returnType, "value");
					if (value != null && (value.getReturnType() == int.class)) {
						return new StatusAccessor(method, value);
					}
				}
			}
			return null;
		}

		private static @Nullable Method publicMethod(Class<?> type, String name) {
			try {
				Method method = type.getMethod(name);
				if (Modifier.isStatic(method.getModifiers())) {
					return null;
				}
				// The method of a non-public class (e.g. a library's internal subclass)
				// cannot be invoked unless made accessible.
				if (!Modifier.isPublic(method.getDeclaringClass().getModifiers()) && !method.trySetAccessible()) {
					return null;
				}
				return method;
			}
			catch (NoSuchMethodException | SecurityException ex) {
				return null;
			}
		}

	}

}
