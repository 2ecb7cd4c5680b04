package dev.braintrust.spring.boot.integration;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import dev.braintrust.spring.boot.autoconfigure.BraintrustAutoConfiguration;
import dev.braintrust.spring.boot.integration.FakeIntegration.TracingPatcher;
import dev.braintrust.spring.boot.integration.fakelib.DefaultFakeLlmClient;
import dev.braintrust.spring.boot.integration.fakelib.FakeLlmClient;
import dev.braintrust.spring.boot.testsupport.BootLine;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.aspectj.lang.ProceedingJoinPoint;
import org.aspectj.lang.annotation.Around;
import org.aspectj.lang.annotation.Aspect;
import org.junit.jupiter.api.Test;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.FactoryBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.CustomScopeConfigurer;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.EnableAspectJAutoProxy;
import org.springframework.context.annotation.Lazy;
import org.springframework.context.annotation.Scope;
import org.springframework.context.annotation.ScopedProxyMode;
import org.springframework.context.support.SimpleThreadScope;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.EnableTransactionManagement;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.validation.annotation.Validated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Beans that the application already proxies (transactions, aspects, method validation,
 * scoped proxies), reached through {@code @Lazy} injection points or made by a
 * {@link FactoryBean}: each is instrumented once, keeps its class and its identity, and
 * keeps doing what the application's own proxy does.
 */
class ApplicationProxiesTests {

