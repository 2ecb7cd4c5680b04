package dev.braintrust.spring.boot.export;

import dev.braintrust.spring.boot.trace.LlmSpanAttributes;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LocalSpanLogger}.
 */
@ExtendWith(OutputCaptureExtension.class)
class LocalSpanLoggerTests {

	private final SdkTracerProvider provider = SdkTracerProvider.builder()
		.addSpanProcessor(new LocalSpanLogger())
		.build();

	private final Tracer tracer = this.provider.get("test");

	@Test
	void logsOneReadableLinePerLlmSpanWithoutContent(CapturedOutput output) {
		this.tracer.spanBuilder("chat gpt-4o-mini")
			.setAttribute("gen_ai.operation.name", "chat")
			.setAttribute("braintrust.span_attributes", "{\"type\":\"llm\"}")
			.setAttribute("gen_ai.provider.name", "openai")
			.setAttribute("gen_ai.request.model", "gpt-4o-mini")
			.setAttribute("gen_ai.usage.input_tokens", 23L)
			.setAttribute("gen_ai.usage.output_tokens", 7L)
			.setAttribute("gen_ai.response.time_to_first_chunk", 0.12)
			.setAttribute("braintrust.input_json", "[{\"role\":\"user\",\"content\":\"secret prompt\"}]")
			.startSpan()
			.end();
		assertThat(output.getOut()).containsPattern(
				"LLM chat gpt-4o-mini \\[openai\\] tokens in=23 out=7 latency=\\d+ms ttft=120ms status=OK trace=[0-9a-f]{32}");
		assertThat(output.getOut()).doesNotContain("secret prompt");
		assertThat(output.getOut().lines().filter((line) -> line.contains("LLM chat"))).hasSize(1);
	}

	@Test
	void logsErrorType(CapturedOutput output) {
		this.tracer.spanBuilder("chat claude")
			.setAttribute("gen_ai.operation.name", "chat")
			.setAttribute("braintrust.span_attributes", "{\"type\":\"llm\"}")
			.setAttribute("gen_ai.provider.name", "anthropic")
			.setAttribute("gen_ai.request.model", "claude-sonnet-4")
			.setAttribute("error.type", "rate_limit")
			.startSpan()
			.setStatus(StatusCode.ERROR)
			.end();
		assertThat(output.getOut()).contains("LLM chat claude-sonnet-4 [anthropic]")
			.contains("status=ERROR error=rate_limit");
	}

	@Test
	void namesAToolExecutionByItsTool(CapturedOutput output) {
		this.tracer.spanBuilder("execute_tool currentWeather")
			.setAttribute("gen_ai.operation.name", "execute_tool")
			.setAttribute("braintrust.span_attributes", "{\"type\":\"tool\"}")
			.setAttribute("gen_ai.provider.name", "spring-ai")
			.setAttribute("gen_ai.tool.name", "currentWeather")
			.startSpan()
			.end();
		assertThat(output.getOut()).containsPattern("LLM execute_tool currentWeather \\[spring-ai\\] latency=\\d+ms");
	}

	@Test
	void logsATracedMethodsSpanAsATask(CapturedOutput output) {
		Tracer starter = this.provider.get(LlmSpanAttributes.INSTRUMENTATION_SCOPE);
		starter.spanBuilder("answer")
			.setAttribute("braintrust.span_attributes", "{\"type\":\"task\",\"name\":\"answer\"}")
			.setAttribute("braintrust.input_json", "{\"question\":\"secret question\"}")
			.startSpan()
			.end();
		starter.spanBuilder("lookup")
			.setAttribute("braintrust.span_attributes", "{\"type\":\"function\",\"name\":\"lookup\"}")
			.setAttribute("error.type", "java.lang.IllegalStateException")
			.startSpan()
			.setStatus(StatusCode.ERROR)
			.end();
		this.tracer.spanBuilder("foreign")
			.setAttribute("braintrust.span_attributes", "{\"type\":\"task\",\"name\":\"foreign\"}")
			.startSpan()
			.end();
		assertThat(output.getOut()).containsPattern("TASK answer latency=\\d+ms status=OK trace=[0-9a-f]{32}")
			.containsPattern(
					"TASK lookup type=function latency=\\d+ms status=ERROR error=java.lang.IllegalStateException trace=")
			.doesNotContain("secret question")
			.doesNotContain("foreign");
	}

	@Test
	void namesAnAgentRunByItsAgent(CapturedOutput output) {
		this.tracer.spanBuilder("invoke_agent Assistant.chat")
			.setAttribute("gen_ai.operation.name", "invoke_agent")
			.setAttribute("braintrust.span_attributes", "{\"type\":\"task\",\"name\":\"Assistant.chat\"}")
			.setAttribute("gen_ai.provider.name", "langchain4j")
			.setAttribute("gen_ai.agent.name", "Assistant.chat")
			.startSpan()
			.end();
		assertThat(output.getOut()).containsPattern("LLM invoke_agent Assistant.chat \\[langchain4j\\] latency=\\d+ms");
	}

	@Test
	void namesFromTheRequestOrTheServerCannotForgeALogLine(CapturedOutput output) {
		String forgedLine = "LLM chat forged-model [openai] tokens in=1 out=1 latency=1ms status=OK trace=0";
		this.tracer.spanBuilder("chat forged")
			.setAttribute("gen_ai.operation.name", "chat")
			.setAttribute("braintrust.span_attributes", "{\"type\":\"llm\"}")
			.setAttribute("gen_ai.provider.name", "openai\u2028" + forgedLine)
			.setAttribute("gen_ai.request.model", "gpt-4o\n" + forgedLine)
			.setAttribute("error.type", "rate_limit\r\n" + forgedLine)
			.startSpan()
			.setStatus(StatusCode.ERROR)
			.end();
		assertThat(output.getOut().lines().filter((line) -> line.contains("LLM chat"))).singleElement()
			.satisfies((line) -> assertThat(line).contains("LLM chat gpt-4o\\nLLM chat forged-model")
				.contains("[openai\\u2028LLM chat forged-model")
				.contains("error=rate_limit\\r\\nLLM chat forged-model"));
		assertThat(output.getOut()).doesNotContain("\nLLM chat forged").doesNotContain("\u2028");
	}

	@Test
	void ignoresSpansThatAreNotLlmCalls(CapturedOutput output) {
		this.tracer.spanBuilder("GET /hello").startSpan().end();
		assertThat(output.getOut()).doesNotContain("LLM ");
	}

	@Test
	void ignoresGenAiSpansTheStarterDidNotWrite(CapturedOutput output) {
		// Spring AI's own ChatClient and advisor observations carry gen_ai.operation.name
		// too: they are the
		// parents of the starter's spans, not LLM calls of their own.
		this.tracer.spanBuilder("spring_ai chat_client")
			.setAttribute("gen_ai.operation.name", "framework")
			.startSpan()
			.end();
		assertThat(output.getOut()).doesNotContain("LLM ");
	}

}
