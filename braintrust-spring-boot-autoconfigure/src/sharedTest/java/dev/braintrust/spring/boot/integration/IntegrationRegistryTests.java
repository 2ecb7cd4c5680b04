package dev.braintrust.spring.boot.integration;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.braintrust.spring.boot.integration.FakeIntegration.BrokenPatcher;
import dev.braintrust.spring.boot.integration.FakeIntegration.TracingPatcher;
import dev.braintrust.spring.boot.integration.fakelib.DefaultFakeLlmClient;
import dev.braintrust.spring.boot.integration.fakelib.FakeCompletions;
import dev.braintrust.spring.boot.integration.fakelib.FakeLlmClient;
import dev.braintrust.spring.boot.integration.fakelib.FinalFakeLlmClient;
import org.aopalliance.intercept.MethodInterceptor;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.aop.framework.Advised;
import org.springframework.aop.support.AopUtils;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

@ExtendWith(OutputCaptureExtension.class)
class IntegrationRegistryTests {

	private final List<ApplicationEvent> events = Collections.synchronizedList(new ArrayList<>());

	private IntegrationRegistry registry(Integration... integrations) {
		return new IntegrationRegistry(List.of(integrations), (name) -> IntegrationSettings.DEFAULTS,
				getClass().getClassLoader(), (event) -> this.events.add((ApplicationEvent) event));
	}

	@Test
	void versionInsideRangeIsActiveAndPatched() {
		IntegrationRegistry registry = registry(
				new FakeIntegration("fake", "1.5.0", "[1.0.0,2.0.0)", new TracingPatcher("t")));
		assertThat(registry.find("fake")).get().satisfies((info) -> {
			assertThat(info.status()).isEqualTo(IntegrationStatus.ACTIVE);
			assertThat(info.compatible()).isTrue();
			assertThat(info.library().version()).isEqualTo("1.5.0");
			assertThat(info.library().supportedVersions()).isEqualTo("[1.0.0,2.0.0)");
		});
		assertThat(registry.patch(new DefaultFakeLlmClient(), "client")).isInstanceOf(BraintrustInstrumented.class);
	}

	@Test
	void versionBelowRangeIsIncompatibleAndNothingIsPatched(CapturedOutput output) {
		IntegrationRegistry registry = registry(
				new FakeIntegration("fake", "0.9.0", "[1.0.0,2.0.0)", new TracingPatcher("t")));
		DefaultFakeLlmClient client = new DefaultFakeLlmClient();
		assertThat(registry.patch(client, "client")).isSameAs(client);
		assertThat(registry.find("fake")).get().satisfies((info) -> {
			assertThat(info.status()).isEqualTo(IntegrationStatus.INCOMPATIBLE);
			assertThat(info.compatible()).isFalse();
			assertThat(info.lastError()).contains("0.9.0 is outside the supported versions [1.0.0,2.0.0)");
		});
		assertThat(output).contains("braintrust.integrations.fake.enabled=false");
	}

	@Test
	void versionAboveRangeIsIncompatible() {
		IntegrationRegistry registry = registry(
				new FakeIntegration("fake", "2.0.0", "[1.0.0,2.0.0)", new TracingPatcher("t")));
		DefaultFakeLlmClient client = new DefaultFakeLlmClient();
		assertThat(registry.patch(client, "client")).isSameAs(client);
		assertThat(registry.find("fake").orElseThrow().status()).isEqualTo(IntegrationStatus.INCOMPATIBLE);
	}

	@Test
	void unknownVersionCountsAsCompatibleAndIsReportedUnknown() {
		IntegrationRegistry registry = registry(
				new FakeIntegration("fake", null, "[1.0.0,2.0.0)", new TracingPatcher("t")));
		assertThat(registry.find("fake")).get().satisfies((info) -> {
			assertThat(info.status()).isEqualTo(IntegrationStatus.ACTIVE);
			assertThat(info.compatible()).isTrue();
			assertThat(info.library().version()).isNull();
		});
		assertThat(registry.patch(new DefaultFakeLlmClient(), "client")).isInstanceOf(BraintrustInstrumented.class);
	}

