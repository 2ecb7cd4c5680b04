package dev.braintrust.spring.boot.benchmarks;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.opentelemetry.instrumentation.awssdk.v2_2.AwsSdkTelemetry;
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
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.SystemContentBlock;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * One blocking {@code converse(...)} through the AWS SDK's Bedrock Runtime client, whose
 * HTTP layer is in memory ({@link FakeBedrockHttpClient}; the SDK still signs the request
 * and parses the response): the raw client, the starter's proxy with content capture on
 * and off, and OpenTelemetry's own AWS SDK instrumentation
 * ({@code opentelemetry-aws-sdk-2.2}, an execution interceptor that writes a GenAI span
 * for Converse). The request is the one of the other chat benchmarks: a system prompt, a
 * user prompt of 2 KB or 64 KB, temperature, max tokens.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class BedrockConverseBenchmark {

	@Param({ "2048", "65536" })
	public int promptChars;

	private ConverseRequest request;

	private BedrockRuntimeClient raw;

	private BedrockRuntimeClient starterContentOn;

	private BedrockRuntimeClient starterContentOff;

	private BedrockRuntimeClient openTelemetryAwsSdk;

	private BenchTelemetry[] telemetry;

	private final ConfigurableApplicationContext[] contexts = new ConfigurableApplicationContext[2];

	@Setup(Level.Trial)
	public void setUp() {
		this.request = ConverseRequest.builder()
			.modelId(FakeBedrockHttpClient.MODEL)
			.system(SystemContentBlock.fromText(Payloads.SYSTEM))
			.messages(Message.builder()
				.role(ConversationRole.USER)
				.content(ContentBlock.fromText(Payloads.prompt(this.promptChars)))
				.build())
			.inferenceConfig((config) -> config.temperature(0.2f).maxTokens(256))
			.build();
		this.raw = FakeBedrockHttpClient.client();
		this.telemetry = BenchTelemetry.several(3);
		this.contexts[0] = SdkStarterContext.start(this.telemetry[0].sdk, true, BedrockRuntimeClient.class,
				Map.of("bedrockClient", FakeBedrockHttpClient.client()));
		this.contexts[1] = SdkStarterContext.start(this.telemetry[1].sdk, false, BedrockRuntimeClient.class,
				Map.of("bedrockClient", FakeBedrockHttpClient.client()));
		this.starterContentOn = this.contexts[0].getBean("bedrockClient", BedrockRuntimeClient.class);
		this.starterContentOff = this.contexts[1].getBean("bedrockClient", BedrockRuntimeClient.class);
		this.openTelemetryAwsSdk = FakeBedrockHttpClient
			.client(AwsSdkTelemetry.create(this.telemetry[2].sdk).createExecutionInterceptor());
		this.starterContentOn.converse(this.request);
		this.starterContentOff.converse(this.request);
		this.openTelemetryAwsSdk.converse(this.request);
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
	public ConverseResponse raw() {
		return this.raw.converse(this.request);
	}

	@Benchmark
	public ConverseResponse starterContentOn() {
		return this.starterContentOn.converse(this.request);
	}

	@Benchmark
	public ConverseResponse starterContentOff() {
		return this.starterContentOff.converse(this.request);
	}

	@Benchmark
	public ConverseResponse openTelemetryAwsSdk() {
		return this.openTelemetryAwsSdk.converse(this.request);
	}

}
