package dev.braintrust.spring.boot.integrations.googlegenai;

import com.google.genai.Client;
import dev.braintrust.spring.boot.integration.PatchContext;
import dev.braintrust.spring.boot.integration.Patcher;
import dev.braintrust.spring.boot.trace.LazyTracer;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import org.aopalliance.intercept.MethodInterceptor;
import org.jspecify.annotations.Nullable;

/**
 * Instruments every {@link Client} bean in place. The client is a final class whose
 * services are final fields of final classes
 * ({@code client.models.generateContent(...)}), so no proxy can see its calls and any
 * proxy would change the type the application injects. The patcher installs instead,
 * first in the client's own OkHttp transport, an interceptor
 * ({@link GenAiTransportInterceptor}) that every service's requests go through; the bean
 * keeps its class and identity. The interceptor follows the integration's runtime switch;
 * a client already instrumented (by another application context) is left as it is.
 */
final class GoogleGenAiPatcher implements Patcher {

	/** How the registry reports the beans: an interceptor in the client's transport. */
	static final String TECHNIQUE = "okhttp-interceptor";

	private final LazyTracer tracer;

	GoogleGenAiPatcher(LazyTracer tracer) {
		this.tracer = tracer;
	}

	@Override
	public boolean matches(Object bean, String beanName) {
		return bean instanceof Client;
	}

	@Override
	public Class<?> reportedType(Object bean) {
		return Client.class;
	}

	@Override
	public @Nullable String instrumentInPlace(Object bean, PatchContext context) {
		Client client = (Client) bean;
		String unsupported = ClientTransport.unsupported();
		if (unsupported != null) {
			throw new IllegalStateException(unsupported);
		}
		if (isInstrumented(ClientTransport.httpClient(client))) {
			return TECHNIQUE;
		}
		String provider = client.vertexAI() ? GenerateContentMapping.VERTEX_AI : GenerateContentMapping.GEMINI;
		CallerContexts callers = new CallerContexts();
		GenAiTransportInterceptor interceptor = new GenAiTransportInterceptor(this.tracer, provider, context::isEnabled,
				callers, context.capturesContent());
		ClientTransport.replace(client, (original) -> {
			OkHttpClient.Builder builder = original.newBuilder();
			// First, so that the SDK's own retry interceptor runs inside the traced call.
			builder.interceptors().add(0, interceptor);
			builder.eventListenerFactory(callers.listenerFactory(original.eventListenerFactory()));
			return builder.build();
		});
		return TECHNIQUE;
	}

	static boolean isInstrumented(OkHttpClient httpClient) {
		for (Interceptor interceptor : httpClient.interceptors()) {
			if (interceptor instanceof GenAiTransportInterceptor) {
				return true;
			}
		}
		return false;
	}

	// Never used: every bean is instrumented in place.
	@Override
	public MethodInterceptor interceptor(PatchContext context) {
		return (invocation) -> invocation.proceed();
	}

}
