package dev.braintrust.spring.boot.integrations.langchain4j;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.Map;

import dev.langchain4j.service.AiServiceContext;
import dev.langchain4j.service.tool.ToolExecutor;
import dev.langchain4j.service.tool.ToolService;
import org.jspecify.annotations.Nullable;

/**
 * The one place that reads what LangChain4j keeps private: the tool executors of an
 * AiService built by {@code AiServices}. Its proxy's invocation handler is an inner class
 * of {@code DefaultAiServices}, whose {@code AiServices.context} (an
 * {@link AiServiceContext}) holds the {@code ToolService}, whose public
 * {@code toolExecutors()} is the map the service runs its tools from. Nothing public
 * reaches the tools a service runs ({@code @Tool} beans cannot be proxied: LangChain4j
 * finds their annotations on the bean's own class), so a version that changes this shape
 * leaves the tools untraced and the failure counted ({@code AiServiceToolsTests} fails on
 * it).
 */
final class AiServiceTools {

	private static final String HANDLER_OUTER_CLASS = "dev.langchain4j.service.DefaultAiServices";

	private AiServiceTools() {
	}

	/**
	 * Whether the object is an AiService built by LangChain4j's {@code AiServices}.
	 * @param bean the object
	 * @return whether it is such a service
	 */
	static boolean isAiService(Object bean) {
		if (!Proxy.isProxyClass(bean.getClass())) {
			return false;
		}
		Class<?> handler = Proxy.getInvocationHandler(bean).getClass();
		Class<?> outer = handler.getEnclosingClass();
		return outer != null && outer.getName().equals(HANDLER_OUTER_CLASS);
	}

	/**
	 * The live map of the tool executors of an AiService, by tool name.
	 * @param aiService the service, for which {@link #isAiService} holds
	 * @return the map (mutable: the service reads it on each call), or null when the
	 * service has no tools
	 * @throws ReflectiveOperationException when the service's shape is not the known one
	 */
	static @Nullable Map<String, ToolExecutor> toolExecutors(Object aiService) throws ReflectiveOperationException {
		ToolService tools = toolService(aiService);
		return (tools != null) ? tools.toolExecutors() : null;
	}

	/**
	 * The tool service of an AiService: its tool executors, and the executor it runs them
	 * on when they run concurrently.
	 * @param aiService the service, for which {@link #isAiService} holds
	 * @return the tool service, or null when the service has no tools
	 * @throws ReflectiveOperationException when the service's shape is not the known one
	 */
	static @Nullable ToolService toolService(Object aiService) throws ReflectiveOperationException {
		InvocationHandler handler = Proxy.getInvocationHandler(aiService);
		Object services = field(handler, handler.getClass(), "this$0");
		Object context = field(services, dev.langchain4j.service.AiServices.class, "context");
		if (!(context instanceof AiServiceContext serviceContext)) {
			throw new NoSuchFieldException("AiServices.context");
		}
		return serviceContext.toolService;
	}

	private static Object field(Object target, Class<?> declaring, String name) throws ReflectiveOperationException {
		Field field = declaring.getDeclaredField(name);
		field.setAccessible(true);
		Object value = field.get(target);
		if (value == null) {
			throw new NoSuchFieldException(declaring.getName() + "." + name + " is null");
		}
		return value;
	}

}
