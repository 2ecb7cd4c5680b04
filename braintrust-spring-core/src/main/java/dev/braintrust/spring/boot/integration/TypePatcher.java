package dev.braintrust.spring.boot.integration;

import java.util.List;
import java.util.function.Function;

import org.aopalliance.intercept.MethodInterceptor;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.AopUtils;

/**
 * A {@link Patcher} declared with {@link Patcher#forBeansOf(Class...)}: it instruments
 * the beans that are instances of one of its types.
 */
public final class TypePatcher implements Patcher {

	private final List<Class<?>> types;

	private final boolean interfaceProxies;

	private final boolean reportTargetClass;

	private final Function<PatchContext, MethodInterceptor> interceptor;

	private TypePatcher(Builder builder, Function<PatchContext, MethodInterceptor> interceptor) {
		this.types = builder.types;
		this.interfaceProxies = builder.interfaceProxies;
		this.reportTargetClass = builder.reportTargetClass;
		this.interceptor = interceptor;
	}

	@Override
	public boolean matches(Object bean, String beanName) {
		return type(bean) != null;
	}

	@Override
	public Class<?> reportedType(Object bean) {
		Class<?> type = type(bean);
		return (this.reportTargetClass || type == null) ? AopUtils.getTargetClass(bean) : type;
	}

	@Override
	public boolean proxyTargetClass(Object bean) {
		return !this.interfaceProxies && Patcher.super.proxyTargetClass(bean);
	}

	@Override
	public MethodInterceptor interceptor(PatchContext context) {
		return this.interceptor.apply(context);
	}

	private @Nullable Class<?> type(Object bean) {
		for (Class<?> type : this.types) {
			if (type.isInstance(bean)) {
				return type;
			}
		}
		return null;
	}

	/**
	 * Builder of a {@link TypePatcher}.
	 */
	public static final class Builder {

		private final List<Class<?>> types;

		private boolean interfaceProxies;

		private boolean reportTargetClass;

		Builder(Class<?>... types) {
			if (types.length == 0) {
				throw new IllegalArgumentException("A patcher needs at least one bean type");
			}
			this.types = List.of(types);
		}

		/**
		 * Proxy the beans through their interfaces, never their class (for a library
		 * whose beans are used through its interfaces only and whose classes are not
		 * meant to be subclassed).
		 * @return this builder
		 */
		public Builder interfaceProxies() {
			this.interfaceProxies = true;
			return this;
		}

		/**
		 * Report each bean under its own class (a model implementation, say) rather than
		 * the type it matched.
		 * @return this builder
		 */
		public Builder reportTargetClass() {
			this.reportTargetClass = true;
			return this;
		}

		/**
		 * Finish the patcher with the interceptor of each bean it wraps.
		 * @param interceptor creates the interceptor of one bean
		 * @return the patcher
		 */
		public Patcher interceptor(Function<PatchContext, MethodInterceptor> interceptor) {
			return new TypePatcher(this, interceptor);
		}

	}

}
