package dev.braintrust.spring.boot.benchmarks;

import java.util.concurrent.TimeUnit;

import dev.braintrust.spring.boot.autoconfigure.BraintrustAutoConfiguration;
import dev.braintrust.spring.boot.autoconfigure.BraintrustTracedAutoConfiguration;
import dev.braintrust.spring.boot.autoconfigure.BraintrustTracingAutoConfiguration;
import dev.braintrust.spring.boot.trace.Traced;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.annotation.Observed;
import io.micrometer.observation.aop.ObservedAspect;
import io.opentelemetry.api.OpenTelemetry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import org.springframework.aop.aspectj.annotation.AspectJProxyFactory;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What a task span costs around a method that does nothing: a bean method called plain,
 * with {@code @Traced} (the starter's advisor in a Spring context, content capture on and
 * off), and with Micrometer's {@code @Observed} ({@link ObservedAspect} on a Spring AOP
 * proxy, its observation turned into a span by Micrometer Tracing's OpenTelemetry
 * bridge). Each writes its spans to its own OpenTelemetry SDK, exported to memory.
 * {@code @Observed} records no arguments or result; {@code @Traced} with content off
 * compares with it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TracedBenchmark {

	private final Order order = new Order("book-42", 3);

	private OrderService plain;

	private OrderService tracedContentOn;

	private OrderService tracedContentOff;

	private OrderService observed;

	private BenchTelemetry[] telemetry;

	private final ConfigurableApplicationContext[] contexts = new ConfigurableApplicationContext[2];

	@Setup(Level.Trial)
	public void setUp() {
		this.plain = new OrderService();
		this.telemetry = BenchTelemetry.several(3);
		this.contexts[0] = start(this.telemetry[0].sdk, true);
		this.contexts[1] = start(this.telemetry[1].sdk, false);
		this.tracedContentOn = this.contexts[0].getBean(OrderService.class);
		this.tracedContentOff = this.contexts[1].getBean(OrderService.class);
		AspectJProxyFactory factory = new AspectJProxyFactory(new OrderService());
		factory.setProxyTargetClass(true);
		ObservationRegistry registry = NativeObservedChatModel.tracingRegistry(this.telemetry[2].sdk);
		factory.addAspect(new ObservedAspect(registry));
		this.observed = factory.getProxy();
		this.tracedContentOn.place(this.order);
		this.tracedContentOff.place(this.order);
		this.observed.place(this.order);
		BenchTelemetry.expectOneSpanEach(this.telemetry);
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		for (ConfigurableApplicationContext context : this.contexts) {
			context.close();
		}
		BenchTelemetry.closeAll(this.telemetry);
	}

	@Benchmark
	public Receipt plain() {
		return this.plain.place(this.order);
	}

	@Benchmark
	public Receipt tracedContentOn() {
		return this.tracedContentOn.place(this.order);
	}

	@Benchmark
	public Receipt tracedContentOff() {
		return this.tracedContentOff.place(this.order);
	}

	@Benchmark
	public Receipt observed() {
		return this.observed.place(this.order);
	}

	private static ConfigurableApplicationContext start(OpenTelemetry openTelemetry, boolean captureContent) {
		return new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.initializers((context) -> context.getBeanFactory().registerSingleton("openTelemetry", openTelemetry))
			.properties("braintrust.trace.capture-content=" + captureContent, "logging.level.root=WARN")
			.run();
	}

	/**
	 * An order, the argument.
	 *
	 * @param item the item
	 * @param quantity the quantity
	 */
	public record Order(String item, int quantity) {
	}

	/**
	 * A receipt, the result.
	 *
	 * @param item the item
	 * @param quantity the quantity
	 * @param total the total
	 */
	public record Receipt(String item, int quantity, double total) {
	}

	/**
	 * The bean: one method that only builds its result, annotated for both aspects.
	 */
	public static class OrderService {

		@Traced("place-order")
		@Observed(name = "place-order")
		public Receipt place(Order order) {
			return new Receipt(order.item(), order.quantity(), 12.5 * order.quantity());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ AopAutoConfiguration.class, BraintrustAutoConfiguration.class,
			BraintrustTracingAutoConfiguration.class, BraintrustTracedAutoConfiguration.class })
	static class App {

		@Bean
		OrderService orderService() {
			return new OrderService();
		}

	}

}
