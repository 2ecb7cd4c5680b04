package dev.braintrust.spring.boot.integrations.anthropic;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.AnthropicClientAsync;
import com.anthropic.core.http.AsyncStreamResponse;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.Model;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.services.async.MessageServiceAsync;
import com.anthropic.services.blocking.MessageService;
import dev.braintrust.spring.boot.autoconfigure.BraintrustAutoConfiguration;
import dev.braintrust.spring.boot.autoconfigure.BraintrustTracingAutoConfiguration;
import dev.braintrust.spring.boot.autoconfigure.integrations.AnthropicAutoConfiguration;
import dev.braintrust.spring.boot.integration.IntegrationInfo;
import dev.braintrust.spring.boot.integration.IntegrationRegistry;
import dev.braintrust.spring.boot.testsupport.Faults;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

import static dev.braintrust.spring.boot.testsupport.Faults.faulty;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * Faults inside the instrumentation of the Anthropic SDK never reach the caller. The
 * SDK's objects are replaced by ones whose every accessor throws, as a version of the SDK
 * the integration does not know would (a {@link NoSuchMethodError}) or as a bug would (a
 * {@link RuntimeException}): the caller gets exactly what the client returned, futures
 * complete, streams deliver every chunk, and the failure is counted.
 */
class AnthropicFaultInjectionTests {

	private final InMemorySpanExporter exporter = InMemorySpanExporter.create();

