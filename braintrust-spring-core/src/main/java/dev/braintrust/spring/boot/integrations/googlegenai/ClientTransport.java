package dev.braintrust.spring.boot.integrations.googlegenai;

import java.lang.reflect.Field;
import java.util.function.UnaryOperator;

import com.google.genai.Client;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/**
 * The one place that reaches into the Google GenAI SDK's non-public structure: the
 * {@link OkHttpClient} through which every service of a {@link Client} sends its
 * requests.
 * <p>
 * A {@code Client} holds one {@code ApiClient} (private field {@code apiClient}) that all
 * of its services share ({@code models}, {@code async.models}, {@code chats}, ...); the
 * {@code ApiClient} sends every request through its OkHttp client (final field
 * {@code httpClient}), the one the SDK's public {@code ClientOptions.customHttpClient}
 * sets when the client is built. Once a client is built that hook is closed, so this
 * class replaces that one field with an instrumented copy of the same OkHttp client
 * ({@link OkHttpClient#newBuilder()}: the same connection pool, dispatcher and settings),
 * which is what building the client with {@code customHttpClient} would have given.
 * <p>
 * Both fields have had these names and types since the SDK moved to OkHttp (1.x); a
 * version that changes them is refused with the reason, and the client is left as it was.
 * {@code ClientTransportTests} fails loudly on such a version.
 */
final class ClientTransport {

	private static final String API_CLIENT_CLASS = "com.google.genai.ApiClient";

	private static final @Nullable Field API_CLIENT;

	private static final @Nullable Field HTTP_CLIENT;

	private static final @Nullable String UNSUPPORTED;

	static {
		Field apiClient = null;
		Field httpClient = null;
		String unsupported = null;
		try {
			apiClient = Client.class.getDeclaredField("apiClient");
			Class<?> apiClientType = Class.forName(API_CLIENT_CLASS, false, Client.class.getClassLoader());
			httpClient = apiClientType.getDeclaredField("httpClient");
			if (!apiClientType.isAssignableFrom(apiClient.getType())) {
				unsupported = "Client.apiClient is a " + apiClient.getType().getName() + ", not an ApiClient";
			}
			else if (httpClient.getType() != OkHttpClient.class) {
				unsupported = "ApiClient.httpClient is a " + httpClient.getType().getName() + ", not an OkHttpClient";
			}
			else {
				apiClient.setAccessible(true);
				httpClient.setAccessible(true);
			}
		}
		catch (ReflectiveOperationException | RuntimeException | LinkageError ex) {
			unsupported = "this SDK version's Client has no ApiClient with an OkHttp client ("
					+ ex.getClass().getSimpleName() + ": " + ex.getMessage() + ")";
		}
		API_CLIENT = apiClient;
		HTTP_CLIENT = httpClient;
		UNSUPPORTED = unsupported;
	}

	private ClientTransport() {
	}

	/**
	 * Why this SDK version's clients cannot be instrumented.
	 * @return the reason, or {@code null} when they can
	 */
	static @Nullable String unsupported() {
		return UNSUPPORTED;
	}

	/**
	 * The OkHttp client a client sends its requests through.
	 * @param client the client
	 * @return its OkHttp client
	 * @throws IllegalStateException if this SDK version's structure is not the known one
	 */
	static OkHttpClient httpClient(Client client) {
		return (OkHttpClient) read(HTTP_CLIENT, apiClient(client));
	}

	/**
	 * Replaces the OkHttp client a client sends its requests through by the one
	 * {@code instrument} makes of it, then checks that the client now uses it. Any
	 * failure restores the original OkHttp client before it is thrown.
	 * @param client the client
	 * @param instrument makes the instrumented OkHttp client of the original
	 * @return the original OkHttp client
	 * @throws IllegalStateException if the client could not be instrumented; it is then
	 * left as it was
	 */
	static OkHttpClient replace(Client client, UnaryOperator<OkHttpClient> instrument) {
		Object apiClient = apiClient(client);
		OkHttpClient original = (OkHttpClient) read(HTTP_CLIENT, apiClient);
		if (original == null) {
			throw new IllegalStateException("the client has no HTTP client");
		}
		OkHttpClient instrumented = instrument.apply(original);
		try {
			field().set(apiClient, instrumented);
			if (field().get(apiClient) != instrumented || apiClient(client) != apiClient) {
				throw new IllegalStateException("the client's HTTP client could not be replaced");
			}
		}
		catch (IllegalAccessException | RuntimeException ex) {
			restore(apiClient, original);
			throw new IllegalStateException("could not replace the client's HTTP client: " + ex.getMessage(), ex);
		}
		return original;
	}

	private static void restore(Object apiClient, OkHttpClient original) {
		try {
			field().set(apiClient, original);
		}
		catch (IllegalAccessException | RuntimeException ex) {
			// The field was not written either: the client still has its original.
		}
	}

	private static Object apiClient(Client client) {
		Object apiClient = read(API_CLIENT, client);
		if (apiClient == null) {
			throw new IllegalStateException("the client has no ApiClient");
		}
		return apiClient;
	}

	private static Field field() {
		Field field = HTTP_CLIENT;
		if (field == null || UNSUPPORTED != null) {
			throw new IllegalStateException(String.valueOf(UNSUPPORTED));
		}
		return field;
	}

	private static @Nullable Object read(@Nullable Field field, Object target) {
		if (field == null || UNSUPPORTED != null) {
			throw new IllegalStateException(String.valueOf(UNSUPPORTED));
		}
		try {
			return field.get(target);
		}
		catch (IllegalAccessException ex) {
			throw new IllegalStateException("could not read " + field.getName() + ": " + ex.getMessage(), ex);
		}
	}

}
