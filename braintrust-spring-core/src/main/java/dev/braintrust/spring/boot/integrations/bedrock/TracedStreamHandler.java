package dev.braintrust.spring.boot.integrations.bedrock;

import java.util.Optional;
import java.util.function.Function;

import dev.braintrust.spring.boot.trace.AsyncChunkStream;
import software.amazon.awssdk.awscore.eventstream.EventStreamResponseHandler;
import software.amazon.awssdk.core.async.SdkPublisher;

/**
 * The caller's handler of a streamed Bedrock call, with the stream's events and end
 * reported to the call's {@link AsyncChunkStream}: each event is aggregated before the
 * caller's subscriber gets it, the call ends on {@code complete} or
 * {@code exceptionOccurred} before the caller's handler hears of it, and a subscriber
 * that cancels its subscription ends the call as cancelled. Everything else is the
 * caller's handler's, unchanged. The SDK takes each operation's own handler interface,
 * which a subclass adds ({@link TracedConverseStreamHandler},
 * {@link TracedInvokeStreamHandler}).
 *
 * @param <R> the response type
 * @param <E> the event type
 */
abstract class TracedStreamHandler<R, E> implements EventStreamResponseHandler<R, E> {

	private final EventStreamResponseHandler<R, E> delegate;

	private final TracedEventStream<E> events;

	TracedStreamHandler(EventStreamResponseHandler<R, E> delegate, Function<Runnable, AsyncChunkStream<E>> stream) {
		this.delegate = delegate;
		this.events = new TracedEventStream<>(stream);
	}

	@Override
	public void responseReceived(R response) {
		this.delegate.responseReceived(response);
	}

	@Override
	public void onEventStream(SdkPublisher<E> publisher) {
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
