package dev.braintrust.spring.boot.integrations.openai;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.openai.client.OpenAIClient;
import com.openai.client.OpenAIClientAsync;
import com.openai.core.http.AsyncStreamResponse;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.services.async.ChatServiceAsync;
import com.openai.services.async.chat.ChatCompletionServiceAsync;
import com.openai.services.blocking.ChatService;
import com.openai.services.blocking.chat.ChatCompletionService;
import dev.braintrust.spring.boot.autoconfigure.BraintrustAutoConfiguration;
import dev.braintrust.spring.boot.autoconfigure.BraintrustTracingAutoConfiguration;
import dev.braintrust.spring.boot.autoconfigure.integrations.OpenAiAutoConfiguration;
import dev.braintrust.spring.boot.integration.IntegrationInfo;
import dev.braintrust.spring.boot.integration.IntegrationRegistry;
import dev.braintrust.spring.boot.testsupport.Faults;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.trace.data.SpanData;
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
 * Faults inside the instrumentation of the OpenAI SDK never reach the caller. The SDK's
 * objects are replaced by ones whose every accessor throws, as a version of the SDK the
 * integration does not know would (a {@link NoSuchMethodError}) or as a bug would (a
 * {@link RuntimeException}): the caller gets exactly what the client returned, futures
 * complete, streams deliver every chunk, and the failure is counted.
 */
class OpenAiFaultInjectionTests {

	private final OpenAiTestSupport support = new OpenAiTestSupport();

	static List<Throwable> faults() {
		return Faults.linkageErrorAndBug("com.openai.models.chat.completions.ChatCompletion.choices()");
	}

