package dev.braintrust.spring.boot.benchmarks;

import java.util.List;
import java.util.concurrent.TimeUnit;

import com.google.genai.Client;
import com.google.genai.types.EmbedContentConfig;
import com.google.genai.types.EmbedContentResponse;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One {@code models.embedContent(...)} of two texts through the Google GenAI SDK's
 * {@link Client}, answered from memory ({@link FakeGeminiTransport}) with two vectors of
 * {@value FakeGeminiTransport#DIMENSIONS} dimensions, 132 KB of JSON: the raw client, the
 * starter with content capture on and off, and the Braintrust Java SDK's wrapper. The
 * span records the texts and the number of vectors, never a vector.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class GoogleGenAiEmbeddingBenchmark {

	private static final List<String> TEXTS = List.of("Braintrust traces every LLM call of a Spring application.",
			"The starter exports OpenTelemetry spans over OTLP.");

	private final EmbedContentConfig config = EmbedContentConfig.builder().taskType("RETRIEVAL_DOCUMENT").build();

	private GoogleGenAiClients clients;

	@Setup(Level.Trial)
	public void setUp() {
		this.clients = new GoogleGenAiClients();
		this.clients.callEachOnce((client) -> {
			int vectors = embed(client).embeddings().orElseThrow().size();
			if (vectors != TEXTS.size()) {
				throw new IllegalStateException(vectors + " vectors for " + TEXTS.size() + " texts");
			}
		});
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.clients.close();
	}

	private EmbedContentResponse embed(Client client) {
		return client.models.embedContent(FakeGeminiTransport.EMBEDDING_MODEL, TEXTS, this.config);
	}

	@Benchmark
	public EmbedContentResponse raw() {
		return embed(this.clients.raw);
	}

	@Benchmark
	public EmbedContentResponse starterContentOn() {
		return embed(this.clients.starterContentOn);
	}

	@Benchmark
	public EmbedContentResponse starterContentOff() {
		return embed(this.clients.starterContentOff);
	}

	@Benchmark
	public EmbedContentResponse braintrustSdk() {
		return embed(this.clients.braintrustSdk);
	}

}
