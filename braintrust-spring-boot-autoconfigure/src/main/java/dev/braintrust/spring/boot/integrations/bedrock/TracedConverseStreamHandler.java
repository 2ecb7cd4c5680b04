package dev.braintrust.spring.boot.integrations.bedrock;

import java.util.Optional;
import java.util.function.Function;

import dev.braintrust.spring.boot.trace.AsyncChunkStream;
import software.amazon.awssdk.core.async.SdkPublisher;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamOutput;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;

/**
 * The caller's {@link ConverseStreamResponseHandler}, with the stream's events and end
 * reported to the call's {@link AsyncChunkStream}: each event is aggregated before the
 * caller's subscriber gets it, the call ends on {@code complete} or
 * {@code exceptionOccurred} before the caller's handler hears of it, and a subscriber
 * that cancels its subscription ends the call as cancelled. Everything else is the
 * caller's handler's, unchanged.
 */
final class TracedConverseStreamHandler implements ConverseStreamResponseHandler {

	private final ConverseStreamResponseHandler delegate;

	private final TracedEventStream<ConverseStreamOutput> events;

	TracedConverseStreamHandler(ConverseStreamResponseHandler delegate,
			Function<Runnable, AsyncChunkStream<ConverseStreamOutput>> stream) {
		this.delegate = delegate;
		this.events = new TracedEventStream<>(stream);
	}

	@Override
	public void responseReceived(ConverseStreamResponse response) {
		this.delegate.responseReceived(response);
	}

	@Override
	public void onEventStream(SdkPublisher<ConverseStreamOutput> publisher) {
		this.delegate.onEventStream(this.events.wrap(publisher));
	}

	@Override
	public void exceptionOccurred(Throwable throwable) {
		this.events.stream().onComplete(Optional.of(throwable), (error) -> this.delegate.exceptionOccurred(throwable));
	}

	@Override
	public void complete() {
		this.events.stream().onComplete(Optional.empty(), (error) -> this.delegate.complete());
	}

}
