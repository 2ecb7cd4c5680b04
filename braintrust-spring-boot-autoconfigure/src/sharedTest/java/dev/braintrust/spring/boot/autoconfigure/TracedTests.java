package dev.braintrust.spring.boot.autoconfigure;

import dev.braintrust.spring.boot.testsupport.BootLine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.braintrust.spring.boot.autoconfigure.integrations.OpenAiAutoConfiguration;
import dev.braintrust.spring.boot.testsupport.MockLlmServer;
import dev.braintrust.spring.boot.trace.ConversationContext;
import dev.braintrust.spring.boot.trace.InstrumentationFailureListener;
import dev.braintrust.spring.boot.trace.JsonValues;
import dev.braintrust.spring.boot.trace.SpanContentRedactor;
import dev.braintrust.spring.boot.trace.Traced;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.transaction.annotation.EnableTransactionManagement;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.interceptor.TransactionAspectSupport;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * {@link Traced} methods of real beans in a Spring Boot application: their spans, their
 * place in the trace with the model calls made inside them (a real OpenAI SDK client
 * against a local server), content rules, asynchronous and reactive results.
 */
class TracedTests {

	static final JsonMapper json = JsonMapper.builder().build();

	private final MockLlmServer server = MockLlmServer.start();

	private final InMemorySpanExporter exporter = InMemorySpanExporter.create();

