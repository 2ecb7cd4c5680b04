package dev.braintrust.spring.boot.integrations.bedrock;

import java.net.URI;
import java.util.Optional;

import dev.braintrust.spring.boot.internal.ServerEndpoint;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.awscore.AwsServiceClientConfiguration;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.SdkServiceClientConfiguration;
import software.amazon.awssdk.regions.Region;

/**
 * Host and port a client sends its calls to ({@code server.address},
 * {@code server.port}): the client's endpoint override, else Bedrock Runtime's regional
 * endpoint.
 */
final class BedrockEndpoint {

	private BedrockEndpoint() {
	}

	/**
	 * The endpoint of a client.
	 * @param client the SDK client
	 * @return the endpoint, or {@code null} when the client does not tell
	 */
	static @Nullable ServerEndpoint of(@Nullable Object client) {
		if (!(client instanceof SdkClient sdkClient)) {
			return null;
		}
		try {
			SdkServiceClientConfiguration configuration = sdkClient.serviceClientConfiguration();
			Optional<URI> override = configuration.endpointOverride();
			if (override.isPresent()) {
				return ServerEndpoint.of(override.get());
			}
			Region region = (configuration instanceof AwsServiceClientConfiguration aws) ? aws.region() : null;
			return (region != null) ? new ServerEndpoint("bedrock-runtime." + region.id() + ".amazonaws.com", 443)
					: null;
		}
		catch (RuntimeException | LinkageError ex) {
			return null;
		}
	}

}