	private final OpenTelemetrySdk openTelemetry = OpenTelemetrySdk.builder()
		.setTracerProvider(
				SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(this.exporter)).build())
		.build();

	static List<Throwable> faults() {
		return Faults.linkageErrorAndBug("com.anthropic.models.messages.Message.content()");
	}

	private ApplicationContextRunner runner(AnthropicClient client, AnthropicClientAsync asyncClient) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(BraintrustAutoConfiguration.class,
					BraintrustTracingAutoConfiguration.class, AnthropicAutoConfiguration.class))
			.withBean(OpenTelemetry.class, () -> this.openTelemetry)
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withBean("anthropicClient", AnthropicClient.class, () -> client)
			.withBean("anthropicClientAsync", AnthropicClientAsync.class, () -> asyncClient);
	}

	@ParameterizedTest
	@MethodSource("faults")
	void blockingCallWhoseRequestCannotBeReadProceedsUntraced(Throwable fault) {
		Clients clients = new Clients();
		Message completion = faulty(Message.class, fault);
		MessageCreateParams params = faulty(MessageCreateParams.class, fault);
		when(clients.messages.create(any(MessageCreateParams.class))).thenReturn(completion);
		runner(clients.client, clients.asyncClient).run((context) -> {
			AnthropicClient client = context.getBean(AnthropicClient.class);
			assertThat(client.messages().create(params)).isSameAs(completion);
			assertThat(this.exporter.getFinishedSpanItems()).isEmpty();
			assertFailureCounted(context, "request", fault);
		});
	}

	@ParameterizedTest
	@MethodSource("faults")
	void blockingCallWhoseResponseCannotBeReadReturnsTheSdkResult(Throwable fault) {
		Clients clients = new Clients();
		Message completion = faulty(Message.class, fault);
		when(clients.messages.create(any(MessageCreateParams.class))).thenReturn(completion);
		runner(clients.client, clients.asyncClient).run((context) -> {
			AnthropicClient client = context.getBean(AnthropicClient.class);
			assertThat(client.messages().create(params())).isSameAs(completion);
			SpanData span = onlySpan();
			assertThat(span.hasEnded()).isTrue();
			assertThat(span.getAttributes().get(AttributeKey.stringKey("braintrust.output_json"))).isNull();
			assertFailureCounted(context, "response", fault);
		});
	}

	@ParameterizedTest
	@MethodSource("faults")
	void asyncCallWhoseResponseCannotBeReadCompletesTheCallersFuture(Throwable fault) throws Exception {
		Clients clients = new Clients();
		Message completion = faulty(Message.class, fault);
		CompletableFuture<Message> sdkFuture = new CompletableFuture<>();
		when(clients.asyncMessages.create(any(MessageCreateParams.class))).thenReturn(sdkFuture);
		runner(clients.client, clients.asyncClient).run((context) -> {
			AnthropicClientAsync client = context.getBean(AnthropicClientAsync.class);
			CompletableFuture<Message> future = client.messages().create(params());
			// Completed on another thread, as the SDK's HTTP client does.
			CompletableFuture.runAsync(() -> sdkFuture.complete(completion));
			assertThat(future.get(10, TimeUnit.SECONDS)).isSameAs(completion);
			assertThat(onlySpan().hasEnded()).isTrue();
			assertFailureCounted(context, "response", fault);
		});
	}

	@ParameterizedTest
	@MethodSource("faults")
	void streamWhoseChunksCannotBeReadDeliversEveryChunk(Throwable fault) {
		Clients clients = new Clients();
		List<RawMessageStreamEvent> chunks = List.of(faulty(RawMessageStreamEvent.class, fault),
				faulty(RawMessageStreamEvent.class, fault), faulty(RawMessageStreamEvent.class, fault));
		when(clients.messages.createStreaming(any(MessageCreateParams.class))).thenReturn(new ListStream<>(chunks));
		runner(clients.client, clients.asyncClient).run((context) -> {
			AnthropicClient client = context.getBean(AnthropicClient.class);
			List<RawMessageStreamEvent> received;
			try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(params())) {
				received = stream.stream().toList();
			}
			assertThat(received).containsExactlyElementsOf(chunks);
			assertThat(onlySpan().hasEnded()).isTrue();
			assertFailureCounted(context, "chunk", fault);
		});
	}

	@ParameterizedTest
	@MethodSource("faults")
	void asyncStreamWhoseChunksCannotBeReadDeliversEveryChunkAndCompletes(Throwable fault) throws Exception {
		Clients clients = new Clients();
		List<RawMessageStreamEvent> chunks = List.of(faulty(RawMessageStreamEvent.class, fault),
				faulty(RawMessageStreamEvent.class, fault));
		when(clients.asyncMessages.createStreaming(any(MessageCreateParams.class)))
			.thenReturn(new ListAsyncStream<>(chunks));
		runner(clients.client, clients.asyncClient).run((context) -> {
			AnthropicClientAsync client = context.getBean(AnthropicClientAsync.class);
			List<RawMessageStreamEvent> received = new CopyOnWriteArrayList<>();
			AsyncStreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(params());
			stream.subscribe(received::add);
			stream.onCompleteFuture().get(10, TimeUnit.SECONDS);
			assertThat(received).containsExactlyElementsOf(chunks);
			assertThat(onlySpan().hasEnded()).isTrue();
			assertFailureCounted(context, "chunk", fault);
		});
	}

	private static void assertFailureCounted(ApplicationContext context, String step, Throwable fault) {
		IntegrationInfo info = context.getBean(IntegrationRegistry.class).find("anthropic").orElseThrow();
		assertThat(info.instrumentationFailures()).isEqualTo(1);
		// The SDK's objects are read through Jackson, which may wrap the fault.
		assertThat(info.lastInstrumentationFailure()).startsWith(step + ": java.lang.");
		assertThat(context.getBean(MeterRegistry.class)
			.get("braintrust.instrumentation.failures")
			.tag("integration", "anthropic")
			.tag("step", step)
			.counter()
			.count()).isEqualTo(1);
	}

	private SpanData onlySpan() {
		assertThat(this.exporter.getFinishedSpanItems()).hasSize(1);
		return this.exporter.getFinishedSpanItems().get(0);
	}

	private static MessageCreateParams params() {
		return MessageCreateParams.builder()
			.model(Model.CLAUDE_SONNET_4_5)
			.maxTokens(256)
			.addUserMessage("Hello")
			.build();
	}

	/**
	 * An SDK client whose messages services are mocks.
	 */
	static final class Clients {

		final AnthropicClient client = mock(AnthropicClient.class);

		final AnthropicClientAsync asyncClient = mock(AnthropicClientAsync.class);

		final MessageService messages = mock(MessageService.class);

		final MessageServiceAsync asyncMessages = mock(MessageServiceAsync.class);

		Clients() {
			when(this.client.messages()).thenReturn(this.messages);
			when(this.asyncClient.messages()).thenReturn(this.asyncMessages);
		}

	}

	record ListStream<T>(List<T> items) implements StreamResponse<T> {

		@Override
		public Stream<T> stream() {
			return this.items.stream();
		}

		@Override
		public void close() {
		}

	}

	/**
	 * Delivers its items on another thread, then completes, as the SDK's asynchronous
	 * streams do.
	 */
	static final class ListAsyncStream<T> implements AsyncStreamResponse<T> {

		private final List<T> items;

		private final CompletableFuture<Void> completion = new CompletableFuture<>();

		ListAsyncStream(List<T> items) {
			this.items = items;
		}

		@Override
		public AsyncStreamResponse<T> subscribe(Handler<? super T> handler) {
			return subscribe(handler, (task) -> new Thread(task).start());
		}

		@Override
		public AsyncStreamResponse<T> subscribe(Handler<? super T> handler, Executor executor) {
			executor.execute(() -> {
				this.items.forEach(handler::onNext);
				handler.onComplete(Optional.empty());
				this.completion.complete(null);
			});
			return this;
		}

		@Override
		public CompletableFuture<Void> onCompleteFuture() {
			return this.completion;
		}

		@Override
		public void close() {
		}

	}

}
