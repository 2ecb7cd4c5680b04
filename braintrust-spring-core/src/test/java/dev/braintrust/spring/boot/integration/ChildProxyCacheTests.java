package dev.braintrust.spring.boot.integration;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

import org.aopalliance.intercept.MethodInterceptor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ChildProxyCacheTests {

	private final ChildProxyCache cache = new ChildProxyCache();

	private final AtomicInteger created = new AtomicInteger();

	private final MethodInterceptor interceptor = (invocation) -> invocation.proceed();

	private Object proxyOf(Object target, Class<Object> type, MethodInterceptor interceptor) {
		return this.cache.get(target, type, interceptor, () -> {
			this.created.incrementAndGet();
			return new Object();
		});
	}

	@Test
	void sameTargetTypeAndInterceptorReuseTheProxy() {
		Object target = new Object();
		Object first = proxyOf(target, Object.class, this.interceptor);
		Object second = proxyOf(target, Object.class, this.interceptor);
		assertThat(second).isSameAs(first);
		assertThat(this.created).hasValue(1);
	}

	@Test
	void targetsAreComparedByIdentityNotEquality() {
		String target = new String("service");
		String equal = new String("service");
		Object first = this.cache.get(target, Object.class, this.interceptor, Object::new);
		Object second = this.cache.get(equal, Object.class, this.interceptor, Object::new);
		assertThat(second).isNotSameAs(first);
		assertThat(this.cache.size()).isEqualTo(2);
	}

	@Test
	@SuppressWarnings({ "unchecked", "rawtypes" })
	void anotherInterceptorOrInterfaceGetsAnotherProxyAndReplacesTheCachedOne() {
		Object target = new Object();
		Object first = proxyOf(target, Object.class, this.interceptor);
		MethodInterceptor other = (invocation) -> invocation.proceed();
		Object second = proxyOf(target, Object.class, other);
		Object third = proxyOf(target, (Class) Callable.class, other);
		assertThat(second).isNotSameAs(first);
		assertThat(third).isNotSameAs(second);
		assertThat(this.created).hasValue(3);
		assertThat(this.cache.size()).isEqualTo(1);
	}

	@Test
	void collectedTargetsLeaveTheCache() {
		WeakReference<Object> target = cacheProxyOfAnUnreachableTarget();
		await().atMost(Duration.ofSeconds(10)).until(() -> {
			System.gc();
			return target.get() == null && this.cache.size() == 0;
		});
	}

	@Test
	void cachedProxyDoesNotKeepItsTargetAlive() {
		Object[] proxy = new Object[1];
		WeakReference<Object> target = cacheProxyHoldingItsTarget(proxy);
		proxy[0] = null;
		await().atMost(Duration.ofSeconds(10)).until(() -> {
			System.gc();
			return target.get() == null;
		});
	}

	private WeakReference<Object> cacheProxyOfAnUnreachableTarget() {
		Object target = new Object();
		proxyOf(target, Object.class, this.interceptor);
		assertThat(this.cache.size()).isEqualTo(1);
		return new WeakReference<>(target);
	}

	// A proxy references its target, as a Spring AOP proxy does.
	private WeakReference<Object> cacheProxyHoldingItsTarget(Object[] holder) {
		Object target = new Object();
		holder[0] = this.cache.get(target, Object.class, this.interceptor, () -> new Object[] { target });
		return new WeakReference<>(target);
	}

}
