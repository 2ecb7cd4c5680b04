package dev.braintrust.spring.boot.integrations.bedrock;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import dev.braintrust.spring.boot.trace.AsyncChunkStream;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
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

	private final AsyncChunkStream<ConverseStreamOutput> stream;

	// The SDK's subscription, once the caller's subscriber has one.
	private final AtomicReference<@Nullable Subscription> subscription = new AtomicReference<>();

	TracedConverseStreamHandler(ConverseStreamResponseHandler delegate,
			Function<Runnable, AsyncChunkStream<ConverseStreamOutput>> stream) {
		this.delegate = delegate;
		this.stream = stream.apply(this::cancelSubscription);
	}

	@Override
	public void responseReceived(ConverseStreamResponse response) {
		this.delegate.responseReceived(response);
	}

	@Override
	public void onEventStream(SdkPublisher<ConverseStreamOutput> publisher) {
		this.delegate.onEventStream(new TracedPublisher(publisher));
	}

	@Override
	public void exceptionOccurred(Throwable throwable) {
		this.stream.onComplete(Optional.of(throwable), (error) -> this.delegate.exceptionOccurred(throwable));
	}

	@Override
	public void complete() {
		this.stream.onComplete(Optional.empty(), (error) -> this.delegate.complete());
	}

	private void cancelSubscription() {
		Subscription subscription = this.subscription.get();
		if (subscription != null) {
			subscription.cancel();
		}
	}

	private final class TracedPublisher implements SdkPublisher<ConverseStreamOutput> {

		private final SdkPublisher<ConverseStreamOutput> source;

		TracedPublisher(SdkPublisher<ConverseStreamOutput> source) {
			this.source = source;
		}

		@Override
		public void subscribe(Subscriber<? super ConverseStreamOutput> subscriber) {
			this.source.subscribe(new TracedSubscriber(subscriber));
		}

	}

	private final class TracedSubscriber implements Subscriber<ConverseStreamOutput> {

		private final Subscriber<? super ConverseStreamOutput> delegate;

		TracedSubscriber(Subscriber<? super ConverseStreamOutput> delegate) {
			this.delegate = delegate;
		}

		@Override
		public void onSubscribe(Subscription subscription) {
			TracedConverseStreamHandler.this.subscription.set(subscription);
			this.delegate.onSubscribe(new Subscription() {

				@Override
				public void request(long n) {
					subscription.request(n);
				}

				@Override
				public void cancel() {
					TracedConverseStreamHandler.this.stream.close();
				}

			});
		}

		@Override
		public void onNext(ConverseStreamOutput event) {
			TracedConverseStreamHandler.this.stream.onNext(event, this.delegate::onNext);
		}

		@Override
		public void onError(Throwable error) {
			this.delegate.onError(error);
		}

		@Override
		public void onComplete() {
			this.delegate.onComplete();
		}

	}

}
