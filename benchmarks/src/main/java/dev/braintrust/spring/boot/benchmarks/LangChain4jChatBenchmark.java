package dev.braintrust.spring.boot.benchmarks;

import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.braintrust.spring.boot.autoconfigure.BraintrustAutoConfiguration;
import dev.braintrust.spring.boot.autoconfigure.BraintrustTracingAutoConfiguration;
import dev.braintrust.spring.boot.autoconfigure.integrations.LangChain4jAutoConfiguration;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.openai.OpenAiChatModel;
import io.opentelemetry.api.OpenTelemetry;
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

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * One LangChain4j {@code ChatModel.chat(request)} on LangChain4j's real
 * {@code OpenAiChatModel} whose HTTP client answers from memory
 * ({@link FakeLangChain4jHttpClient}): raw, through the starter's proxy (content on and
 * off), and with a span-writing {@code ChatModelListener}
 * ({@link SpanPerCallChatModelListener}), the listener way of tracing LangChain4j.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class LangChain4jChatBenchmark {

	@Param({ "2048", "65536" })
	public int promptChars;

	private ChatRequest request;

	private ChatModel raw;

	private ChatModel starterContentOn;

	private ChatModel starterContentOff;

	private ChatModel listener;

	private BenchTelemetry[] telemetry;

	private final ConfigurableApplicationContext[] contexts = new ConfigurableApplicationContext[2];

	@Setup(Level.Trial)
	public void setUp() {
		this.request = ChatRequest.builder()
			.messages(SystemMessage.from(Payloads.SYSTEM), UserMessage.from(Payloads.prompt(this.promptChars)))
			.temperature(0.2)
			.maxOutputTokens(256)
			.build();
		this.telemetry = BenchTelemetry.several(3);
		this.raw = model(List.of());
		this.contexts[0] = start(this.telemetry[0].sdk, true);
		this.contexts[1] = start(this.telemetry[1].sdk, false);
		this.starterContentOn = this.contexts[0].getBean(ChatModel.class);
		this.starterContentOff = this.contexts[1].getBean(ChatModel.class);
		this.listener = model(List.of(new SpanPerCallChatModelListener(this.telemetry[2].sdk)));
		this.starterContentOn.chat(this.request);
		this.starterContentOff.chat(this.request);
		this.listener.chat(this.request);
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
	public ChatResponse raw() {
		return this.raw.chat(this.request);
	}

	@Benchmark
	public ChatResponse starterContentOn() {
		return this.starterContentOn.chat(this.request);
	}

	@Benchmark
	public ChatResponse starterContentOff() {
		return this.starterContentOff.chat(this.request);
	}

	@Benchmark
	public ChatResponse listener() {
		return this.listener.chat(this.request);
	}

	static OpenAiChatModel model(List<ChatModelListener> listeners) {
		return OpenAiChatModel.builder()
			.httpClientBuilder(FakeLangChain4jHttpClient.builder())
			.baseUrl("http://localhost/v1")
			.apiKey("sk-bench")
			.modelName(Payloads.MODEL)
			.maxRetries(0)
			.listeners(listeners)
			.build();
	}

	private static ConfigurableApplicationContext start(OpenTelemetry openTelemetry, boolean captureContent) {
		return new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.initializers((context) -> context.getBeanFactory().registerSingleton("openTelemetry", openTelemetry))
			.properties("braintrust.trace.capture-content=" + captureContent, "logging.level.root=WARN")
			.run();
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ BraintrustAutoConfiguration.class, BraintrustTracingAutoConfiguration.class,
			LangChain4jAutoConfiguration.class })
	static class App {

		@Bean
		OpenAiChatModel openAiChatModel() {
			return model(List.of());
		}

	}

}
