package dev.braintrust.spring.boot.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import com.google.genai.Client;
import com.google.genai.types.ClientOptions;
import com.google.genai.types.HttpOptions;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;

/**
 * The network of a Google GenAI {@link Client}, in memory: the last interceptor of its
 * OkHttp client reads the request body the SDK wrote and answers every
 * {@code batchEmbedContents} call with the same two vectors and every other call with the
 * same {@code generateContent} response, so that a benchmark measures the SDK's and the
 * instrumentation's work without a network.
 */
final class FakeGeminiTransport implements Interceptor {

	static final String MODEL = "gemini-2.5-flash";

	private static final MediaType JSON = MediaType.get("application/json; charset=UTF-8");

	private static final byte[] GENERATE_CONTENT = ("{\"candidates\":[{\"content\":{\"parts\":[{\"text\":"
			+ "\"The capital of France is Paris. It has been the country's capital for most of its history.\"}],"
			+ "\"role\":\"model\"},\"finishReason\":\"STOP\",\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":612,"
			+ "\"candidatesTokenCount\":21,\"totalTokenCount\":659,\"promptTokensDetails\":[{\"modality\":\"TEXT\","
			+ "\"tokenCount\":612}],\"thoughtsTokenCount\":26},\"modelVersion\":\"gemini-2.5-flash\","
			+ "\"responseId\":\"p8NHaZ3vL4-bjMcP1uKb-AQ\"}")
		.getBytes(StandardCharsets.UTF_8);

	static final String EMBEDDING_MODEL = "gemini-embedding-001";

	/** The dimensions of each vector: {@code gemini-embedding-001}'s default. */
	static final int DIMENSIONS = 3072;

	// Two vectors, laid out as the API writes them
	private static final byte[] BATCH_EMBED_CONTENTS = batchEmbedContents(2);

	/**
	 * A Gemini API client whose HTTP client answers in memory.
	 * @return the client
	 */
	static Client client() {
		return clientBuilder().build();
	}

	/**
	 * A builder of such a client.
	 * @return the builder
	 */
	static Client.Builder clientBuilder() {
		OkHttpClient transport = new OkHttpClient.Builder().addInterceptor(new FakeGeminiTransport()).build();
		return Client.builder()
			.apiKey("benchmark-api-key")
			.httpOptions(HttpOptions.builder().baseUrl("https://generativelanguage.googleapis.com").build())
			.clientOptions(ClientOptions.builder().customHttpClient(transport).build());
	}

	@Override
	public Response intercept(Chain chain) throws IOException {
		if (chain.request().body() != null) {
			chain.request().body().writeTo(new Buffer());
		}
		return new Response.Builder().request(chain.request())
			.protocol(Protocol.HTTP_1_1)
			.code(200)
			.message("OK")
			.header("Content-Type", "application/json; charset=UTF-8")
			.body(ResponseBody.create(chain.request().url().encodedPath().endsWith(":batchEmbedContents")
					? BATCH_EMBED_CONTENTS : GENERATE_CONTENT, JSON))
			.build();
	}

	private static byte[] batchEmbedContents(int vectors) {
		Random random = new Random(42);
		StringBuilder json = new StringBuilder("{\n  \"embeddings\": [");
		for (int i = 0; i < vectors; i++) {
			json.append((i > 0) ? "," : "").append("\n    {\n      \"values\": [");
			for (int d = 0; d < DIMENSIONS; d++) {
				json.append((d > 0) ? "," : "").append("\n        ").append((float) (random.nextGaussian() * 0.02));
			}
			json.append("\n      ]\n    }");
		}
		return json.append("\n  ]\n}\n").toString().getBytes(StandardCharsets.UTF_8);
	}

}
