package dev.braintrust.spring.boot.integrations.bedrock;

import java.util.function.Function;

import dev.braintrust.spring.boot.trace.AsyncChunkStream;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamOutput;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;

/**
 * The caller's {@link ConverseStreamResponseHandler}, traced as
 * {@link TracedStreamHandler} says.
 */
final class TracedConverseStreamHandler extends TracedStreamHandler<ConverseStreamResponse, ConverseStreamOutput>
		implements ConverseStreamResponseHandler {

	TracedConverseStreamHandler(ConverseStreamResponseHandler delegate,
			Function<Runnable, AsyncChunkStream<ConverseStreamOutput>> stream) {
		super(delegate, stream);
	}

}