	private final OpenTelemetrySdk openTelemetry = OpenTelemetrySdk.builder()
		.setTracerProvider(
				SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(this.exporter)).build())
		.build();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, BootLine.JACKSON,
				BraintrustAutoConfiguration.class, BraintrustTracingAutoConfiguration.class,
				BraintrustTracedAutoConfiguration.class, OpenAiAutoConfiguration.class))
		.withBean(OpenTelemetry.class, () -> this.openTelemetry)
		.withUserConfiguration(Beans.class)
		.withPropertyValues("test.openai.base-url=" + this.server.baseUrl() + "/v1");

	@AfterEach
	void close() {
		this.server.close();
		this.openTelemetry.close();
	}

	@ParameterizedTest
	@ValueSource(booleans = { true, false })
	void tracedMethodBecomesATaskSpanOnClassAndInterfaceProxies(boolean proxyTargetClass) {
		this.runner.withPropertyValues("spring.aop.proxy-target-class=" + proxyTargetClass).run((context) -> {
			Greeter greeter = context.getBean(Greeter.class);
			assertThat(proxyTargetClass ? AopUtils.isCglibProxy(greeter) : AopUtils.isJdkDynamicProxy(greeter))
				.isTrue();
			assertThat(greeter.greet("Ada", 2)).isEqualTo("Hello Ada! Hello Ada!");

			SpanData span = onlySpan();
			assertThat(span.getName()).isEqualTo("greeting");
			assertThat(span.getKind()).isEqualTo(SpanKind.INTERNAL);
			assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
			assertThat(jsonAttribute(span, "braintrust.span_attributes"))
				.isEqualTo(parse("{\"type\":\"task\",\"name\":\"greeting\"}"));
			assertThat(jsonAttribute(span, "braintrust.input_json")).isEqualTo(parse("{\"name\":\"Ada\",\"times\":2}"));
			assertThat(jsonAttribute(span, "braintrust.output_json")).isEqualTo(parse("\"Hello Ada! Hello Ada!\""));
			assertThat(
					jsonAttribute(span, "braintrust.context_json").at("/span_origin/instrumentation/name").asString())
				.isEqualTo("traced");
			assertThat(span.getAttributes().get(AttributeKey.stringKey("gen_ai.operation.name"))).as("not a model call")
				.isNull();
			assertThat(span.getAttributes().get(AttributeKey.stringKey("braintrust.metadata"))).isNull();
		});
	}

	@ParameterizedTest
	@ValueSource(booleans = { true, false })
	void annotationOnTheInterfaceMethodTracesItsImplementation(boolean proxyTargetClass) {
		this.runner.withPropertyValues("spring.aop.proxy-target-class=" + proxyTargetClass).run((context) -> {
			assertThat(context.getBean(Translator.class).translate("bonjour")).isEqualTo("hello");
			SpanData span = onlySpan();
			assertThat(span.getName()).isEqualTo("translate");
			assertThat(jsonAttribute(span, "braintrust.input_json")).isEqualTo(parse("{\"text\":\"bonjour\"}"));
		});
	}

	@Test
	void annotationOnTheClassTracesEveryPublicMethodAndTheMethodsAnnotationWins() {
		this.runner.run((context) -> {
			Orders orders = context.getBean(Orders.class);
			assertThat(AopUtils.isAopProxy(orders)).isTrue();
			Receipt receipt = orders.place(new Order("book", 2));
			assertThat(receipt).isEqualTo(new Receipt("book", 2, 24.0));
			assertThat(orders.count()).isEqualTo(1);
			assertThat(orders.toString()).startsWith("Orders");

			List<SpanData> spans = this.exporter.getFinishedSpanItems();
			assertThat(spans).extracting(SpanData::getName).containsExactly("place", "orders.count");
			assertThat(jsonAttribute(spans.get(0), "braintrust.span_attributes"))
				.isEqualTo(parse("{\"type\":\"function\",\"name\":\"place\"}"));
			assertThat(jsonAttribute(spans.get(0), "braintrust.input_json"))
				.isEqualTo(parse("{\"order\":{\"item\":\"book\",\"quantity\":2}}"));
			assertThat(jsonAttribute(spans.get(0), "braintrust.output_json"))
				.isEqualTo(parse("{\"item\":\"book\",\"quantity\":2,\"total\":24.0}"));
			assertThat(jsonAttribute(spans.get(1), "braintrust.span_attributes"))
				.isEqualTo(parse("{\"type\":\"score\",\"name\":\"orders.count\"}"));
			assertThat(jsonAttribute(spans.get(1), "braintrust.input_json")).isEqualTo(parse("{}"));
		});
	}

	@Test
	void nestedTracedMethodsAndModelCallsFormOneTree() {
		this.server.onPost("/v1/chat/completions").json("openai/chat-basic.json");
		this.runner.run((context) -> {
			Assistant assistant = context.getBean(Assistant.class);
			assertThat(assistant.answer("What is the capital of France?")).isEqualTo("The capital of France is Paris.");

			List<SpanData> spans = this.exporter.getFinishedSpanItems();
			assertThat(spans).extracting(SpanData::getName)
				.containsExactlyInAnyOrder("answer", "plan", "chat gpt-4o-mini", "respond", "chat gpt-4o-mini");
			SpanData answer = span("answer");
			SpanData plan = span("plan");
			SpanData respond = span("respond");
			assertThat(answer.getParentSpanContext().isValid()).as("the task is the root").isFalse();
			assertThat(plan.getParentSpanId()).isEqualTo(answer.getSpanId());
			assertThat(respond.getParentSpanId()).isEqualTo(answer.getSpanId());
			List<SpanData> chats = spans.stream().filter((span) -> span.getName().startsWith("chat")).toList();
			assertThat(chats).extracting(SpanData::getParentSpanId)
				.containsExactlyInAnyOrder(plan.getSpanId(), respond.getSpanId());
			assertThat(spans).extracting(SpanData::getTraceId).containsOnly(answer.getTraceId());
			assertThat(jsonAttribute(chats.get(0), "braintrust.span_attributes").get("type").asString())
				.isEqualTo("llm");
		});
	}

	@Test
	void exceptionIsRecordedAndReachesTheCallerUnchanged() {
		this.runner.run((context) -> {
			Orders orders = context.getBean(Orders.class);
			assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> orders.cancel("A-1"))
				.withMessage("order A-1 has shipped");
			SpanData span = onlySpan();
			assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
			assertThat(span.getAttributes().get(AttributeKey.stringKey("error.type")))
				.isEqualTo("java.lang.IllegalStateException");
			assertThat(span.getEvents()).singleElement()
				.satisfies((event) -> assertThat(event.getName()).isEqualTo("exception"));
			assertThat(span.getAttributes().get(AttributeKey.stringKey("braintrust.output_json"))).isNull();
		});
	}

	@Test
	void withoutContentCaptureNeitherArgumentsNorResultAreWritten() {
		this.runner.withPropertyValues("braintrust.trace.capture-content=false").run((context) -> {
			Greeter greeter = context.getBean(Greeter.class);
			greeter.greet("Ada", 1);
			assertThatExceptionOfType(IllegalStateException.class)
				.isThrownBy(() -> context.getBean(Orders.class).cancel("secret-order"));
			List<SpanData> spans = this.exporter.getFinishedSpanItems();
			assertThat(spans).hasSize(2).allSatisfy((span) -> {
				assertThat(span.getAttributes().get(AttributeKey.stringKey("braintrust.input_json"))).isNull();
				assertThat(span.getAttributes().get(AttributeKey.stringKey("braintrust.output_json"))).isNull();
				assertThat(span.getAttributes().get(AttributeKey.stringKey("braintrust.span_attributes"))).isNotNull();
			});
			assertThat(spans.get(1).getEvents()).singleElement()
				.satisfies((event) -> assertThat(event.getAttributes().asMap().values())
					.noneMatch((value) -> String.valueOf(value).contains("secret-order")));
		});
	}

	@Test
	void captureArgumentsAndCaptureResultLeaveThemOut() {
		this.runner.run((context) -> {
			Vault vault = context.getBean(Vault.class);
			assertThat(vault.open("s3cr3t")).isEqualTo("token-for-s3cr3t");
			assertThat(vault.store("key", "value")).isEqualTo("stored key");
			List<SpanData> spans = this.exporter.getFinishedSpanItems();
			assertThat(spans.get(0).getAttributes().get(AttributeKey.stringKey("braintrust.input_json"))).isNull();
			assertThat(jsonAttribute(spans.get(0), "braintrust.output_json")).isEqualTo(parse("\"token-for-s3cr3t\""));
			assertThat(jsonAttribute(spans.get(1), "braintrust.input_json"))
				.isEqualTo(parse("{\"key\":\"key\",\"value\":\"value\"}"));
			assertThat(spans.get(1).getAttributes().get(AttributeKey.stringKey("braintrust.output_json"))).isNull();
		});
	}

	@Test
	void unserializableValuesBecomeTheirTypeNameAndTheCallIsUntouched() {
		this.runner.run((context) -> {
			Vault vault = context.getBean(Vault.class);
			Exploding exploding = new Exploding();
			assertThat(vault.echo(exploding)).isSameAs(exploding);
			assertThat(vault.exploding()).isInstanceOf(Exploding.class);
			List<SpanData> spans = this.exporter.getFinishedSpanItems();
			assertThat(jsonAttribute(spans.get(0), "braintrust.input_json"))
				.isEqualTo(parse("{\"value\":\"" + Exploding.class.getName() + "\"}"));
			assertThat(jsonAttribute(spans.get(0), "braintrust.output_json"))
				.isEqualTo(parse("\"" + Exploding.class.getName() + "\""));
			assertThat(jsonAttribute(spans.get(1), "braintrust.output_json"))
				.isEqualTo(parse("\"" + Exploding.class.getName() + "\""));
		});
	}

	@Test
	void largeResultIsCutWhileWrittenAndStaysValidJson() {
		this.runner.withPropertyValues("braintrust.trace.max-content-length=300").run((context) -> {
			List<String> lines = context.getBean(Vault.class).lines(100_000);
			assertThat(lines).hasSize(100_000);
			String output = onlySpan().getAttributes().get(AttributeKey.stringKey("braintrust.output_json"));
			assertThat(output).hasSizeLessThanOrEqualTo(300);
			JsonNode node = parse(output);
			assertThat(node.isArray()).isTrue();
			assertThat(node.get(0).asString()).contains("items omitted");
			assertThat(node.get(1).asString()).startsWith("line ");
			assertThat(node.get(node.size() - 1).asString()).isEqualTo("...[truncated]");
		});
	}

	@Test
	void completableFutureEndsTheSpanWhenItCompletes() {
		this.runner.run((context) -> {
			Later later = context.getBean(Later.class);
			CompletableFuture<String> pending = new CompletableFuture<>();
			CompletableFuture<String> result = later.future(pending);
			assertThat(result).isSameAs(pending);
			assertThat(this.exporter.getFinishedSpanItems()).isEmpty();
			pending.complete("done");
			SpanData span = onlySpan();
			assertThat(span.getName()).isEqualTo("future");
			assertThat(jsonAttribute(span, "braintrust.output_json")).isEqualTo(parse("\"done\""));
		});
	}

	@Test
	void failedAndCancelledFuturesEndTheSpanOnceWithTheirError() {
		this.runner.run((context) -> {
			Later later = context.getBean(Later.class);
			CompletableFuture<String> failing = new CompletableFuture<>();
			later.future(failing);
			failing.completeExceptionally(new CompletionException(new IllegalArgumentException("no")));
			CompletableFuture<String> cancelled = new CompletableFuture<>();
			later.future(cancelled);
			cancelled.cancel(true);
			cancelled.cancel(true);
			List<SpanData> spans = this.exporter.getFinishedSpanItems();
			assertThat(spans).extracting((span) -> span.getAttributes().get(AttributeKey.stringKey("error.type")))
				.containsExactly("java.lang.IllegalArgumentException", "cancelled");
		});
	}

	@Test
	void monoIsTracedPerSubscriptionAndItsModelCallsAreChildren() {
		this.server.onPost("/v1/chat/completions").json("openai/chat-basic.json");
		this.runner.run((context) -> {
			Later later = context.getBean(Later.class);
			Mono<String> mono = later.mono("Rome");
			assertThat(this.exporter.getFinishedSpanItems()).as("nothing before subscription").isEmpty();
			assertThat(mono.block(Duration.ofSeconds(5))).isEqualTo("The capital of France is Paris.");
			SpanData task = span("mono");
			SpanData chat = span("chat gpt-4o-mini");
			assertThat(chat.getParentSpanId()).isEqualTo(task.getSpanId());
			assertThat(jsonAttribute(task, "braintrust.input_json")).isEqualTo(parse("{\"city\":\"Rome\"}"));
			assertThat(jsonAttribute(task, "braintrust.output_json"))
				.isEqualTo(parse("\"The capital of France is Paris.\""));

			assertThatExceptionOfType(IllegalStateException.class)
				.isThrownBy(() -> later.failingMono().block(Duration.ofSeconds(5)));
			later.neverMono().subscribe().dispose();
			List<SpanData> spans = this.exporter.getFinishedSpanItems();
			assertThat(spans.subList(2, 4))
				.extracting((span) -> span.getAttributes().get(AttributeKey.stringKey("error.type")))
				.containsExactly("java.lang.IllegalStateException", "cancelled");
		});
	}

	@Test
	void fluxRecordsItsItemsAndEndsOnceWhetherCompletedFailedOrCancelled() {
		this.runner.run((context) -> {
			Later later = context.getBean(Later.class);
			assertThat(later.flux(3).collectList().block(Duration.ofSeconds(5))).containsExactly(1, 2, 3);
			assertThat(jsonAttribute(onlySpan(), "braintrust.output_json")).isEqualTo(parse("[1,2,3]"));
			this.exporter.reset();

			assertThat(later.flux(1000).take(2).collectList().block(Duration.ofSeconds(5))).containsExactly(1, 2);
			SpanData cancelled = onlySpan();
			assertThat(cancelled.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
			assertThat(cancelled.getEvents()).extracting((event) -> event.getName()).containsExactly("cancelled");
			assertThat(jsonAttribute(cancelled, "braintrust.output_json")).isEqualTo(parse("[1,2]"));
			this.exporter.reset();

			assertThatExceptionOfType(IllegalStateException.class)
				.isThrownBy(() -> later.failingFlux().collectList().block(Duration.ofSeconds(5)));
			SpanData failed = onlySpan();
			assertThat(failed.getAttributes().get(AttributeKey.stringKey("error.type")))
				.isEqualTo("java.lang.IllegalStateException");
			assertThat(jsonAttribute(failed, "braintrust.output_json")).isEqualTo(parse("[\"first\"]"));
		});
	}

	@Test
	void conversationOfTheContextIsOnTheTaskAndItsModelCalls() {
		this.server.onPost("/v1/chat/completions").json("openai/chat-basic.json");
		this.runner.run((context) -> {
			Assistant assistant = context.getBean(Assistant.class);
			try (Scope scope = ConversationContext.open("conversation-42")) {
				assistant.answer("What is the capital of France?");
			}
			assertThat(this.exporter.getFinishedSpanItems()).hasSize(5).allSatisfy((span) -> {
				assertThat(span.getAttributes().get(AttributeKey.stringKey("gen_ai.conversation.id")))
					.isEqualTo("conversation-42");
				assertThat(jsonAttribute(span, "braintrust.metadata").get("conversation_id").asString())
					.isEqualTo("conversation-42");
			});
		});
	}

	@Test
	void taskSpanEnclosesTheTransactionAndRunsInsideAsync() {
		this.runner.withUserConfiguration(TransactionsAndAsync.class).run((context) -> {
			Ledger ledger = context.getBean(Ledger.class);
			assertThat(ledger.post("A-1")).isEqualTo("posted A-1 in a transaction");
			assertThatExceptionOfType(TransactionSystemException.class).isThrownBy(() -> ledger.post("fail-commit"));
			List<SpanData> spans = this.exporter.getFinishedSpanItems();
			assertThat(spans).extracting((span) -> span.getAttributes().get(AttributeKey.stringKey("error.type")))
				.as("the commit's failure is the span's: the span is outside the transaction")
				.containsExactly(null, TransactionSystemException.class.getName());
			this.exporter.reset();

			String caller = Thread.currentThread().getName();
			assertThat(ledger.reconcile().get(5, TimeUnit.SECONDS)).isNotEqualTo(caller);
			await().untilAsserted(() -> assertThat(this.exporter.getFinishedSpanItems()).singleElement()
				.satisfies((span) -> assertThat(jsonAttribute(span, "braintrust.output_json").asString())
					.isNotEqualTo(caller)));
		});
	}

	@Test
	void contentIsRedactedLikeTheContentOfModelCalls() {
		this.runner.withBean(SpanContentRedactor.class, () -> (content) -> content.replace("Ada", "[name]"))
			.run((context) -> {
				context.getBean(Greeter.class).greet("Ada", 1);
				SpanData span = onlySpan();
				assertThat(jsonAttribute(span, "braintrust.input_json"))
					.isEqualTo(parse("{\"name\":\"[name]\",\"times\":1}"));
				assertThat(jsonAttribute(span, "braintrust.output_json")).isEqualTo(parse("\"Hello [name]!\""));
			});
	}

	@Test
	void failingInstrumentationLeavesTheCallAsItIsAndIsReported() {
		List<String> failures = new CopyOnWriteArrayList<>();
		this.runner.withBean(JsonValues.class, () -> (value, maxLength) -> {
			throw new IllegalStateException("broken mapper");
		})
			.withBean(InstrumentationFailureListener.class,
					() -> (integration, step, failure) -> failures.add(integration + ":" + step))
			.run((context) -> {
				Orders orders = context.getBean(Orders.class);
				assertThat(orders.place(new Order("book", 1))).isEqualTo(new Receipt("book", 1, 12.0));
				assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> orders.cancel("A-2"))
					.withMessage("order A-2 has shipped");
				assertThat(failures).containsExactly("traced:request", "traced:request");
				assertThat(this.exporter.getFinishedSpanItems()).isEmpty();
			});
	}

	@Test
	void disabledTracedMethodsAreNotProxied() {
		this.runner.withPropertyValues("braintrust.trace.traced.enabled=false").run((context) -> {
			assertThat(AopUtils.isAopProxy(context.getBean(Greeter.class))).isFalse();
			context.getBean(Greeter.class).greet("Ada", 1);
			assertThat(this.exporter.getFinishedSpanItems()).isEmpty();
		});
	}

	private SpanData onlySpan() {
		List<SpanData> spans = this.exporter.getFinishedSpanItems();
		assertThat(spans).hasSize(1);
		return spans.get(0);
	}

	private SpanData span(String name) {
		return this.exporter.getFinishedSpanItems()
			.stream()
			.filter((span) -> span.getName().equals(name))
			.findFirst()
			.orElseThrow();
	}

	static JsonNode jsonAttribute(SpanData span, String key) {
		String value = span.getAttributes().get(AttributeKey.stringKey(key));
		assertThat(value).as(key).isNotNull();
		return json.readTree(value);
	}

	static JsonNode parse(String text) {
		return json.readTree(text);
	}

	interface Greeter {

		String greet(String name, int times);

	}

	static class DefaultGreeter implements Greeter {

		@Override
		@Traced("greeting")
		public String greet(String name, int times) {
			return String.join(" ", java.util.Collections.nCopies(times, "Hello " + name + "!"));
		}

	}

	interface Translator {

		@Traced("translate")
		String translate(String text);

	}

	static class FrenchTranslator implements Translator {

		@Override
		public String translate(String text) {
			return "bonjour".equals(text) ? "hello" : text;
		}

	}

	record Order(String item, int quantity) {
	}

	record Receipt(String item, int quantity, double total) {
	}

	@Traced(type = "function")
	static class Orders {

		private int placed;

		public Receipt place(Order order) {
			this.placed++;
			return new Receipt(order.item(), order.quantity(), 12.0 * order.quantity());
		}

		@Traced(value = "orders.count", type = "score")
		public int count() {
			return this.placed;
		}

		public void cancel(String id) {
			throw new IllegalStateException("order " + id + " has shipped");
		}

		@Override
		public String toString() {
			return "Orders";
		}

	}

	static class Assistant {

		private final Steps steps;

		Assistant(Steps steps) {
			this.steps = steps;
		}

		@Traced
		public String answer(String question) {
			this.steps.plan(question);
			return this.steps.respond(question);
		}

	}

	static class Steps {

		private final OpenAIClient client;

		Steps(OpenAIClient client) {
			this.client = client;
		}

		@Traced
		public String plan(String question) {
			return ask("Plan how to answer: " + question);
		}

		@Traced(type = "function")
		public String respond(String question) {
			return ask(question);
		}

		String ask(String question) {
			return this.client.chat()
				.completions()
				.create(ChatCompletionCreateParams.builder().model("gpt-4o-mini").addUserMessage(question).build())
				.choices()
				.get(0)
				.message()
				.content()
				.orElse("");
		}

	}

	static class Exploding {

		public String getValue() {
			throw new IllegalStateException("boom");
		}

	}

	static class Vault {

		@Traced(captureArguments = false)
		public String open(String password) {
			return "token-for-" + password;
		}

		@Traced(captureResult = false)
		public String store(String key, String value) {
			return "stored " + key;
		}

		@Traced
		public Object echo(Object value) {
			return value;
		}

		@Traced
		public Exploding exploding() {
			return new Exploding();
		}

		@Traced
		public List<String> lines(int count) {
			List<String> lines = new ArrayList<>(count);
			for (int i = 0; i < count; i++) {
				lines.add("line " + i);
			}
			return lines;
		}

	}

	static class Later {

		private final Steps steps;

		Later(Steps steps) {
			this.steps = steps;
		}

		@Traced
		public CompletableFuture<String> future(CompletableFuture<String> pending) {
			return pending;
		}

		@Traced
		public Mono<String> mono(String city) {
			return Mono.fromCallable(() -> this.steps.ask("What is the capital of " + city + "?"));
		}

		@Traced
		public Mono<String> failingMono() {
			return Mono.error(new IllegalStateException("no"));
		}

		@Traced
		public Mono<String> neverMono() {
			return Mono.never();
		}

		@Traced
		public Flux<Integer> flux(int count) {
			return Flux.range(1, count);
		}

		@Traced
		public Flux<String> failingFlux() {
			return Flux.concat(Flux.just("first"), Flux.error(new IllegalStateException("no")));
		}

	}

	static class Ledger {

		@Traced
		@Transactional
		public String post(String entry) {
			assertThat(TransactionSynchronizationManager.isActualTransactionActive()).isTrue();
			if (entry.equals("fail-commit")) {
				TransactionAspectSupport.currentTransactionStatus().setRollbackOnly();
				RecordingTransactionManager.failNextCommit = true;
			}
			return "posted " + entry + " in a transaction";
		}

		@Async
		@Traced
		public CompletableFuture<String> reconcile() {
			return CompletableFuture.completedFuture(Thread.currentThread().getName());
		}

	}

	/**
	 * Commits nothing; fails the commit it is told to.
	 */
	static class RecordingTransactionManager extends AbstractPlatformTransactionManager {

		static volatile boolean failNextCommit;

		@Override
		protected Object doGetTransaction() {
			return new Object();
		}

		@Override
		protected void doBegin(Object transaction, TransactionDefinition definition) {
		}

		@Override
		protected void doCommit(DefaultTransactionStatus status) {
		}

		@Override
		protected void doRollback(DefaultTransactionStatus status) {
			if (failNextCommit) {
				failNextCommit = false;
				throw new TransactionSystemException("the database is gone");
			}
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableTransactionManagement
	@EnableAsync
	static class TransactionsAndAsync {

		@Bean
		Ledger ledger() {
			return new Ledger();
		}

		@Bean
		RecordingTransactionManager transactionManager() {
			return new RecordingTransactionManager();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Beans {

		@Bean
		Greeter greeter() {
			return new DefaultGreeter();
		}

		@Bean
		Orders orders() {
			return new Orders();
		}

		@Bean
		Translator translator() {
			return new FrenchTranslator();
		}

		@Bean
		Steps steps(OpenAIClient client) {
			return new Steps(client);
		}

		@Bean
		Assistant assistant(Steps steps) {
			return new Assistant(steps);
		}

		@Bean
		Vault vault() {
			return new Vault();
		}

		@Bean
		Later later(Steps steps) {
			return new Later(steps);
		}

		@Bean
		OpenAIClient openAIClient(@Value("${test.openai.base-url}") String baseUrl) {
			return OpenAIOkHttpClient.builder()
				.baseUrl(baseUrl)
				.apiKey("sk-test-key")
				.maxRetries(0)
				.timeout(Duration.ofSeconds(5))
				.build();
		}

	}

}
