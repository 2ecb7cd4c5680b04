package dev.braintrust.spring.boot.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import dev.braintrust.spring.boot.integration.BraintrustInstrumented;
import dev.braintrust.spring.boot.integration.FakeIntegration;
import dev.braintrust.spring.boot.integration.FakeIntegration.BrokenPatcher;
import dev.braintrust.spring.boot.integration.IntegrationEvent;
import dev.braintrust.spring.boot.integration.IntegrationInfo;
import dev.braintrust.spring.boot.integration.IntegrationPatchingPostProcessor;
import dev.braintrust.spring.boot.integration.IntegrationRegistry;
import dev.braintrust.spring.boot.integration.IntegrationStatus;
import dev.braintrust.spring.boot.integration.PatchedBean;
import dev.braintrust.spring.boot.integration.fakelib.DefaultFakeLlmClient;
import dev.braintrust.spring.boot.integration.fakelib.FakeLibraryMarker;
import dev.braintrust.spring.boot.integration.fakelib.FakeLlmClient;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

class BraintrustAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(BraintrustAutoConfiguration.class))
		.withUserConfiguration(FakeLibraryConfiguration.class);

	@Test
	void contributedIntegrationIsRegisteredAndWrapsItsBeans() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(IntegrationRegistry.class);
			FakeLlmClient client = context.getBean(FakeLlmClient.class);
			assertThat(client).isInstanceOf(BraintrustInstrumented.class);
			assertThat(client.complete("hi")).isEqualTo("default:echo:hi");
			IntegrationInfo info = context.getBean(IntegrationRegistry.class).find("fake").orElseThrow();
			assertThat(info.status()).isEqualTo(IntegrationStatus.ACTIVE);
			assertThat(info.enabledBy()).isEqualTo("default");
			assertThat(info.patchedBeans())
				.containsExactly(new PatchedBean("fakeLlmClient", FakeLlmClient.class.getName()));
		});
	}

	@Test
	void libraryAbsentMeansNotAvailableAndNothingWrapped() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(FakeLibraryMarker.class)).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(FakeLlmClient.class)).isNotInstanceOf(BraintrustInstrumented.class);
			IntegrationInfo info = context.getBean(IntegrationRegistry.class).find("fake").orElseThrow();
			assertThat(info.status()).isEqualTo(IntegrationStatus.NOT_AVAILABLE);
			assertThat(info.available()).isFalse();
			assertThat(info.patchedBeans()).isEmpty();
		});
	}

	@Test
	void integrationDisabledByPropertyWrapsNothingAndSaysWhichPropertyDecided() {
		this.contextRunner.withPropertyValues("braintrust.integrations.fake.enabled=false").run((context) -> {
			assertThat(context.getBean(FakeLlmClient.class)).isNotInstanceOf(BraintrustInstrumented.class);
			IntegrationInfo info = context.getBean(IntegrationRegistry.class).find("fake").orElseThrow();
			assertThat(info.status()).isEqualTo(IntegrationStatus.DISABLED);
			assertThat(info.enabled()).isFalse();
			assertThat(info.enabledBy()).isEqualTo("braintrust.integrations.fake.enabled");
		});
	}

	@Test
	void captureContentInheritsTheGlobalSettingUnlessTheIntegrationOverridesIt() {
		this.contextRunner.withPropertyValues("braintrust.trace.capture-content=false").run((context) -> {
			assertThat(context.getBean(IntegrationRegistry.class).find("fake").orElseThrow().captureContent())
				.isFalse();
		});
		this.contextRunner
			.withPropertyValues("braintrust.trace.capture-content=false",
					"braintrust.integrations.fake.capture-content=true")
			.run((context) -> assertThat(
					context.getBean(IntegrationRegistry.class).find("fake").orElseThrow().captureContent())
				.isTrue());
	}

	@Test
	void masterSwitchOffCreatesNothing() {
		this.contextRunner.withPropertyValues("braintrust.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(IntegrationRegistry.class);
			assertThat(context).doesNotHaveBean(IntegrationPatchingPostProcessor.class);
			assertThat(context.getBean(FakeLlmClient.class)).isNotInstanceOf(BraintrustInstrumented.class);
		});
	}

	@Test
	void failingPatcherDoesNotStopTheApplication() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(BraintrustAutoConfiguration.class))
			.withUserConfiguration(BrokenIntegrationConfiguration.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				FakeLlmClient client = context.getBean(FakeLlmClient.class);
				assertThat(client).isNotInstanceOf(BraintrustInstrumented.class);
				assertThat(client.complete("hi")).isEqualTo("echo:hi");
				IntegrationInfo info = context.getBean(IntegrationRegistry.class).find("broken").orElseThrow();
				assertThat(info.status()).isEqualTo(IntegrationStatus.FAILED);
				assertThat(info.lastError()).contains("fakeLlmClient");
			});
	}

	@Test
	void twoPostProcessorsWrapABeanOnce() {
		this.contextRunner.withUserConfiguration(SecondPostProcessorConfiguration.class).run((context) -> {
			FakeLlmClient client = context.getBean(FakeLlmClient.class);
			assertThat(client.complete("hi")).isEqualTo("default:echo:hi");
			assertThat(context.getBean(IntegrationRegistry.class).find("fake").orElseThrow().patchedBeans()).hasSize(1);
		});
	}

	@Test
	void beanFromParentContextIsNotWrappedAgainByTheChild() {
		this.contextRunner.run((parent) -> {
			FakeLlmClient parentClient = parent.getBean(FakeLlmClient.class);
			assertThat(parentClient).isInstanceOf(BraintrustInstrumented.class);
			new ApplicationContextRunner().withParent(parent)
				.withConfiguration(AutoConfigurations.of(BraintrustAutoConfiguration.class))
				.withUserConfiguration(ChildConfiguration.class)
				.run((child) -> {
					FakeLlmClient childClient = child.getBean("childClient", FakeLlmClient.class);
					assertThat(childClient).isSameAs(parentClient);
					assertThat(childClient.complete("hi")).isEqualTo("default:echo:hi");
				});
		});
	}

	@Test
	void eventsArePublishedForRegistrationAndPatching() {
		this.contextRunner.withUserConfiguration(EventCollectorConfiguration.class).run((context) -> {
			List<IntegrationEvent> events = context.getBean(EventCollector.class).events;
			assertThat(events).anySatisfy((event) -> {
				assertThat(event).isInstanceOf(IntegrationEvent.Registered.class);
				assertThat(event.getIntegrationName()).isEqualTo("fake");
			});
			assertThat(events).anySatisfy((event) -> {
				assertThat(event).isInstanceOf(IntegrationEvent.BeanPatched.class);
				assertThat(((IntegrationEvent.BeanPatched) event).getBean().name()).isEqualTo("fakeLlmClient");
			});
		});
	}

	@Test
	void userRegistryReplacesTheDefaultOne() {
		this.contextRunner.withUserConfiguration(CustomRegistryConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(IntegrationRegistry.class);
			assertThat(context.getBean(IntegrationRegistry.class)).isSameAs(context.getBean("customRegistry"));
			assertThat(context.getBean(IntegrationRegistry.class).find("fake")).isEmpty();
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class FakeLibraryConfiguration {

		@Bean
		FakeIntegration fakeIntegration() {
			return new FakeIntegration();
		}

		@Bean
		FakeLlmClient fakeLlmClient() {
			return new DefaultFakeLlmClient();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class BrokenIntegrationConfiguration {

		@Bean
		FakeIntegration brokenIntegration() {
			return new FakeIntegration("broken", "1.5.0", "[1.0.0,2.0.0)", new BrokenPatcher());
		}

		@Bean
		FakeLlmClient fakeLlmClient() {
			return new DefaultFakeLlmClient();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class SecondPostProcessorConfiguration {

		@Bean
		static IntegrationPatchingPostProcessor secondPostProcessor(ObjectProvider<IntegrationRegistry> registry) {
			return new IntegrationPatchingPostProcessor(registry);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ChildConfiguration {

		@Bean
		FakeIntegration fakeIntegration() {
			return new FakeIntegration();
		}

		@Bean
		FakeLlmClient childClient(FakeLlmClient parentClient) {
			return parentClient;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@Import(EventCollector.class)
	static class EventCollectorConfiguration {

	}

	static class EventCollector implements ApplicationListener<IntegrationEvent> {

		final List<IntegrationEvent> events = new ArrayList<>();

		@Override
		public void onApplicationEvent(IntegrationEvent event) {
			this.events.add(event);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CustomRegistryConfiguration {

		@Bean
		IntegrationRegistry customRegistry(org.springframework.context.ApplicationEventPublisher publisher) {
			return new IntegrationRegistry(List.of(), (name) -> {
				throw new IllegalStateException("no integration expected");
			}, getClass().getClassLoader(), publisher);
		}

	}

}
