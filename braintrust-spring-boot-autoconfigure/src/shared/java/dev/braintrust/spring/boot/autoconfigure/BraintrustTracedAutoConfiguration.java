package dev.braintrust.spring.boot.autoconfigure;

import dev.braintrust.spring.boot.trace.BraintrustSpans;
import dev.braintrust.spring.boot.trace.JsonValues;
import dev.braintrust.spring.boot.trace.LazyTracer;
import dev.braintrust.spring.boot.trace.Traced;
import dev.braintrust.spring.boot.trace.TracedMethodInterceptor;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.Advisor;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Role;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of the application's own spans: the advisor that turns methods
 * annotated with {@link Traced} into Braintrust task spans
 * ({@code braintrust.trace.traced.enabled}), and the {@link BraintrustSpans} bean (a
 * no-op one when {@code braintrust.enabled} is false, so that code using it runs either
 * way).
 */
@AutoConfiguration(after = { BraintrustAutoConfiguration.class, BraintrustTracingAutoConfiguration.class },
		afterName = { "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration", // Spring
																									// Boot
																									// 4
				"org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration" }) // Spring
																								// Boot
																								// 3
@Import(TracedJsonConfiguration.class)
public final class BraintrustTracedAutoConfiguration {

	/**
	 * The order of the {@link Traced} advisor: before (outside) the transaction advisor
	 * of {@code @Transactional} (lowest precedence by default), so that a task span
	 * includes the commit and records its failure; after (inside) {@code @Async}, whose
	 * advisor goes first: the span is on the thread that runs the method.
	 */
	public static final int TRACED_ADVISOR_ORDER = Ordered.LOWEST_PRECEDENCE - 1000;

	@Bean
	@ConditionalOnMissingBean
	static BraintrustSpans braintrustSpans(Environment environment, ObjectProvider<JsonValues> values) {
		if (!environment.getProperty("braintrust.enabled", Boolean.class, true)) {
			return BraintrustSpans.noop();
		}
		int maxContentLength = environment.getProperty("braintrust.trace.max-content-length", Integer.class, 65536);
		return new BraintrustSpans(new LazyJsonValues(values), maxContentLength);
	}

	/**
	 * The advisor of {@link Traced} methods, an infrastructure bean as Spring's own
	 * advisors are, so that whichever auto-proxy creator the application has applies it.
	 * It is created early, before most beans: it looks up the tracer and the JSON mapper
	 * on the first traced call.
	 */
	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	@ConditionalOnBooleanProperty(name = { "braintrust.enabled", "braintrust.trace.traced.enabled" },
			matchIfMissing = true)
	static Advisor braintrustTracedAdvisor(ObjectProvider<LazyTracer> tracer, ObjectProvider<JsonValues> values) {
		TracedMethodInterceptor interceptor = new TracedMethodInterceptor(() -> tracer.getObject().get(),
				new LazyJsonValues(values));
		DefaultPointcutAdvisor advisor = new DefaultPointcutAdvisor(TracedMethodInterceptor.pointcut(), interceptor);
		advisor.setOrder(TRACED_ADVISOR_ORDER);
		return advisor;
	}

	/**
	 * The {@link JsonValues} bean, looked up on first use (the advisor is created before
	 * the application's mapper); {@link JsonValues#basic()} without one.
	 */
	static final class LazyJsonValues implements JsonValues {

		private final ObjectProvider<JsonValues> provider;

		private volatile @Nullable JsonValues values;

		LazyJsonValues(ObjectProvider<JsonValues> provider) {
			this.provider = provider;
		}

		@Override
		public @Nullable Object toJson(@Nullable Object value, int maxLength) {
			JsonValues values = this.values;
			if (values == null) {
				values = this.provider.getIfAvailable(JsonValues::basic);
				this.values = values;
			}
			return values.toJson(value, maxLength);
		}

	}

}
