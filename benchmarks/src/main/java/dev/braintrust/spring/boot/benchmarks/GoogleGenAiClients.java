package dev.braintrust.spring.boot.benchmarks;

import java.util.Map;
import java.util.function.Consumer;

import com.google.genai.Client;
import dev.braintrust.instrumentation.genai.BraintrustGenAI;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * The four Google GenAI clients the benchmarks compare, each answered from memory by
 * {@link FakeGeminiTransport}: raw, instrumented by the starter in a Spring context with
 * content capture on and off, and wrapped by the Braintrust Java SDK; each instrumented
 * one exports to an OpenTelemetry SDK of its own.
 */
final class GoogleGenAiClients implements AutoCloseable {

	final Client raw = FakeGeminiTransport.client();

	final Client starterContentOn;

	final Client starterContentOff;

	final Client braintrustSdk;

	private final BenchTelemetry[] telemetry = BenchTelemetry.several(3);

	private final ConfigurableApplicationContext[] contexts = new ConfigurableApplicationContext[2];

	GoogleGenAiClients() {
		this.contexts[0] = SdkStarterContext.start(this.telemetry[0].sdk, true, Client.class,
				Map.of("genAiClient", FakeGeminiTransport.client()));
		this.contexts[1] = SdkStarterContext.start(this.telemetry[1].sdk, false, Client.class,
				Map.of("genAiClient", FakeGeminiTransport.client()));
		this.starterContentOn = this.contexts[0].getBean("genAiClient", Client.class);
		this.starterContentOff = this.contexts[1].getBean("genAiClient", Client.class);
		this.braintrustSdk = BraintrustGenAI.wrap(this.telemetry[2].sdk, FakeGeminiTransport.clientBuilder());
	}

	/**
	 * Make one call on each client, and fail unless each instrumented one exported one
	 * span for it.
	 * @param call the call
	 */
	void callEachOnce(Consumer<Client> call) {
		for (Client client : new Client[] { this.raw, this.starterContentOn, this.starterContentOff,
				this.braintrustSdk }) {
			call.accept(client);
		}
		BenchTelemetry.expectOneSpanEach(this.telemetry);
	}

	@Override
	public void close() {
		for (ConfigurableApplicationContext context : this.contexts) {
			context.close();
		}
		BenchTelemetry.closeAll(this.telemetry);
	}

}