	private ApplicationContextRunner runner(OpenAIClient client, OpenAIClientAsync asyncClient) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(BraintrustAutoConfiguration.class,
					BraintrustTracingAutoConfiguration.class, OpenAiAutoConfiguration.class))
			.withBean(OpenTelemetry.class, () -> this.support.openTelemetry)
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withBean("openAIClient", OpenAIClient.class, () -> client)
			.withBean("openAIClientAsync", OpenAIClientAsync.class, () -> asyncClient);
	}

	@ParameterizedTest
	@MethodSource("faults")
	void blockingCallWhoseRequestCannotBeReadProceedsUntraced(Throwable fault) {
		Clients clients = new Clients();
		ChatCompletion completion = faulty(ChatCompletion.class, fault);
		ChatCompletionCreateParams params = faulty(ChatCompletionCreateParams.class, fault);
		when(clients.completions.create(any(ChatCompletionCreateParams.class))).thenReturn(completion);
		runner(clients.client, clients.asyncClient).run((context) -> {
			OpenAIClient client = context.getBean(OpenAIClient.class);
			assertThat(client.chat().completions().create(params)).isSameAs(completion);
			assertThat(this.support.spans()).isEmpty();
			assertFailureCounted(context, "request", fault);
		});
	}

	@ParameterizedTest
	@MethodSource("faults")
	void blockingCallWhoseResponseCannotBeReadReturnsTheSdkResult(Throwable fault) {
		Clients clients = new Clients();
		ChatCompletion completion = faulty(ChatCompletion.class, fault);
		when(clients.completions.create(any(ChatCompletionCreateParams.class))).thenReturn(completion);
		runner(clients.client, clients.asyncClient).run((context) -> {
			OpenAIClient client = context.getBean(OpenAIClient.class);
			assertThat(client.chat().completions().create(params())).isSameAs(completion);
			SpanData span = this.support.onlySpan();
			assertThat(span.hasEnded()).isTrue();
			assertThat(span.getAttributes().get(AttributeKey.stringKey("braintrust.output_json"))).isNull();
			assertFailureCounted(context, "response", fault);
		});
	}

	@ParameterizedTest
	@MethodSource("faults")
	void asyncCallWhoseResponseCannotBeReadCompletesTheCallersFuture(Throwable fault) throws Exception {
		Clients clients = new Clients();
		ChatCompletion completion = faulty(ChatCompletion.class, fault);
		CompletableFuture<ChatCompletion> sdkFuture = new CompletableFuture<>();
		when(clients.asyncCompletions.create(any(ChatCompletionCreateParams.class))).thenReturn(sdkFuture);
		runner(clients.client, clients.asyncClient).run((context) -> {
			OpenAIClientAsync client = context.getBean(OpenAIClientAsync.class);
			CompletableFuture<ChatCompletion> future = client.chat().completions().create(params());
			// Completed on another thread, as the SDK's HTTP client does.
			CompletableFuture.runAsync(() -> sdkFuture.complete(completion));
			assertThat(future.get(10, TimeUnit.SECONDS)).isSameAs(completion);
			assertThat(this.support.onlySpan().hasEnded()).isTrue();
			assertFailureCounted(context, "response", fault);
		});
	}

	@ParameterizedTest
	@MethodSource("faults")
	void streamWhoseChunksCannotBeReadDeliversEveryChunk(Throwable fault) {
		Clients clients = new Clients();
		List<ChatCompletionChunk> chunks = List.of(faulty(ChatCompletionChunk.class, fault),
				faulty(ChatCompletionChunk.class, fault), faulty(ChatCompletionChunk.class, fault));
		when(clients.completions.createStreaming(any(ChatCompletionCreateParams.class)))
			.thenReturn(new ListStream<>(chunks));
		runner(clients.client, clients.asyncClient).run((context) -> {
			OpenAIClient client = context.getBean(OpenAIClient.class);
			List<ChatCompletionChunk> received;
			try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params())) {
				received = stream.stream().toList();
			}
			assertThat(received).containsExactlyElementsOf(chunks);
			SpanData span = this.support.onlySpan();
			assertThat(span.getAttributes().get(AttributeKey.doubleKey("gen_ai.response.time_to_first_chunk")))
				.isNotNull();
			assertFailureCounted(context, "chunk", fault);
		});
	}

	@ParameterizedTest
	@MethodSource("faults")
	void asyncStreamWhoseChunksCannotBeReadDeliversEveryChunkAndCompletes(Throwable fault) throws Exception {
		Clients clients = new Clients();
		List<ChatCompletionChunk> chunks = List.of(faulty(ChatCompletionChunk.class, fault),
				faulty(ChatCompletionChunk.class, fault));
		when(clients.asyncCompletions.createStreaming(any(ChatCompletionCreateParams.class)))
			.thenReturn(new ListAsyncStream<>(chunks));
		runner(clients.client, clients.asyncClient).run((context) -> {
			OpenAIClientAsync client = context.getBean(OpenAIClientAsync.class);
			List<ChatCompletionChunk> received = new CopyOnWriteArrayList<>();
			AsyncStreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params());
			stream.subscribe(received::add);
			stream.onCompleteFuture().get(10, TimeUnit.SECONDS);
			assertThat(received).containsExactlyElementsOf(chunks);
			assertThat(this.support.onlySpan().hasEnded()).isTrue();
			assertFailureCounted(context, "chunk", fault);
		});
	}

	private static void assertFailureCounted(ApplicationContext context, String step, Throwable fault) {
		IntegrationInfo info = context.getBean(IntegrationRegistry.class).find("openai").orElseThrow();
		assertThat(info.instrumentationFailures()).isEqualTo(1);
		// A mapping that falls back to the SDK's JSON may report the fault as Jackson
		// wraps it.
		assertThat(info.lastInstrumentationFailure()).startsWith(step + ": ")
			.endsWith((fault instanceof Error) ? fault.getClass().getName() : "Exception");
		assertThat(context.getBean(MeterRegistry.class)
			.get("braintrust.instrumentation.failures")
			.tag("integration", "openai")
			.tag("step", step)
			.counter()
			.count()).isEqualTo(1);
	}

	private static ChatCompletionCreateParams params() {
		return ChatCompletionCreateParams.builder().model("gpt-4o-mini").addUserMessage("Hello").build();
	}

	/**
	 * An SDK client whose services are mocks, as deep as the chat completions.
	 */
	static final class Clients {

		final OpenAIClient client = mock(OpenAIClient.class);

		final OpenAIClientAsync asyncClient = mock(OpenAIClientAsync.class);

		final ChatCompletionService completions = mock(ChatCompletionService.class);

		final ChatCompletionServiceAsync asyncCompletions = mock(ChatCompletionServiceAsync.class);

		Clients() {
			ChatService chat = mock(ChatService.class);
			when(this.client.chat()).thenReturn(chat);
			when(chat.completions()).thenReturn(this.completions);
			ChatServiceAsync asyncChat = mock(ChatServiceAsync.class);
			when(this.asyncClient.chat()).thenReturn(asyncChat);
			when(asyncChat.completions()).thenReturn(this.asyncCompletions);
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
