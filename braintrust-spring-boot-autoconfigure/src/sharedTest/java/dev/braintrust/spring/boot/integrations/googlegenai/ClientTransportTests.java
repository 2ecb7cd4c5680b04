package dev.braintrust.spring.boot.integrations.googlegenai;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import com.google.genai.Client;
import com.google.genai.ResponseStream;
import com.google.genai.types.GenerateContentResponse;
import dev.braintrust.spring.boot.testsupport.MockLlmServer;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * What the integration relies on in the SDK's non-public structure
 * ({@link ClientTransport}): these tests fail on an SDK version that changes it, before
 * any user sees a client go untraced.
 */
class ClientTransportTests {

	private final MockLlmServer server = MockLlmServer.start();

	@AfterEach
	void stop() {
		this.server.close();
	}

	@Test
	void theSdkHasTheTransportTheIntegrationInstrumentsIn() {
		assertThat(ClientTransport.unsupported()).isNull();
		Client client = GoogleGenAiIntegrationTests.geminiClient(this.server);
		assertThat(ClientTransport.httpClient(client)).isNotNull();
	}

	@Test
	void everyTracedServiceOfTheClientSendsThroughTheReplacedTransport() throws Exception {
		this.server.onPost(GoogleGenAiIntegrationTests.GENERATE_PATH).json("googlegenai/generate-content-basic.json");
		this.server.onPost("/v1beta/models/" + GoogleGenAiIntegrationTests.MODEL + ":streamGenerateContent")
			.sse("googlegenai/generate-content-stream.sse");
		this.server.onPost("/v1beta/models/text-embedding-004:batchEmbedContents")
			.json("googlegenai/batch-embed-contents.json");
		Client client = GoogleGenAiIntegrationTests.geminiClient(this.server);
		List<String> seen = new CopyOnWriteArrayList<>();
		OkHttpClient original = ClientTransport.replace(client,
				(transport) -> transport.newBuilder().addInterceptor((chain) -> {
					seen.add(chain.request().url().encodedPath());
					return chain.proceed(chain.request());
				}).build());
		assertThat(original).isNotSameAs(ClientTransport.httpClient(client));
		String model = GoogleGenAiIntegrationTests.MODEL;
		client.models.generateContent(model, "Hello", null);
		client.async.models.generateContent(model, "Hello", null).get(10, TimeUnit.SECONDS);
		try (ResponseStream<GenerateContentResponse> stream = client.models.generateContentStream(model, "Hello",
				null)) {
			stream.forEach((chunk) -> {
			});
		}
		client.async.models.generateContentStream(model, "Hello", null).get(10, TimeUnit.SECONDS).close();
		client.chats.create(model).sendMessage("Hello");
		client.async.chats.create(model).sendMessage("Hello").get(10, TimeUnit.SECONDS);
		client.models.embedContent("text-embedding-004", List.of("a", "b"), null);
		client.async.models.embedContent("text-embedding-004", List.of("a", "b"), null).get(10, TimeUnit.SECONDS);
		assertThat(seen).hasSize(8);
	}

	@Test
	void aFailedReplacementLeavesTheClientAsItWas() {
		Client client = GoogleGenAiIntegrationTests.geminiClient(this.server);
		OkHttpClient original = ClientTransport.httpClient(client);
		assertThatIllegalStateException().isThrownBy(() -> ClientTransport.replace(client, (transport) -> {
			throw new IllegalStateException("cannot build");
		}));
		assertThat(ClientTransport.httpClient(client)).isSameAs(original);
	}

}
