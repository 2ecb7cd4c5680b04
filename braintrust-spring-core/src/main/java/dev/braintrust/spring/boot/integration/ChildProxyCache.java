package dev.braintrust.spring.boot.integration;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.aopalliance.intercept.MethodInterceptor;
import org.jspecify.annotations.Nullable;

/**
 * The proxies {@link PatchContext#wrap} made, by target identity, so that the service an
 * SDK client returns on every call ({@code client.chat()}, then {@code .completions()})
 * is wrapped once rather than on every call: building a proxy costs microseconds, reusing
 * one nanoseconds.
 * <p>
 * Holds nothing alive: targets are weak keys compared by identity (an entry goes when its
 * target is collected), and the proxy is held weakly too, since it references its target
 * strongly. A target keeps only its latest proxy, which is reused only for the same
 * interface and the same interceptor instance, so a caller that passes a new interceptor
 * every time gets a new proxy every time, as without the cache.
 */
final class ChildProxyCache {

	private final ConcurrentHashMap<IdentityKey, Entry> entries = new ConcurrentHashMap<>();

	private final ReferenceQueue<Object> collected = new ReferenceQueue<>();

	/**
	 * The proxy of {@code target} for this type and interceptor, made by {@code factory}
	 * when there is none.
	 */
	<T> T get(T target, Class<T> type, MethodInterceptor interceptor, Supplier<T> factory) {
		IdentityKey lookup = new IdentityKey(target, null);
		Entry entry = this.entries.get(lookup);
		if (entry != null) {
			Object proxy = entry.proxyFor(type, interceptor);
			if (proxy != null) {
				return type.cast(proxy);
			}
		}
		expungeCollected();
		T proxy = factory.get();
		this.entries.put(new IdentityKey(target, this.collected), new Entry(type, interceptor, proxy));
		return proxy;
	}

	int size() {
		expungeCollected();
		return this.entries.size();
	}

	private void expungeCollected() {
		Reference<?> reference;
		while ((reference = this.collected.poll()) != null) {
			this.entries.remove(reference);
		}
	}

	/**
	 * A weak reference to a target, equal to another one to the same object.
	 */
	private static final class IdentityKey extends WeakReference<Object> {

		private final int hash;

		IdentityKey(Object target, @Nullable ReferenceQueue<Object> queue) {
			super(target, queue);
			this.hash = System.identityHashCode(target);
		}

		@Override
		public boolean equals(Object other) {
			if (this == other) {
				return true;
			}
			if (!(other instanceof IdentityKey key)) {
				return false;
			}
			Object referent = get();
			return referent != null && referent == key.get();
		}

		@Override
		public int hashCode() {
			return this.hash;
		}

	}

	private static final class Entry {

		private final Class<?> type;

		private final WeakReference<MethodInterceptor> interceptor;

		private final WeakReference<Object> proxy;

		Entry(Class<?> type, MethodInterceptor interceptor, Object proxy) {
			this.type = type;
			this.interceptor = new WeakReference<>(interceptor);
			this.proxy = new WeakReference<>(proxy);
		}

		@Nullable Object proxyFor(Class<?> type, MethodInterceptor interceptor) {
			if (this.type != type || this.interceptor.get() != interceptor) {
				return null;
			}
			return this.proxy.get();
		}

	}

}
