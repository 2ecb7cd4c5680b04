package dev.braintrust.spring.boot.export;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.net.URI;
import java.time.Duration;

import dev.braintrust.spring.boot.internal.HeaderValues;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Resolves a Braintrust project name to its id through the Braintrust API, as
 * Braintrust's own SDKs do ({@code POST /v1/project} with the name answers the project of
 * that name, created if it does not exist yet). Used once at startup for a project name
 * that cannot travel in the {@code x-bt-parent} header (HTTP header values are ASCII):
 * the spans then go with {@code project_id:<id>}.
 */
public final class BraintrustProjects {

	/** Path of the project endpoint under the API URL. */
	static final String PROJECT_PATH = "/v1/project";

	/** Largest response read: a project object is well under it. */
	static final int MAX_RESPONSE_BYTES = 64 * 1024;

	private static final JsonFactory json = new JsonFactory();

	private BraintrustProjects() {
	}

	/**
	 * The id of the project of the given name.
	 * @param apiUrl the Braintrust API URL
	 * @param apiKey the API key
	 * @param projectName the project name
	 * @param timeout the timeout of the request
	 * @return the project id, printable ASCII
	 * @throws ProjectResolutionException if the API gives no usable id; its message never
	 * holds the key
	 */
	public static String resolveId(URI apiUrl, String apiKey, String projectName, Duration timeout) {
		OkHttpClient client = new OkHttpClient.Builder().callTimeout(timeout).build();
		try {
			Request request = new Request.Builder().url(base(apiUrl) + PROJECT_PATH)
				.header("Authorization", "Bearer " + apiKey)
				.post(RequestBody.create(requestBody(projectName), MediaType.get("application/json")))
				.build();
			try (Response response = client.newCall(request).execute()) {
				if (!response.isSuccessful()) {
					throw new ProjectResolutionException("the Braintrust API answered HTTP " + response.code()
							+ ((response.code() == 401) ? " (check braintrust.api-key)" : ""));
				}
				String id = idOf(response);
				if (id == null || id.isEmpty() || !HeaderValues.isSendable(id)) {
					throw new ProjectResolutionException("the Braintrust API answered without a usable project id");
				}
				return id;
			}
		}
		catch (IOException ex) {
			throw new ProjectResolutionException(
					"the Braintrust API could not be reached (" + ex.getClass().getSimpleName() + ")");
		}
		catch (IllegalArgumentException ex) {
			// OkHttp refusing a header value: never its message, which may quote it
			throw new ProjectResolutionException("the request could not be built (" + ex.getClass().getSimpleName()
					+ "); check braintrust.api-key and braintrust.api-url");
		}
		finally {
			client.dispatcher().executorService().shutdown();
			client.connectionPool().evictAll();
		}
	}

	private static String base(URI apiUrl) {
		String base = apiUrl.toString();
		while (base.endsWith("/")) {
			base = base.substring(0, base.length() - 1);
		}
		return base;
	}

	private static byte[] requestBody(String projectName) {
		StringWriter out = new StringWriter();
		try (JsonGenerator generator = json.createGenerator(ObjectWriteContext.empty(), out)) {
			generator.writeStartObject();
			generator.writeStringProperty("name", projectName);
			generator.writeEndObject();
		}
		return out.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
	}

	private static String idOf(Response response) throws IOException {
		byte[] body;
		try (InputStream in = response.body().byteStream()) {
			body = in.readNBytes(MAX_RESPONSE_BYTES + 1);
		}
		if (body.length > MAX_RESPONSE_BYTES) {
			throw new ProjectResolutionException("the Braintrust API answered more than " + MAX_RESPONSE_BYTES
					+ " bytes where a project was expected");
		}
		try (JsonParser parser = json.createParser(ObjectReadContext.empty(), body)) {
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				return null;
			}
			while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
				String name = parser.currentName();
				JsonToken value = parser.nextToken();
				if ("id".equals(name) && value == JsonToken.VALUE_STRING) {
					return parser.getString();
				}
				parser.skipChildren();
			}
			return null;
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	/**
	 * A project name could not be resolved to an id. The message says why, never with the
	 * API key.
	 */
	public static final class ProjectResolutionException extends RuntimeException {

		ProjectResolutionException(String message) {
			super(message);
		}

	}

}
