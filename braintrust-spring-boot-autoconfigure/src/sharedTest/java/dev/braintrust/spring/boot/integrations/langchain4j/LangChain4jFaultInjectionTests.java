package dev.braintrust.spring.boot.integrations.langchain4j;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.braintrust.spring.boot.integration.IntegrationInfo;
import dev.braintrust.spring.boot.integration.IntegrationRegistry;
import dev.braintrust.spring.boot.testsupport.Faults;
import dev.braintrust.spring.boot.trace.LazyTracer;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialToolCall;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import dev.langchain4j.service.tool.ToolExecutor;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.aop.framework.ProxyFactory;
import org.springframework.context.ApplicationContext;

import static dev.braintrust.spring.boot.testsupport.Faults.faulty;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Faults inside the instrumentation of LangChain4j never reach the caller. LangChain4j's
 * objects are replaced by ones whose every accessor throws, as a version the integration
 * does not know would (a {@link NoSuchMethodError}) or as a bug would (a
 * {@link RuntimeException}): the caller gets exactly what the model returned, streams
 * deliver every callback, and the failure is counted.
 */
class LangChain4jFaultInjectionTests {

	private final LangChain4jTestContext test = new LangChain4jTestContext();

	static List<Throwable> faults() {
		return Faults.linkageErrorAndBug("dev.langchain4j.model.chat.response.ChatResponse.aiMessage()");
	}

	@ParameterizedTest
	@MethodSource("faults")
	void chatWhoseRequestCannotBeReadProceedsUntraced(Throwable fault) {
		ChatRequest request = faulty(ChatRequest.class, fault);
		ChatResponse answer = ChatResponse.builder()
			.aiMessage(dev.langchain4j.data.message.AiMessage.from("ok"))
			.build();
		this.test.runner().withBean("model", ChatModel.class, () -> new FixedChatModel(answer)).run((context) -> {
			ChatModel model = context.getBean(ChatModel.class);
			assertThat(model.chat(request)).isSameAs(answer);
			assertThat(this.test.spans()).isEmpty();
			assertFailureCounted(context, "request");
		});
	}

	@ParameterizedTest
	@MethodSource("faults")
	void chatWhoseResponseCannotBeReadReturnsTheModelsResult(Throwable fault) {
		ChatResponse answer = faulty(ChatResponse.class, fault);
		this.test.runner().withBean("model", ChatModel.class, () -> new FixedChatModel(answer)).run((context) -> {
			ChatModel model = context.getBean(ChatModel.class);
			assertThat(model.chat(ChatRequest.builder().messages(UserMessage.from("Hi")).build())).isSameAs(answer);
			SpanData span = onlySpan();
			assertThat(span.hasEnded()).isTrue();
			assertThat(span.getAttributes().get(AttributeKey.stringKey("braintrust.output_json"))).isNull();
			assertFailureCounted(context, "response");
		});
	}

	@ParameterizedTest
	@MethodSource("faults")
	void streamWhoseChunksAndResponseCannotBeReadDeliversEveryCallback(Throwable fault) {
		PartialToolCall chunk = faulty(PartialToolCall.class, fault);
		ChatResponse answer = faulty(ChatResponse.class, fault);
		this.test.runner()
			.withBean("model", StreamingChatModel.class, () -> new FixedStreamingChatModel(chunk, answer))
			.run((context) -> {
				StreamingChatModel model = context.getBean(StreamingChatModel.class);
				List<Object> received = new CopyOnWriteArrayList<>();
				model.chat(ChatRequest.builder().messages(UserMessage.from("Hi")).build(),
						new StreamingChatResponseHandler() {

							@Override
							public void onPartialToolCall(PartialToolCall partialToolCall) {
								received.add(partialToolCall);
							}

							@Override
							public void onCompleteResponse(ChatResponse completeResponse) {
								received.add(completeResponse);
							}

							@Override
							public void onError(Throwable error) {
								received.add(error);
							}

						});
				assertThat(received).containsExactly(chunk, chunk, answer);
				assertThat(onlySpan().hasEnded()).isTrue();
				IntegrationInfo info = info(context);
				// The first chunk stops the aggregation; the response is reported too.
				assertThat(info.instrumentationFailures()).isEqualTo(2);
				assertThat(counter(context, "chunk")).isEqualTo(1);
				assertThat(counter(context, "response")).isEqualTo(1);
			});
	}

