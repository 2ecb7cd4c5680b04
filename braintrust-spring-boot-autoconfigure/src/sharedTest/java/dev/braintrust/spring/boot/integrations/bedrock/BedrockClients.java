package dev.braintrust.spring.boot.integrations.bedrock;

import java.net.URI;
import java.time.Duration;

import dev.braintrust.spring.boot.autoconfigure.BraintrustAutoConfiguration;
import dev.braintrust.spring.boot.autoconfigure.BraintrustTracingAutoConfiguration;
import dev.braintrust.spring.boot.autoconfigure.integrations.BedrockAutoConfiguration;
import dev.braintrust.spring.boot.testsupport.MockLlmServer;
import io.opentelemetry.api.OpenTelemetry;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.SdkEventLoopGroup;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * An application with the Bedrock integration and the real AWS SDK clients, blocking over
 * the SDK's default HTTP client and asynchronous over Netty, pointed at a local server
 * (static credentials: the server ignores signatures).
 */
public final class BedrockClients {

	private static final StaticCredentialsProvider CREDENTIALS = StaticCredentialsProvider
		.create(AwsBasicCredentials.create("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"));

	// One event loop group for every test's asynchronous client, which then does not
	// shut one down (two seconds of Netty's quiet period) each time a context closes.
	private static final SdkEventLoopGroup EVENT_LOOPS = SdkEventLoopGroup.builder().numberOfThreads(2).build();

	private BedrockClients() {
	}

	static ApplicationContextRunner contextRunner(MockLlmServer server, OpenTelemetry openTelemetry) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(BraintrustAutoConfiguration.class,
					BraintrustTracingAutoConfiguration.class, BedrockAutoConfiguration.class))
			.withBean(OpenTelemetry.class, () -> openTelemetry)
			.withBean("bedrockClient", BedrockRuntimeClient.class, () -> blockingClient(server))
			.withBean("bedrockAsyncClient", BedrockRuntimeAsyncClient.class, () -> BedrockRuntimeAsyncClient.builder()
				// The local server speaks HTTP/1.1 only.
				.httpClientBuilder(
						NettyNioAsyncHttpClient.builder().protocol(Protocol.HTTP1_1).eventLoopGroup(EVENT_LOOPS))
				.endpointOverride(URI.create(server.baseUrl()))
				.region(Region.US_EAST_1)
				.credentialsProvider(CREDENTIALS)
				.overrideConfiguration(
						(config) -> config.retryPolicy(RetryPolicy.none()).apiCallTimeout(Duration.ofSeconds(10)))
				.build());
	}

	/**
	 * A blocking client of the local server.
	 * @param server the server
	 * @return the client
	 */
	public static BedrockRuntimeClient blockingClient(MockLlmServer server) {
		return BedrockRuntimeClient.builder()
			.endpointOverride(URI.create(server.baseUrl()))
			.region(Region.US_EAST_1)
			.credentialsProvider(CREDENTIALS)
			.overrideConfiguration(
					(config) -> config.retryPolicy(RetryPolicy.none()).apiCallTimeout(Duration.ofSeconds(10)))
			.build();
	}

}
