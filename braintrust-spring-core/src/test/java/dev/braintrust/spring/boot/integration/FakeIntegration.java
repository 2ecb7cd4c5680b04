package dev.braintrust.spring.boot.integration;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import dev.braintrust.spring.boot.integration.fakelib.FakeCompletions;
import dev.braintrust.spring.boot.integration.fakelib.FakeLibraryMarker;
import dev.braintrust.spring.boot.integration.fakelib.FakeLlmClient;
import org.aopalliance.intercept.MethodInterceptor;
import org.jspecify.annotations.Nullable;

/**
 * A test integration of the fake library, configurable in every aspect the contract has.
 */
public class FakeIntegration implements Integration {

	private final String name;

	private final @Nullable String version;

	private final VersionRange range;

	private final List<Patcher> patchers;

	private int contractVersion = CONTRACT_VERSION;

	public FakeIntegration() {
		this("fake", "1.5.0", "[1.0.0,2.0.0)", new TracingPatcher("default"));
	}

	public FakeIntegration(String name, @Nullable String version, String range, Patcher... patchers) {
		this.name = name;
		this.version = version;
		this.range = VersionRange.parse(range);
		this.patchers = List.of(patchers);
	}

	public FakeIntegration withContractVersion(int contractVersion) {
		this.contractVersion = contractVersion;
		return this;
	}

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public String displayName() {
		return "Fake LLM library";
	}

	@Override
	public String coordinates() {
		return "dev.example:fake-llm";
	}

	@Override
	public List<String> markerClassNames() {
		return List.of(FakeLibraryMarker.class.getName());
	}

	@Override
	public VersionRange supportedVersions() {
		return this.range;
	}

	@Override
	public String testedVersion() {
		return "1.5.0";
	}

	@Override
	public @Nullable String detectLibraryVersion(ClassLoader classLoader) {
		return this.version;
	}

	@Override
	public List<Patcher> patchers() {
		return this.patchers;
	}

	@Override
	public int contractVersion() {
		return this.contractVersion;
	}

	/**
	 * Prefixes results with its tag so tests can tell which patcher handled a call,
	 * counts calls, and wraps the service objects the client returns.
	 */
	public static class TracingPatcher implements Patcher {

		private final String tag;

		private final @Nullable String minVersion;

		public final AtomicInteger interceptorsCreated = new AtomicInteger();

		public final AtomicInteger traced = new AtomicInteger();

		public TracingPatcher(String tag) {
			this(tag, null);
		}

		public TracingPatcher(String tag, @Nullable String minVersion) {
			this.tag = tag;
			this.minVersion = minVersion;
		}

		@Override
		public boolean supports(@Nullable String libraryVersion) {
			return this.minVersion == null
					|| (libraryVersion != null && VersionRange.compare(libraryVersion, this.minVersion) >= 0);
		}

		@Override
		public boolean matches(Object bean, String beanName) {
			return bean instanceof FakeLlmClient;
		}

		@Override
		public Class<?> reportedType(Object bean) {
			return FakeLlmClient.class;
		}

		@Override
		public MethodInterceptor interceptor(PatchContext context) {
			this.interceptorsCreated.incrementAndGet();
			return (invocation) -> {
				String method = invocation.getMethod().getName();
				if (method.equals("complete")) {
					this.traced.incrementAndGet();
					return this.tag + ":" + invocation.proceed();
				}
				if (method.equals("completions")) {
					FakeCompletions completions = (FakeCompletions) invocation.proceed();
					return context.wrap(completions, FakeCompletions.class, (inner) -> {
						this.traced.incrementAndGet();
						return this.tag + ":" + inner.proceed();
					});
				}
				return invocation.proceed();
			};
		}

	}

	/**
	 * A patcher whose interceptor cannot be created.
	 */
	public static class BrokenPatcher implements Patcher {

		@Override
		public boolean matches(Object bean, String beanName) {
			return bean instanceof FakeLlmClient;
		}

		@Override
		public MethodInterceptor interceptor(PatchContext context) {
			throw new IllegalStateException("no such method: FakeLlmClient.completeAsync");
		}

	}

}