	private final TracingPatcher patcher = new TracingPatcher("traced");

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(BraintrustAutoConfiguration.class))
		.withBean(FakeIntegration.class, () -> new FakeIntegration("fake", "1.5.0", "[1.0.0,2.0.0)", this.patcher));

	@Test
	void transactionalClassProxyKeepsItsClassAndItsTransactionsAndIsTracedOnce() {
		this.runner.withUserConfiguration(ClassProxiedTransactions.class).run((context) -> {
			TransactionalClient client = context.getBean(TransactionalClient.class);
			assertThat(AopUtils.isCglibProxy(client)).isTrue();
			assertThat(client).isNotInstanceOf(BraintrustInstrumented.class);
			assertThat(client.complete("hi")).isEqualTo("traced:echo:hi in a transaction");
			assertThat(this.patcher.traced).hasValue(1);
			assertThat(context.getBean(IntegrationRegistry.class).find("fake").orElseThrow().patchedBeans())
				.containsExactly(new PatchedBean("transactionalClient", FakeLlmClient.class.getName(),
						PatchedBean.EXISTING_PROXY));
		});
	}

	@Test
	void transactionalInterfaceProxyIsTracedOnceInItsTransaction() {
		this.runner.withUserConfiguration(InterfaceProxiedTransactions.class).run((context) -> {
			FakeLlmClient client = context.getBean(FakeLlmClient.class);
			assertThat(AopUtils.isJdkDynamicProxy(client)).isTrue();
			assertThat(client.complete("hi")).isEqualTo("traced:echo:hi in a transaction");
			assertThat(this.patcher.traced).hasValue(1);
		});
	}

	@Test
	void aspectOfTheApplicationStillRunsAndTheCallIsTracedOnce() {
		this.runner.withUserConfiguration(Aspects.class).run((context) -> {
			DefaultFakeLlmClient client = context.getBean(DefaultFakeLlmClient.class);
			assertThat(client.complete("hi")).isEqualTo("traced:echo:hi!");
			assertThat(this.patcher.traced).hasValue(1);
			assertThat(context.getBean(ShoutingAspect.class).calls).containsExactly("complete");
		});
	}

	@Test
	void validatedBeanStillValidatesAndIsTracedOnce() {
		this.runner.withConfiguration(AutoConfigurations.of(BootLine.VALIDATION))
			.withUserConfiguration(Validation.class)
			.run((context) -> {
				ValidatedClient client = context.getBean(ValidatedClient.class);
				assertThat(client.complete("hi", 2)).isEqualTo("traced:echo:hi echo:hi");
				assertThatExceptionOfType(ConstraintViolationException.class).isThrownBy(() -> client.complete(" ", 2));
				assertThat(this.patcher.traced).hasValue(1);
			});
	}

	@Test
	void scopedProxyIsInstrumentedOnceAndItsTargetsAreLeftAlone() {
		this.runner.withUserConfiguration(ScopedClients.class).run((context) -> {
			FakeLlmClient client = context.getBean("scopedClient", FakeLlmClient.class);
			assertThat(client.complete("one")).isEqualTo("traced:echo:one");
			assertThat(client.complete("two")).isEqualTo("traced:echo:two");
			assertThat(this.patcher.traced).hasValue(2);
			assertThat(context.getBean(IntegrationRegistry.class).find("fake").orElseThrow().patchedBeans())
				.extracting(PatchedBean::name)
				.containsExactly("scopedClient");
		});
	}

	@Test
	void lazyInjectionPointReachesTheInstrumentedBean() {
		this.runner.withUserConfiguration(LazyConsumers.class).run((context) -> {
			LazyConsumer consumer = context.getBean(LazyConsumer.class);
			assertThat(consumer.client.complete("hi")).isEqualTo("traced:echo:hi");
			assertThat(this.patcher.traced).hasValue(1);
		});
	}

	@Test
	void clientMadeByAFactoryBeanIsInstrumentedOnce() {
		this.runner.withUserConfiguration(FactoryBeans.class).run((context) -> {
			FakeLlmClient client = context.getBean(FakeLlmClient.class);
			assertThat(client.complete("hi")).isEqualTo("traced:echo:hi");
			assertThat(context.getBean(FakeLlmClient.class)).isSameAs(client);
			assertThat(context.getBean("&fakeClientFactory")).isInstanceOf(ClientFactory.class);
			assertThat(this.patcher.traced).hasValue(1);
		});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableTransactionManagement(proxyTargetClass = true)
	static class ClassProxiedTransactions {

		@Bean
		PlatformTransactionManager transactionManager() {
			return new NoResourceTransactionManager();
		}

		@Bean
		TransactionalClient transactionalClient() {
			return new TransactionalClient();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableTransactionManagement(proxyTargetClass = false)
	static class InterfaceProxiedTransactions {

		@Bean
		PlatformTransactionManager transactionManager() {
			return new NoResourceTransactionManager();
		}

		@Bean
		FakeLlmClient transactionalClient() {
			return new TransactionalClient();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAspectJAutoProxy(proxyTargetClass = true)
	static class Aspects {

		@Bean
		ShoutingAspect shoutingAspect() {
			return new ShoutingAspect();
		}

		@Bean
		DefaultFakeLlmClient client() {
			return new DefaultFakeLlmClient();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Validation {

		@Bean
		ValidatedClient validatedClient() {
			return new ValidatedClient();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ScopedClients {

		@Bean
		static CustomScopeConfigurer threadScope() {
			CustomScopeConfigurer configurer = new CustomScopeConfigurer();
			configurer.addScope("thread", new SimpleThreadScope());
			return configurer;
		}

		@Bean
		@Scope(scopeName = "thread", proxyMode = ScopedProxyMode.TARGET_CLASS)
		DefaultFakeLlmClient scopedClient() {
			return new DefaultFakeLlmClient();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class LazyConsumers {

		@Bean
		DefaultFakeLlmClient client() {
			return new DefaultFakeLlmClient();
		}

		@Bean
		LazyConsumer lazyConsumer() {
			return new LazyConsumer();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class FactoryBeans {

		@Bean
		ClientFactory fakeClientFactory() {
			return new ClientFactory();
		}

	}

	static class TransactionalClient extends DefaultFakeLlmClient {

		@Override
		@Transactional
		public String complete(String prompt) {
			String answer = super.complete(prompt);
			return TransactionSynchronizationManager.isActualTransactionActive() ? answer + " in a transaction"
					: answer;
		}

	}

	@Validated
	static class ValidatedClient extends DefaultFakeLlmClient {

		public String complete(@NotBlank String prompt, @Min(1) int times) {
			return String.join(" ", Collections.nCopies(times, super.complete(prompt)));
		}

	}

	@Aspect
	static class ShoutingAspect {

		final List<String> calls = new ArrayList<>();

		@Around("execution(* dev.braintrust.spring.boot.integration.fakelib.DefaultFakeLlmClient.complete(..))")
		Object shout(ProceedingJoinPoint joinPoint) throws Throwable {
			this.calls.add(joinPoint.getSignature().getName());
			return joinPoint.proceed() + "!";
		}

	}

	static class LazyConsumer {

		@Autowired
		@Lazy
		FakeLlmClient client;

	}

	static class ClientFactory implements FactoryBean<FakeLlmClient> {

		@Override
		public FakeLlmClient getObject() {
			return new DefaultFakeLlmClient();
		}

		@Override
		public Class<?> getObjectType() {
			return FakeLlmClient.class;
		}

	}

	/**
	 * Transactions without a resource: enough to see that the application's transaction
	 * interceptor still runs.
	 */
	static class NoResourceTransactionManager extends AbstractPlatformTransactionManager {

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
		}

	}

}
