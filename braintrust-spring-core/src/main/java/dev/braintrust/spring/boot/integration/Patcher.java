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
	 * Whether the bean is instrumented without any proxy, because a proxy would change
	 * something the application relies on: a final class that applications inject by its
	 * class (Spring AI's {@code OpenAiChatModel}) can only be proxied through its
	 * interfaces, which breaks every injection point that names the class. Such a bean is
	 * instrumented through a hook of its library instead (Spring AI's observations, for
	 * example); this method says which, and the registry then leaves the bean as it is
	 * and reports it with that description.
	 * @param bean the bean instance, which {@link #matches} accepted
	 * @return a short description of how the bean is instrumented without a proxy (such
	 * as {@code "observation"}), or {@code null} to proxy it
	 */
	default @Nullable String withoutProxy(Object bean) {
		return null;
	}

	/**
	 * Instruments the bean in place, without a proxy, for a library whose beans can be
	 * neither subclassed nor proxied through an interface without changing their type (a
	 * final client class whose services are final fields): the patcher installs its
	 * instrumentation inside the bean (a hook of the library, its transport) and the bean
	 * keeps its class and identity. Called once per bean instance that {@link #matches}
	 * accepted, before any proxy is considered. The installed instrumentation must follow
	 * the integration's runtime switch ({@link PatchContext#isEnabled()}), and installing
	 * it twice on the same bean must leave one.
	 * <p>
	 * A patcher that cannot instrument the bean throws, and must then have left the bean
	 * exactly as it was: the registry uses the bean uninstrumented and reports the
	 * integration {@code FAILED} with the exception's message as the reason.
	 * @param bean the bean instance
	 * @param context the live state of the integration
	 * @return a short description of the technique (such as
	 * {@code "okhttp-interceptor"}), reported as the bean's instrumentation, or
	 * {@code null} to go on with {@link #withoutProxy(Object)} and the proxy
	 */
	default @Nullable String instrumentInPlace(Object bean, PatchContext context) {
		return null;
	}

	/**
	 * Whether to proxy the bean's class rather than its interfaces. The default proxies
	 * the class unless it is final, so that the bean stays injectable by its concrete
	 * type. Final classes get interface proxies: a patcher of a library whose beans are
	 * injected by a final class rather than by an interface instruments them
	 * {@link #withoutProxy(Object) without a proxy} instead. A bean that already is a
	 * Spring AOP proxy is not proxied again: the starter's advice joins its existing
	 * advice chain.
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

	/**
	 * Start declaring a patcher of the beans that are instances of one of the given types
	 * (the usual patcher: a client interface and its asynchronous twin, a model
	 * interface), instead of implementing this interface.
	 * @param types the library types, reported in this order (a bean that is an instance
	 * of several is reported as the first)
	 * @return a builder
	 */
	static TypePatcher.Builder forBeansOf(Class<?>... types) {
		return new TypePatcher.Builder(types);
	}

}
