package dev.braintrust.spring.boot.integrations.bedrock;

import java.util.function.Function;

import dev.braintrust.spring.boot.trace.AsyncChunkStream;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelWithResponseStreamResponse;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelWithResponseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.ResponseStream;

/**
 * The caller's {@link InvokeModelWithResponseStreamResponseHandler}, traced as
 * {@link TracedStreamHandler} says.
 */
final class TracedInvokeStreamHandler extends TracedStreamHandler<InvokeModelWithResponseStreamResponse, ResponseStream>
		implements InvokeModelWithResponseStreamResponseHandler {

	TracedInvokeStreamHandler(InvokeModelWithResponseStreamResponseHandler delegate,
			Function<Runnable, AsyncChunkStream<ResponseStream>> stream) {
		super(delegate, stream);
	}

}
