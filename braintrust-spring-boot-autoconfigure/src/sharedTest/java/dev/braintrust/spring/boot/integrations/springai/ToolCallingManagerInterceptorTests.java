package dev.braintrust.spring.boot.integrations.springai;

import java.util.ArrayList;
import java.util.List;

import dev.braintrust.spring.boot.integration.PatchContext;
import dev.braintrust.spring.boot.trace.LazyTracer;
import dev.braintrust.spring.boot.trace.LlmTracer;
import org.aopalliance.intercept.MethodInterceptor;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.tool.ToolCallingChatOptions;
import org.springframework.ai.model.tool.ToolCallingManager;
import org.springframework.ai.model.tool.ToolExecutionResult;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.definition.ToolDefinition;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

import static org.assertj.core.api.Assertions.assertThat;

class ToolCallingManagerInterceptorTests {

	private final LazyTracer tracer = new LazyTracer(
			new StaticListableBeanFactory(java.util.Map.of("tracer", LlmTracer.noop()))
				.getBeanProvider(LlmTracer.class));

	@Test
	void theManagerRunsTracedToolsWhileTheCallersArgumentsAreLeftAlone() {
		ToolCallback weather = new ToolCallback() {

			@Override
			public ToolDefinition getToolDefinition() {
				return ToolDefinition.builder().name("weather").inputSchema("{}").build();
			}

			@Override
			public String call(String toolInput) {
				return "sunny";
			}

		};
		RecordingManager target = new RecordingManager();
		List<@Nullable Object> seenByOuterAdvice = new ArrayList<>();
		ProxyFactory factory = new ProxyFactory(target);
		factory.addAdvice((MethodInterceptor) (invocation) -> {
			Object result = invocation.proceed();
			seenByOuterAdvice.add(invocation.getArguments()[0]);
			return result;
		});
		factory.addAdvice(new ToolCallingManagerInterceptor(this.tracer, new ProxyingPatchContext()));
		ToolCallingManager manager = (ToolCallingManager) factory.getProxy();
		Prompt prompt = new Prompt("What is the weather?",
				ToolCallingChatOptions.builder().toolCallbacks(weather).build());
		ChatResponse response = new ChatResponse(List.of(new Generation(AssistantMessage.builder()
			.content("")
			.toolCalls(List.of(new AssistantMessage.ToolCall("call_1", "function", "weather", "{}")))
			.build())));

		manager.executeToolCalls(prompt, response);

		assertThat(seenByOuterAdvice).containsExactly(prompt);
		assertThat(((ToolCallingChatOptions) prompt.getOptions()).getToolCallbacks()).containsExactly(weather);
		assertThat(target.prompt).isNotSameAs(prompt);
		assertThat(((ToolCallingChatOptions) target.prompt.getOptions()).getToolCallbacks()).singleElement()
			.satisfies((callback) -> {
				assertThat(AopUtils.isAopProxy(callback)).isTrue();
				assertThat(callback.call("{}")).isEqualTo("sunny");
			});
	}

	static final class RecordingManager implements ToolCallingManager {

		Prompt prompt;

		@Override
		public List<ToolDefinition> resolveToolDefinitions(ToolCallingChatOptions chatOptions) {
			return List.of();
		}

		@Override
		public ToolExecutionResult executeToolCalls(Prompt prompt, ChatResponse chatResponse) {
			this.prompt = prompt;
			return ToolExecutionResult.builder().conversationHistory(prompt.getInstructions()).build();
		}

	}

	static final class ProxyingPatchContext implements PatchContext {

		@Override
		public String integrationName() {
			return SpringAiIntegration.NAME;
		}

		@Override
		public @Nullable String libraryVersion() {
			return null;
		}

		@Override
		public boolean isEnabled() {
			return true;
		}

		@Override
		@SuppressWarnings("unchecked")
		public <T> T wrap(T target, Class<T> type, MethodInterceptor interceptor) {
			ProxyFactory factory = new ProxyFactory(target);
			factory.addInterface(type);
			factory.addAdvice(interceptor);
			return (T) factory.getProxy();
		}

	}

}
