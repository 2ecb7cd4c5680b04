package dev.braintrust.spring.boot.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.braintrust.spring.boot.trace.Failures;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.ProxyMethodInvocation;
import org.springframework.aop.support.AopUtils;

/**
 * Runs an interface's default method (such as {@code ChatModel.call(String)}) on the
 * proxy instead of on the target.
 * <p>
 * A proxy (JDK or CGLIB) passes a default method to its target, whose {@code this} is the
 * target: the {@code call(Prompt)} that the default method delegates to would then bypass
 * the proxy and go untraced. Running the default method's body with {@code this} bound to
 * the proxy sends that inner call through the proxy, where it is traced exactly once. A
 * target that overrides the default method is called as usual. Used by the integrations
 * of libraries whose model interfaces have such convenience methods (Spring AI,
 * LangChain4j).
 */
public final class DefaultMethods {

	private static final Map<Method, MethodHandle> handles = new ConcurrentHashMap<>();

	private DefaultMethods() {
	}

	/**
	 * Whether the invoked method is an interface default method that the target does not
	 * override.
	 * @param invocation the invocation
	 * @return whether {@link #invokeOnProxy} applies
	 */
	public static boolean isInheritedDefault(MethodInvocation invocation) {
		Method method = invocation.getMethod();
		if (!method.isDefault() || !(invocation instanceof ProxyMethodInvocation)) {
			return false;
		}
		Object target = invocation.getThis();
		return target != null && AopUtils.getMostSpecificMethod(method, target.getClass()).isDefault();
	}

	/**
	 * Runs the default method's body with {@code this} bound to the proxy.
	 * @param invocation an invocation for which {@link #isInheritedDefault} holds
	 * @return the method's result
	 * @throws Throwable what the method throws, unchanged
	 */
	public static @Nullable Object invokeOnProxy(MethodInvocation invocation) throws Throwable {
		Object proxy = ((ProxyMethodInvocation) invocation).getProxy();
		MethodHandle handle;
		try {
			handle = handles.computeIfAbsent(invocation.getMethod(), DefaultMethods::handle);
		}
		catch (Throwable ex) {
			// Not reachable on the proxy: the method runs on its target, as untraced.
			Failures.containable(ex);
			return invocation.proceed();
		}
		return handle.bindTo(proxy).invokeWithArguments(invocation.getArguments());
	}

	private static MethodHandle handle(Method method) {
		Class<?> declaring = method.getDeclaringClass();
		try {
			return MethodHandles.privateLookupIn(declaring, MethodHandles.lookup()).unreflectSpecial(method, declaring);
		}
		catch (IllegalAccessException ex) {
			throw new IllegalStateException("Cannot call default method " + method, ex);
		}
	}

}
