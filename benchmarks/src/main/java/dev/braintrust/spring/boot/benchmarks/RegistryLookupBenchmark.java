package dev.braintrust.spring.boot.benchmarks;

import java.util.Optional;
import java.util.concurrent.TimeUnit;

import dev.braintrust.spring.boot.integration.IntegrationInfo;
import dev.braintrust.spring.boot.integration.IntegrationRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * Looking an integration up by name in the registry of a running application:
 * {@code find} (a snapshot of its state, what the actuator endpoint reads) and
 * {@code isEnabled} (the flag a proxy reads).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RegistryLookupBenchmark {

	private BenchTelemetry telemetry;

	private ConfigurableApplicationContext context;

	private IntegrationRegistry registry;

	@Setup(Level.Trial)
	public void setUp() {
		this.telemetry = new BenchTelemetry();
		this.context = StarterContext.start(this.telemetry.sdk, true);
		this.registry = this.context.getBean(IntegrationRegistry.class);
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.context.close();
		this.telemetry.close();
	}

	@Benchmark
	public Optional<IntegrationInfo> find() {
		return this.registry.find("openai");
	}

	@Benchmark
	public boolean isEnabled() {
		return this.registry.isEnabled("spring-ai");
	}

}
