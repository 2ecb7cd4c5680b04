package dev.braintrust.spring.boot.integrations.googlegenai;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

import io.opentelemetry.context.Context;
import okhttp3.Call;
import okhttp3.EventListener;
import org.jspecify.annotations.Nullable;

/**
 * The OpenTelemetry context of the thread that made each traced HTTP call. The SDK's
 * asynchronous methods enqueue their calls: OkHttp then runs the interceptors on its
 * dispatcher's threads, where the caller's context is not current. OkHttp creates a
 * call's event listener in {@code newCall}, on the caller's thread, so the listener
 * factory records the context there and the interceptor takes it. Calls are weak keys: a
 * call that never runs holds nothing.
 */
final class CallerContexts {

	private final Map<Call, Context> contexts = Collections.synchronizedMap(new WeakHashMap<>());

	/**
	 * The listener factory of the instrumented OkHttp client: the original one, which
	 * still creates each call's listener, after the caller's context is recorded.
	 * @param original the OkHttp client's own listener factory
	 * @return the factory
	 */
	EventListener.Factory listenerFactory(EventListener.Factory original) {
		return (call) -> {
			try {
				if (GenAiOperation.of(call.request().url()) != null) {
					Context context = Context.current();
					if (context != Context.root()) {
						this.contexts.put(call, context);
					}
				}
			}
			catch (RuntimeException ex) {
				// The call is traced with the context current where it runs.
			}
			return original.create(call);
		};
	}

	/**
	 * The context of the thread that made a call, taken out.
	 * @param call the call
	 * @return that context, or {@code null} when it was the root or is unknown
	 */
	@Nullable Context take(Call call) {
		return this.contexts.remove(call);
	}

}
