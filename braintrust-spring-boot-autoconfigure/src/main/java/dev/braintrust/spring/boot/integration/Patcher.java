package dev.braintrust.spring.boot.integration;

import org.aopalliance.intercept.MethodInterceptor;
import org.jspecify.annotations.Nullable;

/**
 * Wraps one kind of library bean in a proxy whose interceptor traces its calls.
 * <p>
 * A patcher only decides which beans it instruments and supplies the interceptor; the
 * {@link IntegrationRegistry} builds the proxy, makes sure no bean is wrapped twice,
 * switches the interceptor off while its integration is disabled at runtime, and isolates
 * failures.
 */
public interface Patcher {

	/**
	 * Whether this patcher handles the given library version. Integrations with
	 * version-specific behaviour declare several patchers; the first one that supports
	 * the version and matches the bean wins.
	 * @param libraryVersion the detected library version, or {@code null} when unknown
	 * @return whether this patcher can be used with that version
	 */
	default boolean supports(@Nullable String libraryVersion) {
		return true;
	}

	/**
	 * Whether the bean is one this patcher instruments.
	 * @param bean the bean instance
	 * @param beanName the bean name
	 * @return whether to wrap it
	 */
	boolean matches(Object bean, String beanName);

	/**
	 * The type under which the wrapped bean is reported, usually the library interface it
	 * implements.
	 * @param bean the bean instance
	 * @return the reported type
	 */
	default Class<?> reportedType(Object bean) {
		return bean.getClass();
	}

	/**
	 * Whether to proxy the bean's class rather than its interfaces. The default proxies
	 * the class unless it is final, so that the bean stays injectable by its concrete
	 * type. Final classes get interface proxies.
	 * @param bean the bean instance
	 * @return whether to create a class-based proxy
	 */
	default boolean proxyTargetClass(Object bean) {
		return !java.lang.reflect.Modifier.isFinal(bean.getClass().getModifiers());
	}

	/**
	 * Creates the interceptor of one wrapped bean. It is only invoked while the
	 * integration is enabled; otherwise the proxy passes calls straight to the bean.
	 * @param context what the interceptor may use: the live state of the integration and
	 * a way to wrap objects the bean returns
	 * @return the interceptor
	 */
	MethodInterceptor interceptor(PatchContext context);

}
