package dev.braintrust.spring.boot.benchmarks;

import java.util.concurrent.TimeUnit;

import com.google.genai.Client;
import com.google.genai.types.Content;
import com.google.genai.types.GenerateContentConfig;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.Part;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One blocking {@code models.generateContent(...)} through the Google GenAI SDK's
 * {@link Client}, whose network is in memory ({@link FakeGeminiTransport}; the SDK still
 * builds and serializes the request, and parses and converts the response): the raw
 * client, the starter's transport interceptor with content capture on and off, and the
 * Braintrust Java SDK's wrapper ({@code BraintrustGenAI.wrap}, which replaces the
 * client's {@code ApiClient} and buffers each response). OpenTelemetry's Java
 * instrumentation has no Google GenAI instrumentation. The request is the one of the
 * other chat benchmarks: a system prompt, a user prompt of 2 KB or 64 KB, temperature,
 * max output tokens.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class GoogleGenAiBenchmark {

	@Param({ "2048", "65536" })
	public int promptChars;

	private String prompt;

	private GenerateContentConfig config;

	private GoogleGenAiClients clients;

	@Setup(Level.Trial)
	public void setUp() {
		this.prompt = Payloads.prompt(this.promptChars);
		this.config = GenerateContentConfig.builder()
			.systemInstruction(Content.fromParts(Part.fromText(Payloads.SYSTEM)))
			.temperature(0.2f)
			.maxOutputTokens(256)
			.build();
		this.clients = new GoogleGenAiClients();
		this.clients.callEachOnce(
				(client) -> client.models.generateContent(FakeGeminiTransport.MODEL, this.prompt, this.config));
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.clients.close();
	}

	@Benchmark
	public GenerateContentResponse raw() {
		return this.clients.raw.models.generateContent(FakeGeminiTransport.MODEL, this.prompt, this.config);
	}

	@Benchmark
	public GenerateContentResponse starterContentOn() {
		return this.clients.starterContentOn.models.generateContent(FakeGeminiTransport.MODEL, this.prompt,
				this.config);
	}

	@Benchmark
	public GenerateContentResponse starterContentOff() {
		return this.clients.starterContentOff.models.generateContent(FakeGeminiTransport.MODEL, this.prompt,
				this.config);
	}

	@Benchmark
	public GenerateContentResponse braintrustSdk() {
		return this.clients.braintrustSdk.models.generateContent(FakeGeminiTransport.MODEL, this.prompt, this.config);
	}

}