	@Test
	void newerVersionThanTestedIsPatchedAndSaidOnce(CapturedOutput output) {
		IntegrationRegistry registry = registry(
				new FakeIntegration("fake", "1.9.0", "[1.0.0,2.0.0)", new TracingPatcher("t")));
		assertThat(registry.find("fake").orElseThrow().status()).isEqualTo(IntegrationStatus.ACTIVE);
		assertThat(output).contains("dev.example:fake-llm 1.9.0 is newer than 1.5.0");
	}

	@Test
	void firstApplicablePatcherWins() {
		TracingPatcher forNewVersions = new TracingPatcher("v2", "1.6.0");
		TracingPatcher forAnyVersion = new TracingPatcher("v1");
		TracingPatcher neverReached = new TracingPatcher("v0");
		IntegrationRegistry oldLibrary = registry(
				new FakeIntegration("fake", "1.5.0", "[1.0.0,2.0.0)", forNewVersions, forAnyVersion, neverReached));
		FakeLlmClient patched = (FakeLlmClient) oldLibrary.patch(new DefaultFakeLlmClient(), "client");
		assertThat(patched.complete("hi")).isEqualTo("v1:echo:hi");

		IntegrationRegistry newLibrary = registry(
				new FakeIntegration("fake", "1.7.0", "[1.0.0,2.0.0)", forNewVersions, forAnyVersion, neverReached));
		FakeLlmClient patchedNew = (FakeLlmClient) newLibrary.patch(new DefaultFakeLlmClient(), "client");
		assertThat(patchedNew.complete("hi")).isEqualTo("v2:echo:hi");
		assertThat(neverReached.interceptorsCreated).hasValue(0);
	}

	@Test
	void patchingTwiceReturnsTheSameProxyAndNeverWrapsAProxy() {
		IntegrationRegistry registry = registry(new FakeIntegration());
		DefaultFakeLlmClient client = new DefaultFakeLlmClient();
		Object first = registry.patch(client, "client");
		assertThat(registry.patch(client, "client")).isSameAs(first);
		assertThat(registry.patch(first, "client")).isSameAs(first);
		assertThat(((FakeLlmClient) first).complete("x")).isEqualTo("default:echo:x");
		assertThat(registry.find("fake").orElseThrow().patchedBeans())
			.containsExactly(new PatchedBean("client", FakeLlmClient.class.getName()));
	}