	@ParameterizedTest
	@MethodSource("faults")
	@SuppressWarnings("unchecked")
	void embeddingsWhoseResponseCannotBeReadReturnTheModelsResult(Throwable fault) {
		Response<List<Embedding>> answer = faulty(Response.class, fault);
		this.test.runner()
			.withBean("model", EmbeddingModel.class, () -> new FixedEmbeddingModel(answer))
			.run((context) -> {
				EmbeddingModel model = context.getBean(EmbeddingModel.class);
				assertThat(model.embedAll(List.of(TextSegment.from("Hi")))).isSameAs(answer);
				assertThat(onlySpan().hasEnded()).isTrue();
				assertFailureCounted(context, "response");
			});
	}

	@ParameterizedTest
	@MethodSource("faults")
	void toolWhoseRequestCannotBeReadRunsUntraced(Throwable fault) {
		ToolExecutionRequest request = faulty(ToolExecutionRequest.class, fault);
		this.test.runner().run((context) -> {
			ToolExecutor tool = (toolRequest, memoryId) -> "sunny";
			ProxyFactory factory = new ProxyFactory(tool);
			factory.addInterface(ToolExecutor.class);
			factory.addAdvice(new ToolExecutorInterceptor(context.getBean(LazyTracer.class), "weather"));
			ToolExecutor traced = (ToolExecutor) factory.getProxy();
			assertThat(traced.execute(request, "default")).isEqualTo("sunny");
			assertThat(this.test.spans()).isEmpty();
			assertFailureCounted(context, "tool-request");
		});
	}

	private SpanData onlySpan() {
		assertThat(this.test.spans()).hasSize(1);
		return this.test.spans().get(0);
	}

	private static void assertFailureCounted(ApplicationContext context, String step) {
		IntegrationInfo info = info(context);
		assertThat(info.instrumentationFailures()).isEqualTo(1);
		assertThat(info.lastInstrumentationFailure()).startsWith(step + ": java.lang.");
		assertThat(counter(context, step)).isEqualTo(1);
	}

	private static double counter(ApplicationContext context, String step) {
		return context.getBean(MeterRegistry.class)
			.get("braintrust.instrumentation.failures")
			.tag("integration", LangChain4jIntegration.NAME)
			.tag("step", step)
			.counter()
			.count();
	}

	private static IntegrationInfo info(ApplicationContext context) {
		return context.getBean(IntegrationRegistry.class).find(LangChain4jIntegration.NAME).orElseThrow();
	}

	/**
	 * A model that answers without reading the request, as a provider module would that
	 * the instrumentation cannot read.
	 */
	static class FixedChatModel implements ChatModel {

		private final ChatResponse answer;

		FixedChatModel(ChatResponse answer) {
			this.answer = answer;
		}

		@Override
		public ChatResponse chat(ChatRequest chatRequest) {
			return this.answer;
		}

	}

	static class FixedStreamingChatModel implements StreamingChatModel {

		private final PartialToolCall chunk;

		private final ChatResponse answer;

		FixedStreamingChatModel(PartialToolCall chunk, ChatResponse answer) {
			this.chunk = chunk;
			this.answer = answer;
		}

		@Override
		public void chat(ChatRequest chatRequest, StreamingChatResponseHandler handler) {
			handler.onPartialToolCall(this.chunk);
			handler.onPartialToolCall(this.chunk);
			handler.onCompleteResponse(this.answer);
		}

	}

	static class FixedEmbeddingModel implements EmbeddingModel {

		private final Response<List<Embedding>> answer;

		FixedEmbeddingModel(Response<List<Embedding>> answer) {
			this.answer = answer;
		}

		@Override
		public Response<List<Embedding>> embedAll(List<TextSegment> textSegments) {
			return this.answer;
		}

	}

}
