package dev.braintrust.spring.boot.benchmarks;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.google.genai.Client;
import com.google.genai.types.EmbedContentConfig;
import com.google.genai.types.EmbedContentResponse;
import dev.braintrust.instrumentation.genai.BraintrustGenAI;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * One {@code models.embedContent(...)} of two texts through the Google GenAI SDK's
 * {@link Client}, answered from memory ({@link FakeGeminiTransport}) with two vectors of
 * {@value FakeGeminiTransport#DIMENSIONS} dimensions, about 100 KB of JSON: the raw
 * client, the starter with content capture on and off, and the Braintrust Java SDK's
 * wrapper. The span records the texts and the number of vectors, never a vector.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class GoogleGenAiEmbeddingBenchmark {

	private static final List<String> TEXTS = List.of("Braintrust traces every LLM call of a Spring application.",
			"The starter exports OpenTelemetry spans over OTLP.");

	private final EmbedContentConfig config = EmbedContentConfig.builder().taskType("RETRIEVAL_DOCUMENT").build();

	private Client raw;

	private Client starterContentOn;

	private Client starterContentOff;

	private Client braintrustSdk;

	private BenchTelemetry[] telemetry;

	private final ConfigurableApplicationContext[] contexts = new ConfigurableApplicationContext[2];

	@Setup(Level.Trial)
	public void setUp() {
		this.raw = FakeGeminiTransport.client();
		this.telemetry = BenchTelemetry.several(3);
		this.contexts[0] = SdkStarterContext.start(this.telemetry[0].sdk, true, Client.class,
				Map.of("genAiClient", FakeGeminiTransport.client()));
		this.contexts[1] = SdkStarterContext.start(this.telemetry[1].sdk, false, Client.class,
				Map.of("genAiClient", FakeGeminiTransport.client()));
		this.starterContentOn = this.contexts[0].getBean("genAiClient", Client.class);
		this.starterContentOff = this.contexts[1].getBean("genAiClient", Client.class);
		this.braintrustSdk = BraintrustGenAI.wrap(this.telemetry[2].sdk, FakeGeminiTransport.clientBuilder());
		for (Client client : new Client[] { this.raw, this.starterContentOn, this.starterContentOff,
				this.braintrustSdk }) {
			int vectors = client.models.embedContent(FakeGeminiTransport.EMBEDDING_MODEL, TEXTS, this.config)
				.embeddings()
				.orElseThrow()
				.size();
			if (vectors != TEXTS.size()) {
				throw new IllegalStateException(vectors + " vectors for " + TEXTS.size() + " texts");
			}
		}
		BenchTelemetry.expectOneSpanEach(this.telemetry);
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		for (ConfigurableApplicationContext context : this.contexts) {
			context.close();
		}
		BenchTelemetry.closeAll(this.telemetry);
	}

	@Benchmark
	public EmbedContentResponse raw() {
		return this.raw.models.embedContent(FakeGeminiTransport.EMBEDDING_MODEL, TEXTS, this.config);
	}

	@Benchmark
	public EmbedContentResponse starterContentOn() {
		return this.starterContentOn.models.embedContent(FakeGeminiTransport.EMBEDDING_MODEL, TEXTS, this.config);
	}

	@Benchmark
	public EmbedContentResponse starterContentOff() {
		return this.starterContentOff.models.embedContent(FakeGeminiTransport.EMBEDDING_MODEL, TEXTS, this.config);
	}

	@Benchmark
	public EmbedContentResponse braintrustSdk() {
		return this.braintrustSdk.models.embedContent(FakeGeminiTransport.EMBEDDING_MODEL, TEXTS, this.config);
	}

}
