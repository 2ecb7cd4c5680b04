package dev.braintrust.spring.boot.integration;

import org.aopalliance.intercept.MethodInterceptor;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link Patcher}'s interceptor can use while it traces a bean.
 */
public interface PatchContext {

	/**
	 * Name of the integration.
	 * @return the integration name
	 */
	String integrationName();

	/**
	 * Detected library version.
	 * @return the version, or {@code null} when unknown
	 */
	@Nullable String libraryVersion();

	/**
	 * Whether the integration is enabled right now. Proxies created through {@link #wrap}
	 * already check it.
	 * @return the live flag
	 */
	boolean isEnabled();

	/**
	 * Whether the integration's calls record their content (prompts, completions, tool
	 * arguments): its setting at startup. An instrumentation that reads content at a cost
	 * (parsing a request body) may skip it when it is not recorded; the tracer drops it
	 * anyway.
	 * @return whether content is captured
	 */
	default boolean capturesContent() {
		return true;
	}

	/**
	 * Wraps an object returned by the instrumented bean (a service of a client, for
	 * example) in an interface proxy that follows the same runtime switch as the bean's
	 * own proxy. An object that is already wrapped is returned as it is.
	 * @param <T> the interface type
	 * @param target the object to wrap
	 * @param type the interface the proxy implements
	 * @param interceptor the interceptor, invoked only while the integration is enabled
	 * @return the proxy
	 */
	<T> T wrap(T target, Class<T> type, MethodInterceptor interceptor);

}