	@Test
	void thirtyTwoThreadsPatchingTheSameBeanGetExactlyOneProxy() throws Exception {
		TracingPatcher patcher = new TracingPatcher("t");
		IntegrationRegistry registry = registry(new FakeIntegration("fake", "1.5.0", "[1.0.0,2.0.0)", patcher));
		DefaultFakeLlmClient client = new DefaultFakeLlmClient();
		int threads = 32;
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			List<Future<Object>> results = new ArrayList<>();
			for (int i = 0; i < threads; i++) {
				Callable<Object> task = () -> {
					start.await();
					return registry.patch(client, "client");
				};
				results.add(executor.submit(task));
			}
			start.countDown();
			Set<Object> proxies = Collections.newSetFromMap(new java.util.IdentityHashMap<>());
			for (Future<Object> result : results) {
				proxies.add(result.get(30, TimeUnit.SECONDS));
			}
			assertThat(proxies).hasSize(1);
			assertThat(patcher.interceptorsCreated).hasValue(1);
		}
		finally {
			executor.shutdownNow();
		}
		assertThat(this.events).filteredOn(IntegrationEvent.BeanPatched.class::isInstance).hasSize(1);
	}

	@Test
	void thirtyTwoThreadsPatchingDifferentBeansEachGetTheirOwnProxy() throws Exception {
		IntegrationRegistry registry = registry(new FakeIntegration());
		ExecutorService executor = Executors.newFixedThreadPool(8);
		Set<Object> proxies = ConcurrentHashMap.newKeySet();
		try {
			List<Future<?>> results = new ArrayList<>();
			for (int i = 0; i < 32; i++) {
				String name = "client" + i;
				results.add(executor.submit(() -> proxies.add(registry.patch(new DefaultFakeLlmClient(), name))));
			}
			for (Future<?> result : results) {
				result.get(30, TimeUnit.SECONDS);
			}
		}
		finally {
			executor.shutdownNow();
		}
		assertThat(proxies).hasSize(32).allMatch(BraintrustInstrumented.class::isInstance);
		assertThat(registry.find("fake").orElseThrow().patchedBeans()).hasSize(32);
	}

	@Test
	void inPlacePatcherKeepsTheBeanAndReportsItsTechnique() {
		InPlacePatcher patcher = new InPlacePatcher(null);
		IntegrationRegistry registry = registry(new FakeIntegration("fake", "1.5.0", "[1.0.0,2.0.0)", patcher));
		FinalFakeLlmClient client = new FinalFakeLlmClient();
		assertThat(registry.patch(client, "client")).isSameAs(client);
		assertThat(registry.patch(client, "client")).isSameAs(client);
		assertThat(patcher.installed).hasSize(1);
		assertThat(registry.find("fake")).get().satisfies((info) -> {
			assertThat(info.status()).isEqualTo(IntegrationStatus.ACTIVE);
			assertThat(info.patchedBeans()).containsExactly(
					new PatchedBean("client", FinalFakeLlmClient.class.getName(), InPlacePatcher.TECHNIQUE));
		});
		PatchContext context = patcher.installed.get(0);
		assertThat(context.integrationName()).isEqualTo("fake");
		assertThat(context.capturesContent()).isEqualTo(IntegrationSettings.DEFAULTS.captureContent());
		assertThat(context.isEnabled()).isTrue();
		registry.setEnabled("fake", false);
		assertThat(context.isEnabled()).isFalse();
	}

	@Test
	void inPlacePatcherThatFailsLeavesTheBeanAndMarksTheIntegrationFailedWithTheReason() {
		IntegrationRegistry registry = registry(new FakeIntegration("fake", "1.5.0", "[1.0.0,2.0.0)",
				new InPlacePatcher("the client's transport is not the known one")));
		FinalFakeLlmClient client = new FinalFakeLlmClient();
		assertThat(registry.patch(client, "client")).isSameAs(client);
		assertThat(registry.find("fake")).get().satisfies((info) -> {
			assertThat(info.status()).isEqualTo(IntegrationStatus.FAILED);
			assertThat(info.lastError()).contains("client").contains("the client's transport is not the known one");
			assertThat(info.patchedBeans()).isEmpty();
		});
	}

	/** Instruments beans in place, as a patcher of a final client does, or fails to. */
	static final class InPlacePatcher implements Patcher {

		static final String TECHNIQUE = "transport-hook";

		final List<PatchContext> installed = new ArrayList<>();

		private final @Nullable String failure;

		InPlacePatcher(@Nullable String failure) {
			this.failure = failure;
		}

		@Override
		public boolean matches(Object bean, String beanName) {
			return bean instanceof FinalFakeLlmClient;
		}

		@Override
		public @Nullable String instrumentInPlace(Object bean, PatchContext context) {
			if (this.failure != null) {
				throw new IllegalStateException(this.failure);
			}
			this.installed.add(context);
			return TECHNIQUE;
		}

		@Override
		public MethodInterceptor interceptor(PatchContext context) {
			throw new AssertionError("an in-place patcher makes no proxy");
		}

	}

	@Test
	void failingPatcherLeavesTheBeanAsItWasAndMarksTheIntegrationFailed(CapturedOutput output) {
		IntegrationRegistry registry = registry(
				new FakeIntegration("fake", "1.5.0", "[1.0.0,2.0.0)", new BrokenPatcher()));
		DefaultFakeLlmClient client = new DefaultFakeLlmClient();
		assertThat(registry.patch(client, "client")).isSameAs(client);
		assertThat(registry.find("fake")).get().satisfies((info) -> {
			assertThat(info.status()).isEqualTo(IntegrationStatus.FAILED);
			assertThat(info.lastError()).contains("client").contains("no such method: FakeLlmClient.completeAsync");
			assertThat(info.patchedBeans()).isEmpty();
		});
		assertThat(output.toString().lines().filter((line) -> line.contains("could not instrument bean 'client'")))
			.hasSize(1);
		assertThat(this.events).filteredOn(IntegrationEvent.Failed.class::isInstance)
			.singleElement()
			.satisfies((event) -> assertThat(((IntegrationEvent.Failed) event).getReason()).contains("no such method"));
	}

	@Test
	void beanNamesAndFailureDescriptionsCannotForgeALogLine(CapturedOutput output) {
		Patcher failing = new BrokenPatcher() {

			@Override
			public MethodInterceptor interceptor(PatchContext context) {
				throw new IllegalStateException("bad schema\nWARN forged line from a message");
			}

		};
		IntegrationRegistry registry = registry(new FakeIntegration("fake", "1.5.0", "[1.0.0,2.0.0)", failing));
		registry.patch(new DefaultFakeLlmClient(), "client\rWARN forged line from a bean name");
		assertThat(output.toString().lines().filter((line) -> line.contains("could not instrument bean")))
			.singleElement()
			.satisfies((line) -> assertThat(line).contains("'client\\rWARN forged line from a bean name'")
				.contains("bad schema\\nWARN forged line from a message"));
		assertThat(output.toString().lines()).noneMatch((line) -> line.startsWith("WARN forged"));
	}

	@Test
	void finalClassGetsAnInterfaceProxyAndOtherClassesAClassProxy() {
		IntegrationRegistry registry = registry(new FakeIntegration());
		Object finalProxy = registry.patch(new FinalFakeLlmClient(), "finalClient");
		assertThat(AopUtils.isJdkDynamicProxy(finalProxy)).isTrue();
		assertThat(((FakeLlmClient) finalProxy).complete("a")).isEqualTo("default:final:a");
		Object classProxy = registry.patch(new DefaultFakeLlmClient(), "defaultClient");
		assertThat(AopUtils.isCglibProxy(classProxy)).isTrue();
		assertThat(classProxy).isInstanceOf(DefaultFakeLlmClient.class);
	}

	@Test
	void proxyStaysUnwrappable() throws Exception {
		IntegrationRegistry registry = registry(new FakeIntegration());
		DefaultFakeLlmClient client = new DefaultFakeLlmClient();
		Object proxy = registry.patch(client, "client");
		assertThat(AopUtils.isAopProxy(proxy)).isTrue();
		assertThat(AopUtils.getTargetClass(proxy)).isEqualTo(DefaultFakeLlmClient.class);
		assertThat(((Advised) proxy).getTargetSource().getTarget()).isSameAs(client);
	}

	@Test
	void runtimeToggleMakesProxiesPassThroughAndBack() {
		TracingPatcher patcher = new TracingPatcher("t");
		IntegrationRegistry registry = registry(new FakeIntegration("fake", "1.5.0", "[1.0.0,2.0.0)", patcher));
		FakeLlmClient client = (FakeLlmClient) registry.patch(new DefaultFakeLlmClient(), "client");
		FakeCompletions completions = client.completions();

		assertThat(registry.setEnabled("fake", false)).isEqualTo(IntegrationRegistry.Toggle.UPDATED);
		assertThat(client.complete("a")).isEqualTo("echo:a");
		assertThat(completions.create("a")).isEqualTo("created:a");
		assertThat(client.completions().create("b")).isEqualTo("created:b");
		assertThat(registry.find("fake")).get().satisfies((info) -> {
			assertThat(info.status()).isEqualTo(IntegrationStatus.DISABLED);
			assertThat(info.enabledBy()).isEqualTo("runtime");
		});

		assertThat(registry.setEnabled("fake", true)).isEqualTo(IntegrationRegistry.Toggle.UPDATED);
		assertThat(client.complete("a")).isEqualTo("t:echo:a");
		assertThat(completions.create("a")).isEqualTo("t:created:a");
		assertThat(registry.find("fake").orElseThrow().status()).isEqualTo(IntegrationStatus.ACTIVE);
	}

	@Test
	void integrationDisabledAtStartupWrapsNothingAndNeedsARestartToEnable() {
		IntegrationRegistry registry = new IntegrationRegistry(List.of(new FakeIntegration()),
				(name) -> new IntegrationSettings(false, "braintrust.integrations.fake.enabled", true),
				getClass().getClassLoader(), (event) -> {
				});
		DefaultFakeLlmClient client = new DefaultFakeLlmClient();
		assertThat(registry.patch(client, "client")).isSameAs(client);
		assertThat(registry.find("fake")).get().satisfies((info) -> {
			assertThat(info.status()).isEqualTo(IntegrationStatus.DISABLED);
			assertThat(info.enabledBy()).isEqualTo("braintrust.integrations.fake.enabled");
		});
		assertThat(registry.setEnabled("fake", true)).isEqualTo(IntegrationRegistry.Toggle.RESTART_REQUIRED);
		assertThat(registry.setEnabled("nope", true)).isEqualTo(IntegrationRegistry.Toggle.UNKNOWN);
	}

	@Test
	void integrationRequiringANewerContractIsRefusedWithAClearMessage(CapturedOutput output) {
		IntegrationRegistry registry = registry(new FakeIntegration().withContractVersion(2));
		DefaultFakeLlmClient client = new DefaultFakeLlmClient();
		assertThat(registry.patch(client, "client")).isSameAs(client);
		assertThat(registry.find("fake")).get().satisfies((info) -> {
			assertThat(info.status()).isEqualTo(IntegrationStatus.INCOMPATIBLE);
			assertThat(info.lastError()).contains("requires integration contract version 2")
				.contains("upgrade braintrust-spring-boot-starter");
		});
		assertThat(output).contains("requires integration contract version 2");
	}

	@Test
	void duplicateNamesAreRejected() {
		assertThatIllegalStateException().isThrownBy(() -> registry(new FakeIntegration(), new FakeIntegration()))
			.withMessageContaining("Two integrations are named 'fake'");
	}

	@Test
	void namesMustBeKebabCase() {
		assertThatIllegalStateException()
			.isThrownBy(() -> registry(new FakeIntegration("My_Lib", "1.5.0", "[1.0.0,2.0.0)")))
			.withMessageContaining("'My_Lib'")
			.withMessageContaining("kebab-case");
	}

	@Test
	void countersAndLastErrorAreRecorded() {
		IntegrationRegistry registry = registry(new FakeIntegration());
		registry.recordCall("fake");
		registry.recordCall("fake");
		registry.recordError("fake", "rate_limit: 429 Too Many Requests");
		registry.recordCall("unknown");
		assertThat(registry.find("fake")).get().satisfies((info) -> {
			assertThat(info.calls()).isEqualTo(2);
			assertThat(info.errors()).isEqualTo(1);
			assertThat(info.lastError()).isEqualTo("rate_limit: 429 Too Many Requests");
		});
	}

	@Test
	void registrationPublishesOneEventPerIntegration() {
		registry(new FakeIntegration(), new FakeIntegration("other", "1.0.0", "[1.0.0,)"));
		assertThat(this.events).hasSize(2)
			.allSatisfy((event) -> assertThat(event).isInstanceOf(IntegrationEvent.Registered.class));
		assertThat(this.events).extracting((event) -> ((IntegrationEvent) event).getIntegrationName())
			.containsExactly("fake", "other");
	}

	@Test
	void lookupIsByNameAndListsKeepRegistrationOrder() {
		IntegrationRegistry registry = registry(new FakeIntegration("b-lib", "1.0.0", "[1.0.0,)"),
				new FakeIntegration("a-lib", "1.0.0", "[1.0.0,)"));
		assertThat(registry.all()).extracting(IntegrationInfo::name).containsExactly("b-lib", "a-lib");
		assertThat(registry.find("a-lib")).isPresent();
		assertThat(registry.find("c-lib")).isEmpty();
	}

}
